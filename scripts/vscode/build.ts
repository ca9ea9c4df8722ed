// Build steps shared by the integration (web) and desktop runners.
//
// Usage: tsx scripts/vscode/build.ts   (the extension and the extension-host tests, as the
// runners build them; what `npx vscode-test` needs before it runs .vscode-test.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, errorMessage } from './common';

const INTEGRATION_SRC = join(ROOT, 'test', 'integration');
const INTEGRATION_OUT = join(ROOT, 'out', 'test', 'integration');
/** The `run()` module the web runner hands to VS Code as extensionTestsPath. */
export const INTEGRATION_INDEX = join(INTEGRATION_OUT, 'index.js');

function listTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found.sort();
}

/** `npm run build` (or `build:prod`), inheriting stdio; throws on failure. */
export function buildExtension({ production = false } = {}): void {
  if (process.env.PGAI_SKIP_BUILD === '1') {
    console.log('[build] PGAI_SKIP_BUILD=1: using the existing dist/');
  } else {
    runBuildScript(production);
  }
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) throw new Error('no dist/extension.js (build the extension first)');
}

function runBuildScript(production: boolean): void {
  const script = production ? 'build:prod' : 'build';
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (exit ${result.status ?? result.signal})`);
}

/**
 * Bundles test/integration: index.ts, suite.ts and each *.test.ts as its own entry point, into
 * out/test/integration/. `vscode` and `mocha` stay external (the host provides vscode; mocha is
 * required from node_modules so every test file shares one mocha instance).
 */
export async function bundleIntegrationTests(): Promise<string[]> {
  const tests = listTests(INTEGRATION_SRC);
  if (tests.length === 0) throw new Error(`no *.test.ts files under ${relative(ROOT, INTEGRATION_SRC)}`);
  rmSync(INTEGRATION_OUT, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(INTEGRATION_SRC, 'index.ts'), join(INTEGRATION_SRC, 'suite.ts'), ...tests],
    outbase: INTEGRATION_SRC,
    outdir: INTEGRATION_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
  });
  return tests.map((t) => relative(ROOT, t));
}

/** Everything a runner needs before launching VS Code. */
export async function buildAll({ production = false } = {}): Promise<string[]> {
  const started = Date.now();
  buildExtension({ production });
  const tests = await bundleIntegrationTests();
  console.log(`[build] extension + ${tests.length} integration test file(s) built in ${Date.now() - started} ms`);
  return tests;
}

if (require.main === module) {
  buildAll().catch((err: unknown) => {
    console.error(`[build] ${errorMessage(err)}`);
    process.exit(1);
  });
}
