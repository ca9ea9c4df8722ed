// `npm start`: the extension in a real VS Code against the local sandbox, for trying it by hand.
// Builds, starts the sandbox (port 4010 if free), starts code-server with the extension loaded
// from this checkout, pre-stores the sandbox key (PGAI_SEED_API_KEY / PGAI_SEED_API_ORIGIN, read
// by the extension on activation) and prints the URL to open. Ctrl+C stops everything.
//   --check   open the URL in headless Chromium, screenshot to test-results/screenshots/start.png,
//             then stop (a non-interactive proof that it comes up).
//   --port N  code-server port (default 8090 if free, else any).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/server';

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  // The launch scripts are ES modules; this file is CommonJS (tsx), so import them dynamically.
  const { buildExtension } = await import('./vscode/build.mjs');
  const { CACHE_ROOT, CODE_SERVER_VERSION, ROOT, formatMs, freePort } = await import('./vscode/common.mjs');
  const { ensureInstalled } = await import('./vscode/install.mjs');
  const { startWorkbench } = await import('./vscode/workbench.mjs');
  const DEMO_WORKSPACE = join(CACHE_ROOT, 'demo-workspace');
  const started = Date.now();
  const check = process.argv.includes('--check');
  buildExtension();
  await ensureInstalled({ needBrowser: check });

  const sandbox = await startSandbox({
    port: await freePort(4010),
    dataFile: join(CACHE_ROOT, 'demo-sandbox-sessions.json'),
  });
  mkdirSync(DEMO_WORKSPACE, { recursive: true });
  writeFileSync(join(DEMO_WORKSPACE, 'README.md'), '# PG:AI Sessions demo workspace\n\nOpen the PG:AI view in the activity bar.\n');

  const wb = await startWorkbench({
    workspace: DEMO_WORKSPACE,
    port: Number(argValue('--port') ?? 8090),
    userSettings: { 'pgai.apiBaseUrl': sandbox.baseUrl },
    env: { PGAI_SEED_API_KEY: sandbox.apiKey, PGAI_SEED_API_ORIGIN: sandbox.origin },
    verbose: process.env.PGAI_VSCODE_VERBOSE === '1',
  });
  const url = wb.url({ extensionDevelopmentPath: ROOT });
  const stop = async () => {
    await wb.stop();
    await sandbox.close();
  };

  console.log(`
PG:AI Sessions is running in VS Code ${CODE_SERVER_VERSION.replace(/^4\./, '1.')} (code-server), ready in ${formatMs(Date.now() - started)}.
  Sandbox API : ${sandbox.baseUrl}   (key pre-stored for ${sandbox.origin})
  Workspace   : ${DEMO_WORKSPACE}
  Open        : ${url}

Ctrl+C stops everything.`);

  if (check) {
    const { openWorkbenchPage } = await import('./vscode/browser.mjs');
    const browser = await openWorkbenchPage(url);
    try {
      await browser.page.locator('.part.activitybar a.action-label[aria-label="PG:AI"]').waitFor({ state: 'visible', timeout: 60_000 });
      await browser.page.locator('.part.activitybar a.action-label[aria-label="PG:AI"]').click();
      await browser.page.waitForTimeout(3000);
      const dir = join(ROOT, 'test-results', 'screenshots');
      mkdirSync(dir, { recursive: true });
      await browser.page.screenshot({ path: join(dir, 'start.png') });
      console.log(`[start --check] workbench loaded; screenshot: test-results/screenshots/start.png (${formatMs(Date.now() - started)} total)`);
    } finally {
      await browser.close();
      await stop();
    }
    return;
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await wb.exited;
  await sandbox.close();
}

main().catch((err: unknown) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
