// The sandbox in its own process (so the client under test has a core to itself), for the
// client benchmark. Prints {"baseUrl","apiKey"} on one line; exits when stdin closes.
import { startSandbox } from '../../sandbox/server';

async function main(): Promise<void> {
  const rateLimit = process.argv.includes('--rate-limit') ? { limit: 60, windowMs: 60_000 } : false;
  const sandbox = await startSandbox({ port: 0, rateLimit, latencyMs: 0 });
  process.stdout.write(JSON.stringify({ baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey }) + '\n');
  const stop = () => {
    void sandbox.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

void main();
