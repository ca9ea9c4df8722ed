// Types for workbench.mjs (used from TypeScript by the e2e helpers).
import type { ChildProcess } from 'node:child_process';

export declare const DEFAULT_SETTINGS: Readonly<Record<string, unknown>>;

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

export interface WorkbenchUrlParts {
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

export declare function startWorkbench(options: WorkbenchOptions): Promise<Workbench>;
