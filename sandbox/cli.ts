// `npm run sandbox`: runs the PG:AI sandbox on 127.0.0.1:4010 until Ctrl+C / SIGTERM.
import { startSandbox } from './server';
import { ENVELOPE_KINDS, type EnvelopeKind, type LifeState, type SandboxOptions } from './types';

export const USAGE = `Usage: npm run sandbox -- [options]
  --port N          port (default 4010; 0 = any free port)
  --host H          host (default 127.0.0.1)
  --key K           API key to accept (default pgai-sandbox-key)
  --rate-limit N    requests per minute per key (default 60; 0 = off)
  --envelope KIND   list envelope: ${ENVELOPE_KINDS.join(', ')} (default items)
  --latency MS      delay added to every API response (default 0)
  --data-file PATH  JSON file where created sessions are kept between runs
  --seed N          data seed (default 42)
  --sessions N      number of seeded sessions (default 520)
  --life            sessions in progress move on over time: queued, running, waiting_for_input,
                    then completed or failed (a step takes about 45 s to 2.5 min)
  --life-speed X    with --life (implies it): the clock drives the life X times as fast (default 1;
                    0 = only POST /__sandbox/life/advance or /step move it)

Each session also has a web page: http://HOST:PORT/app/sessions/{id} (no key needed).`;

/** A bad command line; main() prints it with the usage. */
export class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function nonNegative(flag: string, raw: string | undefined): number {
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw)) fail(`${flag} needs a number >= 0`);
  return Number(raw);
}

function int(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min) fail(`${flag} needs an integer >= ${min}`);
  return Number(raw);
}

/** Options for startSandbox, or 'help' for --help. Throws UsageError on a bad command line. */
export function parseArgs(argv: readonly string[]): SandboxOptions | 'help' {
  const options: SandboxOptions = { port: 4010 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const takeValue = (): string => {
      if (value === undefined) fail(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--port':
        options.port = int(flag, takeValue(), 0);
        break;
      case '--host':
        options.host = takeValue();
        break;
      case '--key':
        options.apiKey = takeValue();
        break;
      case '--rate-limit': {
        const n = int(flag, takeValue(), 0);
        options.rateLimit = n === 0 ? false : { limit: n, windowMs: 60_000 };
        break;
      }
      case '--envelope': {
        const kind = takeValue();
        if (!(ENVELOPE_KINDS as readonly string[]).includes(kind)) fail(`Unknown envelope ${kind}`);
        options.envelope = kind as EnvelopeKind;
        break;
      }
      case '--latency':
        options.latencyMs = int(flag, takeValue(), 0);
        break;
      case '--data-file':
        options.dataFile = takeValue();
        break;
      case '--seed':
        options.seed = int(flag, takeValue(), 0);
        break;
      case '--sessions':
        options.sessionCount = int(flag, takeValue(), 0);
        break;
      case '--life':
        if (options.life === undefined) options.life = true;
        break;
      case '--life-speed':
        options.life = { speed: nonNegative(flag, takeValue()) };
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        fail(`Unknown option ${flag}`);
    }
  }
  return options;
}

function lifeLine(state: LifeState): string {
  if (!state.enabled) return 'off (--life turns it on)';
  const speed = state.speed === 0 ? 'driven only by POST /__sandbox/life/advance' : `speed ${state.speed}`;
  return `on, ${speed}; ${state.pending.length} sessions in progress`;
}

async function main(): Promise<void> {
  let options: SandboxOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const sandbox = await startSandbox(options);
  // This is a local sandbox key for a local server, printed so the developer can paste it.
  console.log(`PG:AI sandbox listening
  Base URL: ${sandbox.baseUrl}
  API key:  ${sandbox.apiKey}
  Try:      curl -H 'x-api-key: ${sandbox.apiKey}' '${sandbox.baseUrl}/agent/sessions?per_page=2'
  App page: ${sandbox.appUrlTemplate}
  Life:     ${lifeLine(sandbox.lifeState())}
Press Ctrl+C to stop.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => {
      console.log('PG:AI sandbox stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`PG:AI sandbox failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
