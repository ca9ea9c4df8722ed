// Child processes the benchmarks start (and always stop): the sandbox server, tsx scripts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './build';

export interface RemoteSandbox {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Node args that run a TypeScript file through tsx. */
export function tsxArgs(file: string, extra: readonly string[] = []): string[] {
  return [...extra, '--import', 'tsx', file];
}

/** Starts the sandbox in a child process and waits for its address. */
export async function startRemoteSandbox(): Promise<RemoteSandbox> {
  const child: ChildProcess = spawn(process.execPath, tsxArgs(join(ROOT, 'bench', 'children', 'sandbox.ts')), {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`sandbox process exited early (${code})`)));
  });
  const { baseUrl, apiKey } = JSON.parse(first) as { baseUrl: string; apiKey: string };
  return {
    baseUrl,
    apiKey,
    pid: child.pid as number,
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
