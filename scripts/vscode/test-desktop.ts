// `npm run test:desktop`: the same extension-host suite (test/integration) in VS Code DESKTOP via
// @vscode/test-electron. It downloads VS Code from Microsoft's update service, so it needs
// internet (the offline dev machines use `npm run test:integration` instead). On Linux CI without
// a display:   xvfb-run -a npm run test:desktop
// Env: PGAI_VSCODE_VERSION (default 'stable'; e.g. '1.98.0' to test the engines minimum).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { INTEGRATION_INDEX, buildAll } from './build';
import { ROOT, errorMessage, formatMs } from './common';

async function main(): Promise<void> {
  const started = Date.now();
  const version = process.env.PGAI_VSCODE_VERSION ?? 'stable';
  let workspace: string | undefined;
  try {
    await buildAll();
    workspace = mkdtempSync(join(tmpdir(), 'pgai-desktop-workspace-'));
    writeFileSync(join(workspace, 'README.txt'), 'Workspace for the PG:AI Sessions desktop tests.\n');
    const code = await runTests({
      version,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: INTEGRATION_INDEX,
      extensionTestsEnv: {
        PGAI_TEST_WORKSPACE: workspace,
        PGAI_EXPECT_UI_KIND: 'desktop',
        PGAI_EXPECT_EXTENSION_PATH: ROOT,
      },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
    console.log(`[desktop] passed in ${formatMs(Date.now() - started)}`);
    process.exitCode = code;
  } catch (err) {
    const text = errorMessage(err);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download|update\.code\.visualstudio\.com/i.test(text)) {
      console.error(
        `[desktop] could not download VS Code ${version} (${text.split('\n')[0]}).\n` +
          '  test:desktop needs internet access to update.code.visualstudio.com. Offline, run the same\n' +
          '  suite in a real VS Code with `npm run test:integration` (code-server web workbench).',
      );
    } else {
      console.error(`[desktop] ${typeof err === 'number' ? `tests failed (exit ${err})` : text}`);
    }
    process.exitCode = 1;
  } finally {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  }
}

void main();
