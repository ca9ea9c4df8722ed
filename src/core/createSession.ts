// Creating a session without ever creating it twice. The POST is sent once. When its outcome is
// unknown (the connection or a gateway failed after sending, the client was closed mid-request,
// or PG:AI said 201 without the session), the newest sessions are read back and compared with
// what was asked for: same type, title and company, created since the POST on the server's own
// clock. One match is the session; several are not chosen between; none means it was probably
// not created. Pure: the VS Code layer turns each outcome into words and actions.
import { isPgaiError, PgaiError } from '../api/errors';
import type { SessionsApi } from '../api/sessionsApi';
import type { CreateSessionInput, Session } from '../api/types';
import { DEFAULT_TITLE } from './createFlow';

export type CreateOutcome =
  /** `confirmedBy`: the answer itself, or reading back after an unknown outcome. */
  | { readonly kind: 'created'; readonly session: Session; readonly confirmedBy: 'answer' | 'readBack' }
  /** PG:AI said 201 but its answer held no session, and reading back found none or several. */
  | { readonly kind: 'createdUnseen'; readonly matches: readonly Session[] }
  /**
   * The outcome was unknown and several new sessions look like it, or only sessions created near
   * (not inside) the window: none is chosen.
   */
  | { readonly kind: 'ambiguous'; readonly error: PgaiError; readonly matches: readonly Session[] }
  /**
   * Not created. `certain`: PG:AI refused it or it was never sent; otherwise the outcome was
   * unknown and reading back found no such session.
   */
  | { readonly kind: 'notCreated'; readonly error: PgaiError; readonly certain: boolean }
  /** The outcome was unknown and reading back failed too. */
  | { readonly kind: 'unknown'; readonly error: PgaiError; readonly readBackError: unknown }
  /** The caller's signal ended it (the extension is going away). */
  | { readonly kind: 'cancelled' };

export interface CreateDeps {
  /** One client for the POST and the read-back (the key and origin the POST used). */
  readonly api: SessionsApi;
  /** Ids already known before the POST (loaded in the view): not taken for the new session. */
  readonly knownIds?: ReadonlySet<string>;
  readonly signal?: AbortSignal;
  /** A clock for the time the POST took (only differences are used). Default Date.now. */
  readonly clock?: () => number;
  /** Called before reading back (for a progress message). */
  readonly onReadBack?: () => void;
  /** Waits before the second read-back. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * A list can lag behind a create (a replica, a search index). When the first read-back finds
 * nothing, a second one follows after this long before the answer is "probably not created".
 */
export const READ_BACK_RETRY_MS = 1_500;

/** Allowance around the read-back window: the Date header has whole seconds, and servers take time. */
export const READ_BACK_SLACK_MS = 3_000;
/**
 * Sessions that match but were created this far around the POST (a backend whose clock differs
 * from the one that answered the read-back) are not taken for the new one, but they stop the
 * answer "not created": the user is shown them instead.
 */
export const NEARBY_MS = 2 * 60 * 60_000;
/** Without a Date header the machine's clock is used, allowing this much skew either way. */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** How many of the newest sessions are read back. */
const READ_BACK_PAGE_SIZE = 50;

/** Sent once; every outcome of the POST is classified, reading back when it is unknown. */
export async function createSession(input: CreateSessionInput, deps: CreateDeps): Promise<CreateOutcome> {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  try {
    const session = await deps.api.createSession(input, deps.signal);
    return { kind: 'created', session, confirmedBy: 'answer' };
  } catch (caught) {
    if (deps.signal?.aborted) return { kind: 'cancelled' };
    const error = isPgaiError(caught) ? caught : new PgaiError('invalidResponse', 'Creating the session failed unexpectedly.', { cause: caught });
    if (createdWithoutSession(error)) {
      const read = await readBack(input, deps, clock() - started).catch(() => undefined);
      if (read?.inWindow.length === 1) return { kind: 'created', session: read.inWindow[0], confirmedBy: 'readBack' };
      return { kind: 'createdUnseen', matches: read === undefined ? [] : read.inWindow.length > 0 ? read.inWindow : read.nearby };
    }
    if (definitelyNotCreated(error)) return { kind: 'notCreated', error, certain: true };
    let read: ReadBack;
    try {
      read = await readBack(input, deps, clock() - started);
    } catch (readBackError) {
      if (deps.signal?.aborted) return { kind: 'cancelled' };
      return { kind: 'unknown', error, readBackError };
    }
    if (read.inWindow.length === 1) return { kind: 'created', session: read.inWindow[0], confirmedBy: 'readBack' };
    if (read.inWindow.length > 1) return { kind: 'ambiguous', error, matches: read.inWindow };
    if (read.nearby.length > 0) return { kind: 'ambiguous', error, matches: read.nearby };
    return { kind: 'notCreated', error, certain: false };
  }
}

/** PG:AI answered 2xx (it created the session) but the body held no session. */
export function createdWithoutSession(error: PgaiError): boolean {
  return error.kind === 'invalidResponse' && error.status !== undefined && error.status >= 200 && error.status < 300;
}

/**
 * The POST certainly did not create a session: it never reached the server, or the server
 * answered with a 4xx (refused: bad request, key, permission, not found, rate limit). Every
 * 5xx, timeout, dropped connection or unreadable answer after sending may follow a session the
 * backend stored (a gateway's 502/504 often does).
 */
export function definitelyNotCreated(error: PgaiError): boolean {
  if (!error.mayHaveReachedServer) return true;
  return error.status !== undefined && error.status >= 400 && error.status < 500;
}

/** Matching sessions created inside the read-back window, and those created near it. */
interface ReadBack {
  readonly inWindow: Session[];
  readonly nearby: Session[];
}

async function readBack(input: CreateSessionInput, deps: CreateDeps, elapsedMs: number): Promise<ReadBack> {
  deps.onReadBack?.();
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const first = await readBackOnce(input, deps, elapsedMs);
  if (first.inWindow.length > 0 || first.nearby.length > 0) return first;
  await (deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(READ_BACK_RETRY_MS);
  if (deps.signal?.aborted) return first;
  return readBackOnce(input, deps, elapsedMs + (clock() - started));
}

async function readBackOnce(input: CreateSessionInput, deps: CreateDeps, elapsedMs: number): Promise<ReadBack> {
  const type = input.type ?? 'chat';
  const page = await deps.api.listSessions(
    { page: 1, perPage: READ_BACK_PAGE_SIZE, sortBy: 'created_at', sortOrder: 'desc', type, ...(input.companyId ? { companyId: input.companyId } : {}) },
    deps.signal,
    // Fresh: a list request already in flight was sent before the POST. A probe: the user is waiting.
    { fresh: true, probe: true },
  );
  const window = readBackWindow(page.serverTime, elapsedMs);
  const inWindow = createdCandidates(page.sessions, input, window, deps.knownIds);
  const near = { from: window.from - NEARBY_MS, to: window.to + NEARBY_MS };
  const nearby = inWindow.length > 0 ? [] : createdCandidates(page.sessions, input, near, deps.knownIds);
  return { inWindow, nearby };
}

/**
 * Before trying again after an unknown outcome: whether the earlier attempt (started
 * `elapsedMs` ago) did create the session after all, so that Try Again never makes a second one.
 * Undefined when reading back finds nothing like it (or fails).
 */
export async function findEarlierAttempt(input: CreateSessionInput, deps: CreateDeps, elapsedMs: number): Promise<CreateOutcome | undefined> {
  let read: ReadBack;
  try {
    read = await readBackOnce(input, deps, elapsedMs);
  } catch {
    return undefined;
  }
  const error = new PgaiError('connection', 'The earlier attempt’s outcome was unknown.', { mayHaveReachedServer: true });
  if (read.inWindow.length === 1) return { kind: 'created', session: read.inWindow[0], confirmedBy: 'readBack' };
  if (read.inWindow.length > 1) return { kind: 'ambiguous', error, matches: read.inWindow };
  if (read.nearby.length > 0) return { kind: 'ambiguous', error, matches: read.nearby };
  return undefined;
}

/**
 * When the session can have been created: from when the POST was sent to now, on the server's
 * clock when its answer said (Date header), else on this machine's with room for skew.
 */
export function readBackWindow(serverTime: number | undefined, elapsedMs: number, localNow = Date.now()): { from: number; to: number } {
  if (serverTime !== undefined) return { from: serverTime - elapsedMs - READ_BACK_SLACK_MS, to: serverTime + READ_BACK_SLACK_MS };
  return { from: localNow - elapsedMs - CLOCK_SKEW_MS, to: localNow + CLOCK_SKEW_MS };
}

function sameCompany(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
}

/**
 * The sessions in `sessions` that can be the one `input` asked for, newest first: the same
 * title ("Untitled" when none was given), type (when the server reports one) and company (none
 * when none was given), created inside `window`, and not among `knownIds`.
 */
export function createdCandidates(
  sessions: readonly Session[],
  input: CreateSessionInput,
  window: { readonly from: number; readonly to: number },
  knownIds: ReadonlySet<string> = new Set(),
): Session[] {
  const title = input.title?.trim() || DEFAULT_TITLE;
  const type = input.type ?? 'chat';
  const found: { session: Session; at: number }[] = [];
  for (const session of sessions) {
    if (knownIds.has(session.id)) continue;
    if ((session.title?.trim() || DEFAULT_TITLE) !== title) continue;
    if (session.type !== undefined && session.type !== type) continue;
    if (!sameCompany(session.companyId, input.companyId)) continue;
    const at = session.createdAt === undefined ? NaN : Date.parse(session.createdAt);
    if (!Number.isFinite(at) || at < window.from || at > window.to) continue;
    found.push({ session, at });
  }
  return found.sort((a, b) => b.at - a.at).map((f) => f.session);
}
