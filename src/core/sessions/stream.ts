// One paged query (a "stream") and what has been loaded from it: the sessions (deduplicated by
// id, in display order), the paging position, and the buckets they are grouped into. Pure
// state: fetching, cancellation and generations live in model.ts.
import { clampPerPage, type ListQuery, type Session, type SessionPage } from '../../api/types';
import { Bucket } from './buckets';
import { parseTime } from './relativeTime';
import { typeKeyOf } from './typeInfo';

/** A dimension sessions are bucketed by below the stream. */
export type Level = 'status' | 'type';

export interface StreamSpec {
  readonly id: string;
  /** The query without `page`. */
  readonly query: ListQuery;
  /** Client-side filter; absent = every session of the query belongs to the stream. */
  readonly accept?: (session: Session) => boolean;
  readonly levels: readonly Level[];
}

export function levelKey(level: Level, session: Session): string {
  if (level === 'type') return typeKeyOf(session.type);
  return typeof session.status === 'string' ? session.status.trim() : '';
}

export interface Entry {
  session: Session;
  keys: readonly string[];
}

/** What an ingest changed, so the caller can fire the smallest part of the tree. */
export interface IngestResult {
  /** Top-level buckets that appeared or went away. */
  readonly structureChanged: boolean;
  /** Top-level bucket keys whose content changed. */
  readonly touched: ReadonlySet<string>;
  /** Sessions added (not counting updates of ones already loaded). */
  readonly added: number;
}

/**
 * What a load does: the first page; the next page; page 1 again, merged into what is loaded (an
 * automatic refresh); or the loaded pages again, replacing them (the user's Refresh).
 */
export type LoadMode = 'first' | 'more' | 'refresh' | 'reload';

/** The user's Refresh reloads at most this many pages of a group; pages past them are dropped (Load more brings them back). */
export const MAX_RELOAD_PAGES = 3;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class Stream {
  /** Accepted sessions by id, in display order. */
  entries = new Map<string, Entry>();
  root = new Bucket('');
  pagesLoaded = 0;
  nextPage = 1;
  hasMore = true;
  total: number | undefined;
  perPage: number;
  /** Rows of the query received so far (accepted or not), for "searched" counts. */
  rowsSeen = 0;
  /** Ids of every row received (accepted or not), to notice a page that brings nothing new. */
  private seenIds = new Set<string>();

  // Fetch state, owned by the model.
  loading: LoadMode | undefined;
  error: Error | undefined;
  errorMode: LoadMode | undefined;
  /** Epoch ms of a scheduled automatic retry (rate limited). */
  retryAt: number | undefined;
  generation = 0;
  controller: AbortController | undefined;
  pending: Promise<void> | undefined;
  /** Refreshed while collapsed: reload page 1 when next expanded. */
  stale = false;
  /** A refresh asked for while a "Load more" was on its way (true: the user asked); runs after it. */
  refreshQueued: boolean | undefined;
  expanded = false;
  autoRetries = 0;

  constructor(readonly spec: StreamSpec) {
    this.perPage = clampPerPage(spec.query.perPage);
  }

  get acceptsAll(): boolean {
    return this.spec.accept === undefined;
  }

  get loaded(): number {
    return this.entries.size;
  }

  /** True once the stream has been asked for and answered (or failed) at least once. */
  get started(): boolean {
    return this.pagesLoaded > 0 || this.error !== undefined || this.loading !== undefined;
  }

  /** Rows after the current position, when the server gave a total. */
  get remaining(): number | undefined {
    if (this.total === undefined) return undefined;
    return Math.max(0, this.total - (this.nextPage - 1) * this.perPage);
  }

  accepts(session: Session): boolean {
    return this.spec.accept ? this.spec.accept(session) : true;
  }

  private keysOf(session: Session): string[] {
    return this.spec.levels.map((level) => levelKey(level, session));
  }

  /**
   * Adds or updates one session. A session already loaded is updated in place (moved to another
   * bucket if its status/type changed), never duplicated. Returns the top-level key touched.
   */
  private upsert(session: Session, result: { structureChanged: boolean; touched: Set<string>; added: number }, atFront = false): void {
    const existing = this.entries.get(session.id);
    if (!this.accepts(session)) {
      if (existing) this.removeEntry(session.id, existing, result);
      return;
    }
    const keys = this.keysOf(session);
    if (existing) {
      if (sameKeys(existing.keys, keys) && !atFront) {
        existing.session = session;
        if (keys.length > 0) result.touched.add(keys[0]);
        return;
      }
      this.removeEntry(session.id, existing, result);
    }
    const entry: Entry = existing ?? { session, keys };
    entry.session = session;
    entry.keys = keys;
    if (atFront) {
      // Re-insert at the front of the display order.
      const rest = [...this.entries];
      this.entries = new Map([[session.id, entry], ...rest]);
    } else {
      this.entries.set(session.id, entry);
    }
    if (this.root.add(session.id, keys, atFront)) result.structureChanged = true;
    if (keys.length > 0) result.touched.add(keys[0]);
    if (!existing) result.added++;
  }

  private removeEntry(id: string, entry: Entry, result: { structureChanged: boolean; touched: Set<string> }): void {
    this.entries.delete(id);
    if (this.root.remove(id, entry.keys)) result.structureChanged = true;
    if (entry.keys.length > 0) result.touched.add(entry.keys[0]);
  }

  /**
   * Appends a page (the first or the next one). Costs O(page). A later page that brings no id
   * not seen before ends the stream: the server ignores `page`, or the list shifted under it, and
   * asking again would add nothing.
   */
  ingest(page: SessionPage, pageNumber: number): IngestResult {
    const result = { structureChanged: false, touched: new Set<string>(), added: 0 };
    if (this.pagesLoaded === 0 && page.perPage > 0) this.perPage = page.perPage;
    let unseen = 0;
    for (const session of page.sessions) {
      if (this.seenIds.has(session.id)) continue;
      this.seenIds.add(session.id);
      unseen++;
    }
    for (const session of page.sessions) this.upsert(session, result);
    this.rowsSeen += page.sessions.length;
    this.pagesLoaded++;
    this.nextPage = pageNumber + 1;
    this.total = page.total;
    const nothingNew = pageNumber > 1 && page.sessions.length > 0 && unseen === 0;
    this.hasMore = page.hasMore && page.sessions.length > 0 && !nothingNew;
    return result;
  }

  /**
   * A refreshed first page.
   * - If it is the last page, it is the whole list: the stream becomes exactly this page.
   * - Otherwise its sessions go first (updated, never duplicated), then the sessions loaded from
   *   later pages in their order. A loaded session missing from the new page 1 stays only if it
   *   may just have moved down a page: one whose sort key places it within page 1's range has
   *   left the query (its status or type changed, or it is gone) and is dropped (see
   *   `mayHaveMovedDown`). The paging position is kept, so "Load more" continues where it was;
   *   rows shifted by new sessions come back as updates, not duplicates.
   * Rebuilding the order costs O(loaded), once per refresh (not per page).
   */
  replaceFirst(page: SessionPage): IngestResult {
    const oldEntries = this.entries;
    const oldNext = this.nextPage;
    const oldHasMore = this.hasMore;
    this.entries = new Map();
    this.root = new Bucket('');
    const result = { structureChanged: true, touched: new Set<string>(), added: 0 };
    for (const session of page.sessions) {
      // Keep the Entry object (session nodes hold it).
      this.upsertFresh(session, oldEntries.get(session.id));
    }
    const wholeList = !page.hasMore || page.sessions.length === 0;
    if (wholeList) {
      this.pagesLoaded = 1;
      this.nextPage = 2;
      this.hasMore = false;
      this.rowsSeen = page.sessions.length;
      this.seenIds = new Set(page.sessions.map((s) => s.id));
    } else {
      const onPage = new Set(page.sessions.map((s) => s.id));
      for (const [id, entry] of oldEntries) {
        if (this.entries.has(id) || onPage.has(id)) continue;
        if (!this.mayHaveMovedDown(entry.session, page)) {
          this.seenIds.delete(id);
          continue;
        }
        this.entries.set(id, entry);
        this.root.add(id, entry.keys);
      }
      for (const id of onPage) this.seenIds.add(id);
      this.pagesLoaded = Math.max(1, this.pagesLoaded);
      this.nextPage = Math.max(2, oldNext);
      if (this.nextPage === 2) this.hasMore = true;
      else if (page.total !== undefined) this.hasMore = page.total > (this.nextPage - 1) * this.perPage;
      else this.hasMore = oldHasMore;
    }
    this.total = page.total;
    result.added = Math.max(0, this.entries.size - oldEntries.size);
    return result;
  }

  /**
   * The loaded pages fetched again (pages 1..n in order): the stream becomes exactly them, so
   * nothing that left the query stays. Session nodes keep their Entry objects. A page that brings
   * no id not seen on an earlier one ends the stream there (a server that ignores `page`).
   */
  replaceAll(pages: readonly SessionPage[]): IngestResult {
    const oldEntries = this.entries;
    this.entries = new Map();
    this.root = new Bucket('');
    this.seenIds = new Set();
    this.rowsSeen = 0;
    let used = 0;
    let ended = false;
    for (const page of pages) {
      let unseen = 0;
      for (const session of page.sessions) {
        if (this.seenIds.has(session.id)) continue;
        this.seenIds.add(session.id);
        unseen++;
      }
      if (used > 0 && page.sessions.length > 0 && unseen === 0) {
        ended = true;
        break;
      }
      for (const session of page.sessions) this.upsertFresh(session, oldEntries.get(session.id));
      this.rowsSeen += page.sessions.length;
      used++;
    }
    const last = pages[used - 1];
    if (pages[0] !== undefined && pages[0].perPage > 0) this.perPage = pages[0].perPage;
    this.pagesLoaded = Math.max(1, used);
    this.nextPage = used + 1;
    this.total = last?.total;
    this.hasMore = !ended && last !== undefined && last.hasMore && last.sessions.length > 0;
    return { structureChanged: true, touched: new Set<string>(), added: Math.max(0, this.entries.size - oldEntries.size) };
  }

  /**
   * Whether a loaded session that is not on a refreshed (full) first page may still belong to the
   * query, further down. Only a sort on a time that cannot move a session later tells: creation
   * time (fixed) in either order, or update time newest first (an update moves a session up).
   * Then a session whose key sorts strictly inside page 1's range would be on page 1 if it still
   * matched. Any other sort (title, oldest update first, unknown), or a missing time, keeps it.
   */
  private mayHaveMovedDown(session: Session, page: SessionPage): boolean {
    const { sortBy, sortOrder } = this.spec.query;
    const field = sortBy === 'created_at' ? 'createdAt' : sortBy === 'updated_at' && sortOrder !== 'asc' ? 'updatedAt' : undefined;
    if (field === undefined) return true;
    const last = parseTime(page.sessions[page.sessions.length - 1]?.[field]);
    const key = parseTime(session[field]);
    if (last === undefined || key === undefined) return true;
    return sortOrder === 'asc' ? key >= last : key <= last;
  }

  private upsertFresh(session: Session, previous: Entry | undefined): void {
    if (!this.accepts(session)) {
      // The same id earlier in this page may have been kept: take it out of its bucket too.
      const kept = this.entries.get(session.id);
      if (kept) {
        this.root.remove(session.id, kept.keys);
        this.entries.delete(session.id);
      }
      return;
    }
    const keys = this.keysOf(session);
    const already = this.entries.get(session.id); // the same id twice in one page
    if (already) {
      if (!sameKeys(already.keys, keys)) {
        this.root.remove(session.id, already.keys);
        this.root.add(session.id, keys);
      }
      already.session = session;
      already.keys = keys;
      return;
    }
    const entry = previous ?? { session, keys };
    entry.session = session;
    entry.keys = keys;
    this.entries.set(session.id, entry);
    this.root.add(session.id, keys);
  }

  /** A just-created session at the top of the stream (and of its buckets). */
  prepend(session: Session): IngestResult {
    const result = { structureChanged: false, touched: new Set<string>(), added: 0 };
    this.upsert(session, result, true);
    if (result.added > 0 && this.total !== undefined) this.total++;
    return result;
  }

  entry(id: string): Entry | undefined {
    return this.entries.get(id);
  }
}
