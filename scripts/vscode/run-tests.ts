// Runs the extension-host mocha suite (out/test/integration/index.js) inside a real VS Code:
// code-server's server + web workbench in headless Chromium. Used by test.ts's integration suite
// (extension loaded from the checkout) and its package suite (extension installed from the .vsix).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type WorkbenchPage, openWorkbenchPage } from './browser';
import { CODE_SERVER_VERSION, errorMessage, formatMs } from './common';
import { ensureInstalled } from './install';
import { type Workbench, startWorkbench } from './workbench';

/** Tags the test run's console lines (see test/integration/index.ts tagConsoleOutput). */
const MARKER = '[pgai-test] ';
const verbose = () => process.env.PGAI_VSCODE_VERBOSE === '1';

export interface ExtensionTestsOptions {
  /** Folder VS Code treats as the development extension. */
  extensionDevelopmentPath: string;
  /** The run() module. */
  extensionTestsPath: string;
  /** Installed extensions (default: empty temp dir). */
  extensionsDir?: string;
  /** Extra env for the server / extension host. */
  env?: Record<string, string>;
  timeoutMs?: number;
  label?: string;
}

/** Returns the exit code the workbench reported (0 = all passed). */
export async function runExtensionTests(options: ExtensionTestsOptions): Promise<number> {
  const label = options.label ?? 'integration';
  const timeoutMs = options.timeoutMs ?? Number(process.env.PGAI_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);
  await ensureInstalled({ needBrowser: true });
  const workspace = mkdtempSync(join(tmpdir(), 'pgai-it-workspace-'));
  writeFileSync(join(workspace, 'README.txt'), 'Workspace for the PG:AI Sessions integration tests.\n');

  const started = Date.now();
  const wb = await startWorkbench({
    workspace,
    env: {
      PGAI_TEST_LOG_MARKER: MARKER,
      PGAI_TEST_WORKSPACE: workspace,
      PGAI_EXPECT_UI_KIND: 'web',
      PGAI_EXPECT_VSCODE_VERSION: CODE_SERVER_VERSION.replace(/^4\./, '1.').replace(/\d+$/, ''),
      ...(options.env ?? {}),
    },
    extensionsDir: options.extensionsDir,
    verbose: process.env.PGAI_VSCODE_VERBOSE === '1',
  });
  console.log(`[${label}] code-server up on ${wb.origin} in ${formatMs(Date.now() - started)}`);

  let page: WorkbenchPage | undefined;
  let timer: NodeJS.Timeout | undefined;
  const workbenchErrors: string[] = [];
  let sawSummary = false;
  try {
    const exitCode = await new Promise<number>((resolveExit, reject) => {
      timer = setTimeout(
        () => reject(new Error(`[${label}] timed out after ${formatMs(timeoutMs)} without the tests finishing (set PGAI_INTEGRATION_TIMEOUT_MS to change)`)),
        timeoutMs,
      );
      let interrupted = false;
      process.once('SIGINT', () => (interrupted = true));
      process.once('SIGTERM', () => (interrupted = true));
      void wb.exited.then(({ code, signal }) =>
        reject(new Error(interrupted ? `[${label}] interrupted` : `[${label}] code-server exited (${signal ?? code}) before the tests finished`)),
      );
      const url = wb.url({
        extensionDevelopmentPath: options.extensionDevelopmentPath,
        extensionTestsPath: options.extensionTestsPath,
      });
      openWorkbenchPage(url, {
        onExit: (code) => resolveExit(code),
        // Every workbench log line arrives here, the extension host's console included.
        onLog: (type, args) => {
          const parts: unknown[] = Array.isArray(args) ? args : [args];
          const tagged = parts.find((a): a is string => typeof a === 'string' && a.startsWith(MARKER));
          if (tagged) {
            const text = tagged.slice(MARKER.length);
            if (/^\d+ passed, \d+ failed$/.test(text)) sawSummary = true;
            process.stdout.write(`${text}\n`);
            return;
          }
          const line = `[workbench ${type}] ${parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
          if (verbose()) console.error(line);
          else if (type === 'error' && !line.includes('open-vsx.org')) workbenchErrors.push(line.slice(0, 2000));
        },
      }).then((p) => {
        page = p;
      }, reject);
    });
    console.log(`[${label}] workbench reported exit code ${exitCode} after ${formatMs(Date.now() - started)}`);
    // Failing tests explain themselves; a run that ended without a summary needs the logs.
    if (exitCode !== 0 && !sawSummary) printDiagnostics(label, wb, workbenchErrors);
    return exitCode;
  } catch (err) {
    console.error(errorMessage(err));
    printDiagnostics(label, wb, workbenchErrors);
    return 1;
  } finally {
    clearTimeout(timer);
    await page?.close();
    await wb.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

function printDiagnostics(label: string, wb: Workbench, workbenchErrors: string[]): void {
  if (workbenchErrors.length > 0) {
    console.error(`[${label}] last workbench errors (all logs: PGAI_VSCODE_VERBOSE=1):\n${workbenchErrors.slice(-8).join('\n')}`);
  }
  console.error(`[${label}] code-server log tail:\n${wb.readLog().split('\n').slice(-25).join('\n')}`);
}
