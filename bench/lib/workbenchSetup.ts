// Starts a real VS Code (code-server web workbench in headless Chromium, via the project's
// harness) with the extension loaded from a given folder (the bench's production build), a
// workspace of `folders` folders × `files` files, and an in-process sandbox with no added latency.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../sandbox/server';
import type { E2EWorkbench } from '../../test/e2e/workbench';

export interface BenchWorkbenchOptions {
  readonly extensionPath: string;
  readonly folders: number;
  readonly files: number;
  readonly settings?: Record<string, unknown>;
}

export const folderName = (i: number) => `folder-${String(i + 1).padStart(2, '0')}`;

export async function launchBenchWorkbench(options: BenchWorkbenchOptions): Promise<E2EWorkbench> {
  // ES modules (the harness's scripts), and the e2e helpers that import them: loaded on demand.
  const { openWorkbenchPage } = await import('../../scripts/vscode/browser.mjs');
  const { startWorkbench } = await import('../../scripts/vscode/workbench.mjs');
  const { E2EWorkbench } = await import('../../test/e2e/workbench.js');
  const sandbox = await startSandbox({ port: 0, rateLimit: false, latencyMs: 0 });
  const workspace = mkdtempSync(join(tmpdir(), 'pgai-bench-workspace-'));
  for (let f = 0; f < options.folders; f++) {
    const dir = join(workspace, folderName(f));
    mkdirSync(dir);
    for (let i = 0; i < options.files; i++) writeFileSync(join(dir, `file-${String(i + 1).padStart(2, '0')}.txt`), `file ${i + 1}\n`);
  }
  let server: Awaited<ReturnType<typeof startWorkbench>> | undefined;
  let browser: Awaited<ReturnType<typeof openWorkbenchPage>> | undefined;
  const logs: string[] = [];
  try {
    server = await startWorkbench({
      workspace,
      userSettings: { 'pgai.apiBaseUrl': sandbox.baseUrl, ...options.settings },
      env: { PGAI_SEED_API_KEY: sandbox.apiKey, PGAI_SEED_API_ORIGIN: sandbox.origin },
      verbose: process.env.PGAI_VSCODE_VERBOSE === '1',
    });
    browser = await openWorkbenchPage(server.url({ extensionDevelopmentPath: options.extensionPath }), {
      viewport: { width: 1400, height: 1400 },
      onLog: (type, args) => {
        logs.push(`[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
        if (logs.length > 2000) logs.shift();
      },
    });
    const wb = new E2EWorkbench(browser, server, sandbox, workspace, logs);
    await wb.waitUntilReady(120_000);
    return wb;
  } catch (err) {
    await browser?.close();
    await server?.stop();
    await sandbox.close();
    rmSync(workspace, { recursive: true, force: true });
    throw err;
  }
}
