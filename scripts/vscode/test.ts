// The suites that need a real VS Code, behind `npm run test:integration|test:e2e|test:package|test:desktop`:
//
//   tsx scripts/vscode/test.ts <suite> [args…]
//
//   integration  builds the extension and the extension-host tests (test/integration), then runs
//                them in a real VS Code: code-server 4.139.1 = VS Code 1.139.1, web workbench in
//                headless Chromium.
//   e2e          builds the extension, then runs the Playwright-driven UI suite
//                (test/e2e/**/*.test.ts, mocha + tsx in Node; config test/e2e/.mocharc.json). Each
//                suite starts its own sandbox + code-server + headless Chromium through
//                test/e2e/workbench.ts. Extra args go to mocha, e.g. `npm run test:e2e -- --grep
//                palette` or `npm run test:e2e -- test/e2e/smoke.test.ts` (only that file).
//   package      builds the .vsix, checks it holds exactly the allowed files, installs it into a
//                fresh code-server extensions dir and runs the smoke suite against the INSTALLED
//                copy (`--all`: every integration test).
//   desktop      builds, then runs the same extension-host suite in VS Code DESKTOP with the
//                standard runner, @vscode/test-cli (`vscode-test`, configured by .vscode-test.mjs).
//                It downloads VS Code from Microsoft's update service, so it needs internet
//                (offline, use `integration`). Extra args go to vscode-test, e.g. `--grep tree`.
//                On Linux CI without a display: xvfb-run -a npm run test:desktop
//
// Env: PGAI_TEST_GREP (mocha grep of the extension-host suite), PGAI_SKIP_BUILD=1 (reuse dist/),
//      PGAI_VSCODE_VERBOSE=1 (server + workbench logs), PGAI_INTEGRATION_TIMEOUT_MS and
//      PGAI_E2E_TIMEOUT_MS (overall, default 10 min each), PGAI_VSCODE_VERSION (desktop: default
//      'stable'; e.g. '1.98.0' to test the engines minimum).
import { type SpawnSyncOptions, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { INTEGRATION_INDEX, buildAll, buildExtension, bundleIntegrationTests } from './build';
import { CODE_SERVER_ENTRY, NODE24_BIN, ROOT, errorMessage, formatMs } from './common';
import { ensureInstalled } from './install';
import { runExtensionTests } from './run-tests';
import { VSIX, allowedEntries, zipEntries } from './vsix';

/** Each suite returns its exit code; a thrown error is reported as `[suite] message`, exit 1. */
const SUITES: Record<string, (args: string[]) => Promise<number>> = {
  integration: testIntegration,
  e2e: testE2E,
  package: testPackage,
  desktop: testDesktop,
};

async function testIntegration(): Promise<number> {
  const started = Date.now();
  await ensureInstalled({ needBrowser: true });
  await buildAll();
  const code = await runExtensionTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: INTEGRATION_INDEX,
    env: { PGAI_EXPECT_EXTENSION_PATH: ROOT },
  });
  console.log(`[integration] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
  return code;
}

interface E2EMochaConfig {
  'node-option': string[];
  timeout: number;
  slow: number;
  reporter: string;
}

async function testE2E(extra: string[]): Promise<number> {
  const started = Date.now();
  await ensureInstalled({ needBrowser: true });
  buildExtension();
  const timeoutMs = Number(process.env.PGAI_E2E_TIMEOUT_MS ?? 10 * 60_000);
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
  return new Promise((resolveCode) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      kill('SIGKILL'); // stragglers
      console.log(`[e2e] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
      resolveCode(code ?? (signal ? 1 : 0));
    });
  });
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): void {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Writes a minimal extension to host the tests (VS Code needs a development extension for them). */
function writeProbeExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'pgai-package-probe', publisher: 'pgai-tests', version: '0.0.0', engines: { vscode: '^1.98.0' } }, null, 2),
  );
}

/**
 * VS Code only runs extensionTestsPath together with extensionDevelopmentPath (tests path alone is
 * ignored), so the tests run under a tiny "probe" development extension (its own id, no code) while
 * pgai.pgai-sessions comes from the extensions dir; the smoke test asserts (PGAI_EXPECT_EXTENSION_IN)
 * that the extension it activates lives inside that dir, i.e. it is the installed .vsix copy.
 * PGAI_SKIP_BUILD=1 packages the existing dist/ without rebuilding.
 */
async function testPackage(args: string[]): Promise<number> {
  const started = Date.now();
  await ensureInstalled({ needBrowser: true });

  // 1. The .vsix, exactly as `npm run package` makes it.
  rmSync(VSIX, { force: true });
  if (process.env.PGAI_SKIP_BUILD === '1') {
    console.log('[package] PGAI_SKIP_BUILD=1: packaging the existing dist/');
    run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', VSIX]);
  } else {
    run('npm', ['run', '--silent', 'package']);
  }
  console.log(`[package] ${relative(ROOT, VSIX)}: ${(statSync(VSIX).size / 1024).toFixed(1)} KB`);

  // 2. Exactly the allowed files.
  const entries = zipEntries(VSIX).sort();
  const allowed = allowedEntries();
  console.log(`[package] contents:\n  ${entries.join('\n  ')}`);
  const unexpected = entries.filter((e) => !allowed.has(e));
  const missing = [...allowed].filter((e) => !entries.includes(e));
  if (unexpected.length > 0 || missing.length > 0) {
    throw new Error(
      `the .vsix contents differ from the allowlist (.vscodeignore):` +
        (unexpected.length ? `\n  unexpected: ${unexpected.join(', ')}` : '') +
        (missing.length ? `\n  missing: ${missing.join(', ')}` : ''),
    );
  }
  console.log(`[package] contents OK (${entries.length} entries, all allowed, none missing)`);

  // 3. Install it like a user would, into a fresh extensions dir.
  const tmp = mkdtempSync(join(tmpdir(), 'pgai-package-'));
  try {
    const extensionsDir = join(tmp, 'extensions');
    run(NODE24_BIN, [CODE_SERVER_ENTRY, '--install-extension', VSIX, '--extensions-dir', extensionsDir, '--user-data-dir', join(tmp, 'user-data')], {
      env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'config'), XDG_DATA_HOME: join(tmp, 'data') },
    });
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('pgai.pgai-sessions-'));
    if (installed.length !== 1) throw new Error(`expected one installed pgai.pgai-sessions in ${extensionsDir}, found: ${readdirSync(extensionsDir).join(', ')}`);
    console.log(`[package] installed: ${installed[0]}`);

    // 4. The smoke suite against the installed copy.
    await bundleIntegrationTests();
    const probe = join(tmp, 'probe-extension');
    writeProbeExtension(probe);
    const code = await runExtensionTests({
      label: 'package',
      extensionDevelopmentPath: probe,
      extensionTestsPath: INTEGRATION_INDEX,
      extensionsDir,
      env: {
        PGAI_EXPECT_EXTENSION_IN: extensionsDir,
        ...(args.includes('--all') ? {} : { PGAI_TEST_GREP: 'harness smoke' }),
      },
    });
    console.log(`[package] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
    return code;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The standard runner's CLI; .vscode-test.mjs says what it runs. */
const VSCODE_TEST_CLI = join(ROOT, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs');

/**
 * VS Code desktop is downloaded here first, into the cache `vscode-test` then uses (.vscode-test/),
 * so a machine that cannot reach Microsoft's update service gets one clear message rather than
 * vscode-test's stack trace. `vscode-test` then runs with the same version and the extra args.
 */
async function testDesktop(extra: string[]): Promise<number> {
  const started = Date.now();
  const version = process.env.PGAI_VSCODE_VERSION ?? 'stable';
  await buildAll();
  try {
    await downloadAndUnzipVSCode(version);
  } catch (err) {
    const text = errorMessage(err);
    if (!/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download|update\.code\.visualstudio\.com/i.test(text)) throw err;
    console.error(
      `[desktop] could not download VS Code ${version} (${text.split('\n')[0]}).\n` +
        '  test:desktop needs internet access to update.code.visualstudio.com. Offline, run the same\n' +
        '  suite in a real VS Code with `npm run test:integration` (code-server web workbench).',
    );
    return 1;
  }
  const code = await new Promise<number>((resolveCode, reject) => {
    const child = spawn(process.execPath, [VSCODE_TEST_CLI, '--code-version', version, ...extra], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (exit, signal) => resolveCode(exit ?? (signal ? 1 : 0)));
  });
  console.log(`[desktop] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
  return code;
}

if (require.main === module) {
  const [name = '', ...args] = process.argv.slice(2);
  const suite = Object.hasOwn(SUITES, name) ? SUITES[name] : undefined;
  if (!suite) {
    console.error(`Usage: tsx scripts/vscode/test.ts ${Object.keys(SUITES).join('|')} [args…]`);
    process.exit(2);
  }
  suite(args).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[${name}] ${errorMessage(err)}`);
      process.exit(1);
    },
  );
}
