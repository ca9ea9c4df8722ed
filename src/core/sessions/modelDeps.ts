// What the sessions model needs from its owner (the view), and what a Load more reports back.
import type { PgaiError } from '../../api/errors';
import type { Logger } from '../../api/logger';
import type { CallOptions, ListQuery, SessionPage } from '../../api/types';
import type { SessionNode, TreeNode } from './nodes';
import type { Timers } from './stream';

/** What a Load more added. */
export interface LoadedMore {
  readonly added: number;
  /** The first new session (in the server's order), to reveal. */
  readonly first?: SessionNode;
  /** "Loaded 25 more Chat sessions · 50 of 135" */
  readonly message: string;
}

export interface ModelDeps {
  fetchPage(query: ListQuery, signal: AbortSignal, options?: CallOptions): Promise<SessionPage>;
  /** Nodes whose content or children changed; undefined = the whole tree. */
  onDidChange(nodes: readonly TreeNode[] | undefined): void;
  /** A 401/403 came back. */
  onAuthFailure?(error: PgaiError): void;
  logger?: Logger;
  timers?: Timers;
  now?: () => number;
  /** Automatic retries after a rate-limit answer with a known wait (default 3 in a row). */
  maxAutoRetries?: number;
  /**
   * Type groupings: when the groups are first shown, fetch the first page of the whole list
   * in the background (one request), to hide "Other types" until a session of an undocumented
   * type is seen and to tell "no sessions at all" (see `emptiness`). The view turns it on; off,
   * the model fetches only what the tree asks for and always shows "Other types".
   */
  lookAtWholeList?: boolean;
}

export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

