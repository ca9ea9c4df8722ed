// Starts a real VS Code (code-server's server + web workbench) for tests, e2e and `npm start`.
//
//   const wb = await startWorkbench({ workspace, userSettings, env });
//   wb.url({ extensionDevelopmentPath: ROOT, extensionTestsPath })   // what to open in a browser
//   await wb.stop();
//
// The server runs in its own process group with a temp user-data-dir and extensions-dir (unless
// given), and is killed with its whole group on stop(), process exit, Ctrl+C or SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanChildEnv } from './childEnv';
import { CODE_SERVER_ENTRY, NODE24_BIN, freePort } from './common';
import { ensureInstalled } from './install';

/** No gallery lookups (offline), no welcome page, no AI side panels. */
const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
};

export interface WorkbenchOptions {
  /** Folder to open (created if missing). */
  workspace: string;
  /** Written to <user-data-dir>/User/settings.json before start (over DEFAULT_SETTINGS). */
  userSettings?: Record<string, unknown>;
  /** Extra env for the server; the extension host inherits it. */
  env?: Record<string, string>;
  /** Preferred port (falls back to any free one). */
  port?: number;
  /** Default: a fresh temp dir. */
  extensionsDir?: string;
  /** Stream code-server's output to stderr. */
  verbose?: boolean;
  /** Default 60 s. */
  startTimeoutMs?: number;
  /** Keep the temp user-data/extensions dirs after stop(). */
  keepTemp?: boolean;
}

interface WorkbenchUrlParts {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** Default: the workspace. */
  folder?: string;
}

export interface Workbench {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** 127.0.0.1:PORT */
  readonly host: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** vscode-remote://127.0.0.1:PORT/abs/path */
  remoteUri(path: string): string;
  /** http://127.0.0.1:PORT/?folder=…&payload=… */
  url(parts?: WorkbenchUrlParts): string;
  /** The last 200 lines of code-server's output. */
  readLog(): string;
  killGroup(signal: NodeJS.Signals): void;
  /** Kills the server's whole process group and removes its temp dirs. */
  stop(): Promise<void>;
}

const live = new Set<Workbench>();
let handlersInstalled = false;

/** Kills every live workbench's process group synchronously (safe inside 'exit'). */
function killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const wb of live) wb.killGroup(signal);
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => killAll('SIGKILL'));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll('SIGTERM');
      setTimeout(() => {
        killAll('SIGKILL');
        process.exit(sig === 'SIGINT' ? 130 : 143);
      }, 300).unref();
    });
  }
}

/** The environment for the server: ours + extra, minus anything that would confuse VS Code. */
function serverEnv(extra: Record<string, string>, configHome: string): Record<string, string> {
  const env = cleanChildEnv(process.env);
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  // code-server writes ~/.config/code-server/config.yaml; keep it out of the user's home.
  env.XDG_CONFIG_HOME = configHome;
  env.XDG_DATA_HOME = join(configHome, 'data');
  return { ...env, ...extra };
}

async function waitUntilAnswering(origin: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.signalCode ?? child.exitCode}). Log:\n${readTail(logFile)}`);
    }
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs / 1000} s. Log:\n${readTail(logFile)}`);
}

function readTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  await ensureInstalled();
  installExitHandlers();
  const workspace = resolve(options.workspace);
  mkdirSync(workspace, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'pgai-vscode-'));
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = options.extensionsDir ? resolve(options.extensionsDir) : join(tmp, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Quiet, offline-friendly defaults; the caller's settings win.
  const settings = { ...DEFAULT_SETTINGS, ...(options.userSettings ?? {}) };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  const port = await freePort(options.port ?? 0);
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const logFile = join(tmp, 'code-server.log');
  const log = createWriteStream(logFile);

  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', host,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
    workspace,
  ];
  const child = spawn(NODE24_BIN, args, {
    cwd: tmp,
    // The extension-host tests read the extension's log file, which VS Code writes under here.
    env: serverEnv({ ...options.env, PGAI_WORKBENCH_USER_DATA_DIR: userDataDir }, join(tmp, 'config')),
    detached: true, // own process group, so stop() takes the extension host and watchers with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    if (options.verbose) stream.on('data', (d: Buffer) => process.stderr.write(`[code-server] ${d.toString()}`));
  }

  let stopped = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('close', (code, signal) => r({ code, signal })),
  );
  const remoteUri = (path: string) => `vscode-remote://${host}${resolve(path)}`;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const wb: Workbench = {
    port,
    origin,
    host,
    workspace,
    userDataDir,
    extensionsDir,
    logFile,
    process: child,
    exited,
    /** Converts a local absolute path into the URI form the remote workbench needs. */
    remoteUri,
    /**
     * The URL to open. `payload` is honoured only because the server runs with
     * enable-smoke-test-driver; the vscode-remote authority must equal the page's host:port.
     */
    url(p = {}) {
      const payload: Array<[string, string]> = [];
      if (p.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(p.extensionDevelopmentPath)]);
      if (p.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(p.extensionTestsPath)]);
      const query = new URLSearchParams({ folder: resolve(p.folder ?? workspace) });
      if (payload.length > 0) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    readLog() {
      return readTail(logFile, 200);
    },
    killGroup,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      killGroup('SIGKILL'); // stragglers in the group (extension host, watchers)
      live.delete(wb);
      log.end();
      if (!options.keepTemp) rmSync(tmp, { recursive: true, force: true });
    },
  };
  live.add(wb);
  try {
    await waitUntilAnswering(origin, child, options.startTimeoutMs ?? 60_000, logFile);
  } catch (err) {
    await wb.stop();
    throw err;
  }
  return wb;
}
