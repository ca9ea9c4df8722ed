// Change polling: one request asks for the most recently updated sessions of the view's query
// (`sort_by=updated_at`, `sort_order=desc`, up to 50), and what it brings is what changed since
// the last look. Pages on only while a whole page is newer than the newest time seen last time,
// up to MAX_POLL_PAGES; past that the caller reloads instead. Times compared are the server's
// own (`updated_at` against `updated_at`), so a skewed local clock changes nothing. A server that
// does not sort by `updated_at` is noticed (times out of order) and reported, never trusted.
import type { ListQuery, Session, SessionPage } from '../../api/types';
import { parseTime } from './relativeTime';
import { baseQuery, type SessionsSettings } from './sessionsSettings';

/** The most the API sends a page. */
export const POLL_PAGE_SIZE = 50;
/** Pages one poll reads at most before it gives up following changes and the view reloads. */
export const MAX_POLL_PAGES = 3;

export type PollOutcome =
  /** `received`: every session the poll read, newest first; `changed`: those not seen as they are now. */
  | {
      readonly kind: 'changes';
      /** The first poll of this query: nothing to compare with yet. */
      readonly baseline: boolean;
      readonly received: readonly Session[];
      readonly changed: readonly Session[];
      /** The newest `updated_at` (epoch ms, server clock) of the poll before, if any: a session created after it is new. */
      readonly since: number | undefined;
      readonly requests: number;
    }
  /** More changed than MAX_POLL_PAGES hold. */
  | { readonly kind: 'overflow'; readonly received: readonly Session[]; readonly requests: number }
  /** The server does not sort by `updated_at` (or sends no readable times): polling cannot follow changes. */
  | { readonly kind: 'unsorted'; readonly reason: string; readonly requests: number };

export type FetchPage = (query: ListQuery, signal: AbortSignal) => Promise<SessionPage>;

/**
 * What a poll asks for: the view's filters without the status filter (a session leaving the
 * filtered status must be seen to leave), newest update first, a full page. When a watched
 * session in progress lies outside the company, type or search filter, those go too, so that
 * one request follows both the view and what the user watches.
 */
export function pollQuery(settings: SessionsSettings, watched: readonly Session[] = []): ListQuery {
  const { status: _status, sortBy: _sortBy, sortOrder: _sortOrder, ...base } = baseQuery(settings);
  const types = settings.filter.types;
  const query: ListQuery = { ...base, ...(types.length === 1 ? { type: types[0] } : {}), perPage: POLL_PAGE_SIZE, sortBy: 'updated_at', sortOrder: 'desc' };
  const covered = (s: Session): boolean =>
    (query.type === undefined || s.type === query.type) &&
    (query.companyId === undefined || s.companyId === query.companyId) &&
    (query.search === undefined || (s.title ?? '').toLowerCase().includes(query.search.toLowerCase()));
  if (watched.every(covered)) return query;
  return { perPage: POLL_PAGE_SIZE, sortBy: 'updated_at', sortOrder: 'desc' };
}

function sameQuery(a: ListQuery, b: ListQuery): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why times are not usable for following changes, or undefined when they are newest first. */
function disorder(sessions: readonly Session[]): string | undefined {
  let readable = 0;
  let previous = Infinity;
  for (const session of sessions) {
    const time = parseTime(session.updatedAt);
    if (time === undefined) continue;
    readable++;
    if (time > previous) return 'the sessions did not come newest update first';
    previous = time;
  }
  return readable * 2 < sessions.length ? 'most sessions have no readable updated_at' : undefined;
}

/** One query's change feed: what the last poll saw, to tell what changed since. */
export class ChangeFeed {
  private query: ListQuery;
  /** `updated_at` by id, as the last poll saw them. */
  private known = new Map<string, string | undefined>();
  /** The newest `updated_at` the last poll saw (server clock). */
  private newest: number | undefined;
  private polled = false;

  constructor(query: ListQuery) {
    this.query = query;
  }

  get currentQuery(): ListQuery {
    return this.query;
  }

  /** A different query starts over (its first poll is a baseline). */
  setQuery(query: ListQuery): void {
    if (sameQuery(query, this.query)) return;
    this.query = query;
    this.known.clear();
    this.newest = undefined;
    this.polled = false;
  }

  async poll(fetchPage: FetchPage, signal: AbortSignal): Promise<PollOutcome> {
    const baseline = !this.polled;
    const received: Session[] = [];
    let requests = 0;
    let overflow = false;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await fetchPage({ ...this.query, page: pageNumber }, signal);
      requests++;
      received.push(...page.sessions);
      const reason = disorder(received);
      if (reason !== undefined) return { kind: 'unsorted', reason, requests };
      if (baseline || !page.hasMore || page.sessions.length === 0) break;
      const oldest = parseTime(page.sessions[page.sessions.length - 1].updatedAt);
      // A page whose oldest update is already known ends what changed.
      if (oldest === undefined || this.newest === undefined || oldest <= this.newest) break;
      if (pageNumber >= MAX_POLL_PAGES) {
        overflow = true;
        break;
      }
    }
    const since = this.newest;
    const changed = received.filter((s) => !this.known.has(s.id) || this.known.get(s.id) !== s.updatedAt);
    this.remember(received);
    if (overflow) return { kind: 'overflow', received, requests };
    return { kind: 'changes', baseline, received, changed: baseline ? [] : changed, since, requests };
  }

  private remember(received: readonly Session[]): void {
    this.polled = true;
    this.known = new Map(received.map((s) => [s.id, s.updatedAt]));
    let newest = this.newest;
    for (const session of received) {
      const time = parseTime(session.updatedAt);
      if (time !== undefined && (newest === undefined || time > newest)) newest = time;
    }
    this.newest = newest;
  }
}
