// The seams between the VS Code-facing parts (connection, tree, commands). Each part is built
// against these interfaces so that it can be written and tested on its own.
import type * as vscode from 'vscode';
import type { PgaiError } from '../api/errors';
import type { SessionsApi } from '../api/sessionsApi';
import type { Session, SessionType } from '../api/types';

/** Why the extension can or cannot talk to the API right now. Drives the welcome views. */
export type ConnectionState =
  | { readonly kind: 'ready' }
  | { readonly kind: 'noKey' }
  /** The API rejected the key (401). */
  | { readonly kind: 'authFailed' }
  /** The key lacks the permission scope for agent sessions (403). */
  | { readonly kind: 'forbidden' }
  /** `pgai.apiBaseUrl` is invalid (not a URL, or plain http to a non-loopback host). */
  | { readonly kind: 'badBaseUrl'; readonly message: string };

/**
 * The current base URL + key for it, and a client built from them. Owns the `pgai.state`
 * context key (values: ready, noKey, authFailed, forbidden, badBaseUrl) used by viewsWelcome.
 */
export interface SessionsConnection extends vscode.Disposable {
  readonly state: ConnectionState;
  /** Fires when the base URL, the key (also from another window) or the state changes. */
  readonly onDidChange: vscode.Event<void>;
  /** A client for the current origin and key; undefined unless a key is stored. */
  readonly api: SessionsApi | undefined;
  /** The origin the current key is stored for, e.g. "https://api.getpg.ai". */
  readonly origin: string | undefined;
  /** Call on a 401/403 from any request: switches state and the welcome view. */
  reportAuthFailure(error: PgaiError): void;
  /** Tries the saved key again after a 401/403 (the rejection may have been transient). */
  retry(): Promise<void>;
}

/** What the commands need from the sessions tree. */
export interface SessionsTree {
  /** Adds a just-created session to its group without reloading the tree, reveals and selects it. */
  showCreatedSession(session: Session): Promise<void>;
  /** Company ids seen in loaded sessions (for the create flow's company step). */
  knownCompanyIds(): string[];
  /** Sessions already loaded (for the create flow's "was it created?" check, and tests). */
  loadedSessions(): readonly Session[];
  refresh(): void;
}

/** What change polling tells the watched sessions, and asks of them. */
export interface WatchedSessions {
  /** After each check: every session it read, newest first. `baseline`: the first check since start. */
  observe(observed: { readonly sessions: readonly Session[]; readonly baseline: boolean }): void;
  /** Whether anything is watched (the first check looks even while the view is hidden). */
  hasWatched(): boolean;
  /** Watched sessions in progress (the pace quickens while there are any). */
  activeWatched(): readonly Session[];
  /** The watched set or what is in progress changed. */
  readonly onDidChange: vscode.Event<void>;
}

/** Argument the tree passes to `pgai.createSession` from a type group's context menu/inline. */
export interface CreateSessionArgs {
  readonly type?: SessionType;
}

/** Returned by `activate()`; used by the extension-host tests (and nothing else). */
export interface PgaiExtensionApi {
  readonly connection: SessionsConnection;
  readonly tree: SessionsTree;
  readonly treeView: vscode.TreeView<unknown>;
}
