// `npm run test:e2e`: builds the extension, then runs the Playwright-driven UI suite
// (test/e2e/**/*.test.ts, mocha + tsx in Node; config test/e2e/.mocharc.json). Each suite starts
// its own sandbox + code-server + headless Chromium through test/e2e/workbench.ts.
// Extra args go to mocha, e.g. `npm run test:e2e -- --grep palette` or
// `npm run test:e2e -- test/e2e/smoke.test.ts` (only that file).
// Env: PGAI_E2E_TIMEOUT_MS (overall, default 10 min), PGAI_SKIP_BUILD=1, PGAI_VSCODE_VERBOSE=1.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from './build';
import { ROOT, errorMessage, formatMs } from './common';
import { ensureInstalled } from './install';

interface E2EMochaConfig {
  'node-option': string[];
  timeout: number;
  slow: number;
  reporter: string;
}

async function main(): Promise<void> {
  const started = Date.now();
  try {
    await ensureInstalled({ needBrowser: true });
    buildExtension();
  } catch (err) {
    console.error(`[e2e] ${errorMessage(err)}`);
    process.exit(1);
  }
  const timeoutMs = Number(process.env.PGAI_E2E_TIMEOUT_MS ?? 10 * 60_000);
  const extra = process.argv.slice(2);
  // mocha adds CLI spec files to the config's spec list; to run only the files named on the
  // command line, pass the config's other options as flags instead of --config.
  const files = extra.filter((a) => a.endsWith('.ts'));
  let mochaArgs = ['--config', 'test/e2e/.mocharc.json', ...extra];
  if (files.length > 0) {
    const config = JSON.parse(readFileSync(join(ROOT, 'test/e2e/.mocharc.json'), 'utf8')) as E2EMochaConfig;
    mochaArgs = [
      '--no-config',
      ...config['node-option'].flatMap((o) => ['--node-option', o]),
      '--timeout', String(config.timeout),
      '--slow', String(config.slow),
      '--reporter', config.reporter,
      ...extra,
    ];
  }
  const child = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', ...mochaArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    detached: true, // own group: a timeout kills mocha and every server/browser it started
  });
  const kill = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      // gone
    }
  };
  const timer = setTimeout(() => {
    console.error(`[e2e] timed out after ${formatMs(timeoutMs)}; killing the run`);
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), 3000).unref();
  }, timeoutMs);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => kill(sig));
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    kill('SIGKILL'); // stragglers
    console.log(`[e2e] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

void main();
