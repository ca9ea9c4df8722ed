// What has been loaded from one paged query: the sessions (deduplicated by id, in display order),
// the paging position, and the buckets they are grouped into. Pure data: how pages are fetched,
// cancelled and retried is the Stream's (stream.ts), which extends this.
import { clampPerPage, type Session, type SessionPage } from '../../api/types';
import { Bucket } from './buckets';
import { parseTime } from './relativeTime';
import { levelKey, type StreamSpec } from './layout';

/** A loaded session and the bucket keys it is filed under. */
export type Entry = { session: Session; keys: readonly string[] };

/** What an ingest changed, so the caller can fire the smallest part of the tree. */
export interface IngestResult {
  /** Top-level buckets that appeared or went away. */
  readonly structureChanged: boolean;
  /** Top-level bucket keys whose content changed. */
  readonly touched: ReadonlySet<string>;
  /** Sessions added (not counting updates of ones already loaded). */
  readonly added: number;
  /** Their ids, in the order they came. */
  readonly addedIds: readonly string[];
}

interface Changes {
  structureChanged: boolean;
  touched: Set<string>;
  added: number;
  addedIds: string[];
}

function changes(structureChanged: boolean): Changes {
  return { structureChanged, touched: new Set<string>(), added: 0, addedIds: [] };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class SessionList {
  /** Accepted sessions by id, in display order. */
  private entryMap = new Map<string, Entry>();
  private rootBucket = new Bucket('');
  private pages = 0;
  private next = 1;
  private more = true;
  private serverTotal: number | undefined;
  private pageSize: number;
  /** Rows of the query received so far (accepted or not), for "searched" counts. */
  private rows = 0;
  /** Ids of every row received (accepted or not), to notice a page that brings nothing new. */
  private seenIds = new Set<string>();

  constructor(readonly spec: StreamSpec) {
    this.pageSize = clampPerPage(spec.query.perPage);
  }

  /** Accepted sessions by id, in display order. */
  get entries(): ReadonlyMap<string, Entry> {
    return this.entryMap;
  }

  /** The buckets of the stream's levels (type or status), with the session ids in each. */
  get root(): Bucket {
    return this.rootBucket;
  }

  get pagesLoaded(): number {
    return this.pages;
  }

  get nextPage(): number {
    return this.next;
  }

  get hasMore(): boolean {
    return this.more;
  }

  /** The server's count of the whole query, when it gives one. */
  get total(): number | undefined {
    return this.serverTotal;
  }

  get perPage(): number {
    return this.pageSize;
  }

  /** Rows of the query received so far (accepted or not), for "searched" counts. */
  get rowsSeen(): number {
    return this.rows;
  }

  get acceptsAll(): boolean {
    return this.spec.accept === undefined;
  }

  get loaded(): number {
    return this.entryMap.size;
  }

  /** Rows after the current position, when the server gave a total. */
  get remaining(): number | undefined {
    if (this.serverTotal === undefined) return undefined;
    return Math.max(0, this.serverTotal - (this.next - 1) * this.pageSize);
  }

  accepts(session: Session): boolean {
    return this.spec.accept ? this.spec.accept(session) : true;
  }

  private keysOf(session: Session): string[] {
    return this.spec.levels.map((level) => levelKey(level, session));
  }

  /**
   * Adds or updates one session. A session already loaded is updated in place (moved to another
   * bucket if its status/type changed), never duplicated. `previous`: its entry from before a
   * rebuild, kept because session nodes hold it.
   */
  private upsert(session: Session, result: Changes, atFront = false, previous?: Entry): void {
    const existing = this.entryMap.get(session.id);
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
    const entry: Entry = existing ?? previous ?? { session, keys };
    entry.session = session;
    entry.keys = keys;
    if (atFront) {
      // Re-insert at the front of the display order.
      const rest = [...this.entryMap];
      this.entryMap = new Map([[session.id, entry], ...rest]);
    } else {
      this.entryMap.set(session.id, entry);
    }
    if (this.rootBucket.add(session.id, keys, atFront)) result.structureChanged = true;
    if (keys.length > 0) result.touched.add(keys[0]);
    if (existing) return;
    result.added++;
    result.addedIds.push(session.id);
  }

  private removeEntry(id: string, entry: Entry, result: Changes): void {
    this.entryMap.delete(id);
    if (this.rootBucket.remove(id, entry.keys)) result.structureChanged = true;
    if (entry.keys.length > 0) result.touched.add(entry.keys[0]);
  }

  /** Notes the page's ids as received; returns how many were not received before. */
  private markSeen(page: SessionPage): number {
    let unseen = 0;
    for (const session of page.sessions) {
      if (this.seenIds.has(session.id)) continue;
      this.seenIds.add(session.id);
      unseen++;
    }
    return unseen;
  }

  /**
   * Appends a page (the first or the next one). Costs O(page). A later page that brings no id
   * not seen before ends the stream: the server ignores `page`, or the list shifted under it, and
   * asking again would add nothing.
   */
  ingest(page: SessionPage, pageNumber: number): IngestResult {
    const result = changes(false);
    if (this.pages === 0 && page.perPage > 0) this.pageSize = page.perPage;
    const unseen = this.markSeen(page);
    for (const session of page.sessions) this.upsert(session, result);
    this.rows += page.sessions.length;
    this.pages++;
    this.next = pageNumber + 1;
    this.serverTotal = page.total;
    const nothingNew = pageNumber > 1 && page.sessions.length > 0 && unseen === 0;
    this.more = page.hasMore && page.sessions.length > 0 && !nothingNew;
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
    const oldEntries = this.entryMap;
    const oldNext = this.next;
    const oldHasMore = this.more;
    this.entryMap = new Map();
    this.rootBucket = new Bucket('');
    const result = changes(true);
    for (const session of page.sessions) this.upsert(session, result, false, oldEntries.get(session.id));
    const wholeList = !page.hasMore || page.sessions.length === 0;
    if (wholeList) {
      this.pages = 1;
      this.next = 2;
      this.more = false;
      this.rows = page.sessions.length;
      this.seenIds = new Set(page.sessions.map((s) => s.id));
    } else {
      const onPage = new Set(page.sessions.map((s) => s.id));
      for (const [id, entry] of oldEntries) {
        if (this.entryMap.has(id) || onPage.has(id)) continue;
        if (!this.mayHaveMovedDown(entry.session, page)) {
          this.seenIds.delete(id);
          continue;
        }
        this.entryMap.set(id, entry);
        this.rootBucket.add(id, entry.keys);
      }
      for (const id of onPage) this.seenIds.add(id);
      this.pages = Math.max(1, this.pages);
      this.next = Math.max(2, oldNext);
      if (this.next === 2) this.more = true;
      else if (page.total !== undefined) this.more = page.total > (this.next - 1) * this.pageSize;
      else this.more = oldHasMore;
    }
    this.serverTotal = page.total;
    result.added = Math.max(0, this.entryMap.size - oldEntries.size);
    return result;
  }

  /**
   * The loaded pages fetched again (pages 1..n in order): the stream becomes exactly them, so
   * nothing that left the query stays. Session nodes keep their Entry objects. A page that brings
   * no id not seen on an earlier one ends the stream there (a server that ignores `page`).
   */
  replaceAll(pages: readonly SessionPage[]): IngestResult {
    const oldEntries = this.entryMap;
    this.entryMap = new Map();
    this.rootBucket = new Bucket('');
    this.seenIds = new Set();
    this.rows = 0;
    const result = changes(true);
    let used = 0;
    let ended = false;
    for (const page of pages) {
      if (this.markSeen(page) === 0 && used > 0 && page.sessions.length > 0) {
        ended = true;
        break;
      }
      for (const session of page.sessions) this.upsert(session, result, false, oldEntries.get(session.id));
      this.rows += page.sessions.length;
      used++;
    }
    const last = pages[used - 1];
    if (pages[0] !== undefined && pages[0].perPage > 0) this.pageSize = pages[0].perPage;
    this.pages = Math.max(1, used);
    this.next = used + 1;
    this.serverTotal = last?.total;
    this.more = !ended && last !== undefined && last.hasMore && last.sessions.length > 0;
    result.added = Math.max(0, this.entryMap.size - oldEntries.size);
    return result;
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

  /** A just-created session at the top of the stream (and of its buckets). */
  prepend(session: Session): IngestResult {
    const result = changes(false);
    this.upsert(session, result, true);
    if (result.added > 0 && this.serverTotal !== undefined) this.serverTotal++;
    return result;
  }

  entry(id: string): Entry | undefined {
    return this.entryMap.get(id);
  }
}
