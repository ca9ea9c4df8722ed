// `npm run start:desktop`: like `npm start`, but in a desktop VS Code (`code` on PATH, or
// $CODE_BIN). Uses a throw-away --user-data-dir so your own settings, keys and extensions are
// untouched; waits until the window is closed (or Ctrl+C), then stops the sandbox.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startSandbox } from '../sandbox/server';
import { buildExtension } from './vscode/build';
import { CACHE_ROOT, ROOT, errorMessage, freePort } from './vscode/common';

function findCode(): string | undefined {
  if (process.env.CODE_BIN) return process.env.CODE_BIN;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['code', 'code-insiders', 'codium']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const code = findCode();
  if (!code) {
    throw new Error(
      'No desktop VS Code found: put `code` on PATH (VS Code: "Shell Command: Install \'code\' command in PATH") ' +
        'or set CODE_BIN. Without a desktop VS Code, `npm start` runs the extension in a browser workbench.',
    );
  }
  buildExtension();
  const sandbox = await startSandbox({ port: await freePort(4010), dataFile: join(CACHE_ROOT, 'demo-sandbox-sessions.json') });
  const workspace = join(CACHE_ROOT, 'demo-workspace');
  mkdirSync(workspace, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'pgai-desktop-user-'));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'pgai.apiBaseUrl': sandbox.baseUrl }, null, 2));
  console.log(`Sandbox API ${sandbox.baseUrl}; opening ${workspace} in ${code} (close the window or Ctrl+C to stop).`);
  const child = spawn(
    code,
    ['--new-window', '--wait', `--user-data-dir=${userDataDir}`, `--extensionDevelopmentPath=${ROOT}`, '--disable-workspace-trust', workspace],
    { stdio: 'inherit', env: { ...process.env, PGAI_SEED_API_KEY: sandbox.apiKey, PGAI_SEED_API_ORIGIN: sandbox.origin } },
  );
  const stop = async () => {
    child.kill();
    await sandbox.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  await new Promise((resolve) => child.on('close', resolve));
  await stop();
}

main().catch((err: unknown) => {
  console.error(`[start:desktop] ${errorMessage(err)}`);
  process.exit(1);
});
