// Shared by the VS Code layer's unit tests (test/unit/vscode): the stand-in, a recording log
// channel, a fresh extension context, and waiting on a condition (never on a fixed time).
import { standIn } from '../../soak/standIn';
import { join } from 'node:path';
import { ApiKeyStore } from '../../../src/core/keyStore';
import { createConnection, type PgaiConnection } from '../../../src/vscode/connection';
import type { Sandbox } from '../../../sandbox/server';

export { standIn };

const ROOT = join(__dirname, '..', '..', '..');

export type LogChannel = Parameters<typeof createConnection>[1];

/** A LogOutputChannel stand-in that keeps every line as "<level> <text>". */
export function recordingChannel(lines: string[]): LogChannel {
  const at = (level: string) => (message: unknown, ...args: unknown[]) => lines.push(`${level} ${[message, ...args].map(String).join(' ')}`);
  return {
    name: 'PG:AI Sessions',
    logLevel: 1,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    append() {},
    appendLine() {},
    replace() {},
    clear() {},
    show() {},
    hide() {},
    dispose() {},
    onDidChangeLogLevel: () => ({ dispose() {} }),
  };
}

export type Context = ReturnType<typeof standIn.createContext> & { extensionMode: number };

export function newContext(): Context {
  return standIn.createContext(ROOT) as Context;
}

/** Stores `key` for `origin` the way the key commands (or another window) do. */
export function storeKey(context: Context, origin: string, key: string): Promise<void> {
  return new ApiKeyStore(context.secrets).set(origin, key);
}

export function disposeAll(context: Context): void {
  for (const d of context.subscriptions.splice(0).reverse()) d.dispose();
}

/**
 * A fresh window connected to the sandbox: the stand-in and the sandbox reset, pgai.apiBaseUrl
 * pointing at it, its key stored, and the connection ready; its log lines go to `lines`.
 * `timeoutMs`: the client's per-attempt timeout (its total is 3 s; waits between retries are skipped).
 */
export async function connectedWindow(sandbox: Sandbox, lines: string[], timeoutMs: number): Promise<{ context: Context; log: LogChannel; connection: PgaiConnection }> {
  resetStandIn();
  sandbox.reset();
  const context = newContext();
  standIn.setConfiguration('pgai.apiBaseUrl', sandbox.baseUrl);
  await storeKey(context, sandbox.origin, sandbox.apiKey);
  await delivered();
  const log = recordingChannel(lines);
  const connection = createConnection(context as never, log, { sleep: () => Promise.resolve(), attemptTimeoutMs: timeoutMs, totalTimeoutMs: 3_000 });
  await connection.whenReady();
  return { context, log, connection };
}

/** Resolves once `condition` holds, checking after every turn of the event loop; fails after `ms`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, label: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets every event already queued (setImmediate: settings and secret changes) be delivered. */
export function delivered(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Puts the stand-in's settings and scripted user back as a fresh window has them. */
export function resetStandIn(): void {
  standIn.settings.clear();
  standIn.workspaceSettings.clear();
  standIn.vscode.workspace.workspaceFolders = undefined;
  standIn.contextKeys.clear();
  standIn.ui.reset();
  standIn.setWindowFocused(true);
  standIn.vscode.window.tabGroups.activeTabGroup.activeTab = undefined;
}
