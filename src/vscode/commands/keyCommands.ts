// PG:AI: Set API Key / Clear API Key. The key is typed into a password box, checked with one
// small request, and stored for the current API origin only. It never reaches a log line or a
// message: only the origin's host is named. The view changing (tree or welcome) is the
// confirmation: saved, cleared or "no key" go to the status bar, never a toast; a notification
// is kept for what the view cannot show (the address changed, the key was not saved), one at a time.
import * as vscode from 'vscode';
import { isPgaiError, KEY_PROBLEM_SENTENCE, type KeyProblem, keyProblemOf } from '../../api/errors';
import { validateApiKey } from '../../core/keyStore';
import type { PgaiConnection } from '../connection';

type CheckOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'rejected'; readonly problem: KeyProblem; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'cancelled' };

const KEYS_HINT = 'Create one in the PG:AI dashboard under Settings › API Keys.';

export function registerKeyCommands(context: vscode.ExtensionContext, connection: PgaiConnection, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pgai.setApiKey', (arg?: unknown) => setApiKey(connection, log, typeof arg === 'string' ? arg : undefined)),
    vscode.commands.registerCommand('pgai.clearApiKey', (arg?: unknown) => clearApiKey(connection, log, isNoPrompt(arg))),
  );
}

function isNoPrompt(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { noPrompt?: unknown }).noPrompt === true;
}

function hostOf(origin: string): string {
  return new URL(origin).host;
}

/** Where a key is being entered for: the base URL and origin when the prompt opened. */
interface Target {
  readonly origin: string;
  readonly baseUrl: string;
  readonly host: string;
}

/** The current base URL and origin, or undefined after telling the user the base URL setting is unusable. */
async function currentTarget(connection: PgaiConnection, automated: boolean): Promise<Target | undefined> {
  await connection.whenReady();
  const { origin, baseUrl } = connection;
  if (origin && baseUrl) return { origin, baseUrl, host: hostOf(origin) };
  const message = connection.state.kind === 'badBaseUrl' ? connection.state.message : 'The PG:AI API URL is not set.';
  if (automated) throw new Error(message);
  const open = 'Open Setting';
  if ((await vscode.window.showErrorMessage(message, open)) === open) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'pgai.apiBaseUrl');
  }
  return undefined;
}

/**
 * Whether the API address is still the one the key was entered for. If the base URL setting
 * changed meanwhile (in this window or another), nothing is saved: the key was typed for the
 * address the prompt named.
 */
function stillTarget(connection: PgaiConnection, target: Target): boolean {
  return connection.origin === target.origin && connection.baseUrl === target.baseUrl;
}

function movedMessage(connection: PgaiConnection, target: Target): string {
  const now = connection.origin ? hostOf(connection.origin) : 'an unusable address';
  return `The PG:AI API address changed to ${now} while the key for ${target.host} was being entered, so the key was not saved. Run Set API Key again for ${now}.`;
}

/**
 * Interactive without an argument; with `keyArg` (automation and tests) no input is shown,
 * an invalid or rejected key throws, and an unreachable server saves anyway (offline use).
 * The key is checked against, and saved for, the address the prompt named, and only while
 * that is still the configured one. Resolves to true when a key was saved.
 */
async function setApiKey(connection: PgaiConnection, log: vscode.LogOutputChannel, keyArg: string | undefined): Promise<boolean> {
  const automated = keyArg !== undefined;
  const target = await currentTarget(connection, automated);
  if (!target) return false;
  const { origin, host } = target;

  if (automated) {
    const problem = validateApiKey(keyArg);
    if (problem !== undefined) throw new Error(problem);
    const key = keyArg.trim();
    const outcome = await checkKey(connection, key, target);
    if (outcome.kind === 'rejected') throw new Error(`PG:AI rejected this API key: ${outcome.message}`);
    if (outcome.kind === 'cancelled') return false;
    if (outcome.kind === 'unreachable') log.warn(`Saving the API key for ${host} unchecked: ${outcome.message}`);
    if (!stillTarget(connection, target)) throw new Error(movedMessage(connection, target));
    await save(connection, log, target, key);
    return true;
  }

  let previous = '';
  let hint: string | undefined;
  for (;;) {
    const typed = await vscode.window.showInputBox({
      title: 'PG:AI: Set API Key',
      prompt: hint ?? `API key for ${host}. ${KEYS_HINT} It is kept in VS Code's secret storage and sent only to ${origin}.`,
      placeHolder: 'Paste your PG:AI API key',
      password: true,
      ignoreFocusOut: true,
      value: previous,
      validateInput: (value) => validateApiKey(value),
    });
    if (typed === undefined) return false;
    const key = typed.trim();
    if (validateApiKey(key) !== undefined) continue;
    if (!stillTarget(connection, target)) {
      void vscode.window.showWarningMessage(movedMessage(connection, target));
      return false;
    }
    const outcome = await checkKey(connection, key, target);
    if (outcome.kind === 'cancelled') return false;
    if (!stillTarget(connection, target)) {
      void vscode.window.showWarningMessage(movedMessage(connection, target));
      return false;
    }
    if (outcome.kind === 'ok') {
      await save(connection, log, target, key);
      return true;
    }
    const reenter = 'Re-enter Key';
    const saveAnyway = 'Save Anyway';
    const text = outcome.kind === 'rejected' ? KEY_PROBLEM_SENTENCE[outcome.problem] : `Could not reach ${host} to check the key.`;
    const detail =
      outcome.kind === 'rejected'
        ? outcome.problem === 'forbidden'
          ? `Ask a workspace admin for a key with the agent sessions scope. ${KEYS_HINT}`
          : `It may have been revoked or mistyped. ${KEYS_HINT}`
        : `${outcome.message}\n\nYou can save it anyway and use it when the API is reachable.`;
    const choice = await vscode.window.showWarningMessage(text, { modal: true, detail }, reenter, saveAnyway);
    if (choice === saveAnyway) {
      if (!stillTarget(connection, target)) {
        void vscode.window.showWarningMessage(movedMessage(connection, target));
        return false;
      }
      await save(connection, log, target, key);
      return true;
    }
    if (choice !== reenter) return false;
    previous = key;
    hint = `${text} Correct the key for ${host}, or paste another. ${KEYS_HINT}`;
  }
}

async function save(connection: PgaiConnection, log: vscode.LogOutputChannel, target: Target, key: string): Promise<void> {
  await connection.keys.set(target.origin, key);
  await connection.refresh({ keyAccepted: true, reason: `API key saved for ${target.host}` });
  log.info(`API key saved for ${target.origin}.`);
  vscode.window.setStatusBarMessage(`$(key) PG:AI API key saved for ${target.host}`, 4000);
}

/** One small request with the candidate key to the address it was entered for (a separate client, disposed afterwards). */
async function checkKey(connection: PgaiConnection, key: string, target: Target): Promise<CheckOutcome> {
  const client = connection.createClient(key, target.baseUrl);
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the API key with ${target.host}…`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          await client.listSessions({ perPage: 1 }, abort.signal);
          return { kind: 'ok' } as const;
        } catch (error) {
          if (isPgaiError(error, 'cancelled') || token.isCancellationRequested) return { kind: 'cancelled' } as const;
          const problem = keyProblemOf(error);
          if (problem) return { kind: 'rejected', problem, message: KEY_PROBLEM_SENTENCE[problem] } as const;
          return { kind: 'unreachable', message: error instanceof Error ? error.message : 'The request failed.' } as const;
        } finally {
          subscription.dispose();
        }
      },
    );
  } finally {
    void Promise.resolve(client.dispose()).catch(() => undefined);
  }
}

async function clearApiKey(connection: PgaiConnection, log: vscode.LogOutputChannel, noPrompt: boolean): Promise<boolean> {
  const target = await currentTarget(connection, noPrompt);
  if (!target) return false;
  const { origin, host } = target;
  if ((await connection.keys.get(origin)) === undefined) {
    // The view already shows the "Set API Key" welcome: the status bar says it, no toast.
    if (!noPrompt) vscode.window.setStatusBarMessage(`$(key) No PG:AI API key is saved for ${host}`, 4000);
    return false;
  }
  if (!noPrompt) {
    const clear = 'Clear Key';
    const choice = await vscode.window.showWarningMessage(
      `Clear the PG:AI API key saved for ${host}?`,
      { modal: true, detail: "It is removed from VS Code's secret storage. Keys saved for other API addresses are kept." },
      clear,
    );
    if (choice !== clear) return false;
  }
  await connection.keys.delete(origin);
  await connection.refresh({ reason: `API key cleared for ${host}` });
  log.info(`API key cleared for ${origin}.`);
  if (!noPrompt) vscode.window.setStatusBarMessage(`$(key) PG:AI API key cleared for ${host}`, 4000);
  return true;
}
