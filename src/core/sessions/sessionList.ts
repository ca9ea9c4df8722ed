// What has been loaded from one paged query: the sessions (deduplicated by id, in display order,
// with their buckets: entries.ts) and the paging position. Pure data: how pages are fetched,
// cancelled and retried is the Stream's (stream.ts), which extends this.
import { clampPerPage, type Session, type SessionPage } from '../../api/types';
import type { Bucket } from './buckets';
import { changes, Entries, type Changes, type Entry, type Position } from './entries';
import { mayHaveMovedDown, newerCopy, type SortCompare } from './sortOrder';
import { levelKey, type StreamSpec } from './layout';

export type { Entry } from './entries';

/** Whether two copies of a session look the same in the view. */
function sameSession(a: Session, b: Session): boolean {
  return a.updatedAt === b.updatedAt && a.status === b.status && a.title === b.title && a.type === b.type && a.companyId === b.companyId && a.createdAt === b.createdAt;
}

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

export class SessionList {
  /** Accepted sessions in display order, and their buckets. */
  private readonly list = new Entries();
  /** Ids of sessions a change poll found for this query that the client cannot place (see applyChange). */
  private readonly unplaced = new Set<string>();
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
    return this.list.byId;
  }

  /** The buckets of the stream's levels (type or status), with the session ids in each. */
  get root(): Bucket {
    return this.list.root;
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
    return this.list.size;
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
   * Adds or updates one session (never duplicated; moved to another bucket if its status or type
   * changed), or drops it when the stream no longer accepts it. An older copy than the one loaded
   * does not replace it (see newerCopy). `previous`: its entry from before a rebuild.
   */
  private upsert(incoming: Session, result: Changes, at: Position = 'end', previous?: Entry): void {
    const existing = this.list.get(incoming.id);
    const session = newerCopy((existing ?? previous)?.session, incoming);
    if (!this.accepts(session)) {
      this.list.remove(session.id, result);
      return;
    }
    this.list.upsert(session, this.keysOf(session), result, at, previous);
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
    const oldNext = this.next;
    const oldHasMore = this.more;
    const oldEntries = this.list.clear();
    this.unplaced.clear();
    const result = changes(true);
    for (const session of page.sessions) this.upsert(session, result, 'end', oldEntries.get(session.id));
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
        if (this.list.get(id) || onPage.has(id)) continue;
        if (!mayHaveMovedDown(this.spec.query, entry.session, page.sessions)) {
          this.seenIds.delete(id);
          continue;
        }
        this.list.restore(id, entry);
      }
      for (const id of onPage) this.seenIds.add(id);
      this.pages = Math.max(1, this.pages);
      this.next = Math.max(2, oldNext);
      if (this.next === 2) this.more = true;
      else if (page.total !== undefined) this.more = page.total > (this.next - 1) * this.pageSize;
      else this.more = oldHasMore;
    }
    this.serverTotal = page.total;
    result.added = Math.max(0, this.list.size - oldEntries.size);
    return result;
  }

  /**
   * The loaded pages fetched again (pages 1..n in order): the stream becomes exactly them, so
   * nothing that left the query stays. Session nodes keep their Entry objects. A page that brings
   * no id not seen on an earlier one ends the stream there (a server that ignores `page`).
   */
  replaceAll(pages: readonly SessionPage[]): IngestResult {
    const oldEntries = this.list.clear();
    this.unplaced.clear();
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
      for (const session of page.sessions) this.upsert(session, result, 'end', oldEntries.get(session.id));
      this.rows += page.sessions.length;
      used++;
    }
    const last = pages[used - 1];
    if (pages[0] !== undefined && pages[0].perPage > 0) this.pageSize = pages[0].perPage;
    this.pages = Math.max(1, used);
    this.next = used + 1;
    this.serverTotal = last?.total;
    this.more = !ended && last !== undefined && last.hasMore && last.sessions.length > 0;
    result.added = Math.max(0, this.list.size - oldEntries.size);
    return result;
  }

  /** Sessions a change poll found for this query that the client could not place (the "N new" row). */
  get unplacedCount(): number {
    return this.unplaced.size;
  }

  /**
   * What a change poll found about one session: `matches` says whether it (still) belongs to the
   * query. With a sort the client knows (`compare`), it goes where that sort places it among the
   * loaded sessions, or leaves the loaded range when it sorts after them all while more pages
   * remain (Load more brings it there). A session without the sort's field, or any session under
   * a sort the client does not know, is updated in place, or, when not loaded, counted as
   * unplaced until the next reload shows it. `isNew`: created since the last poll, so the
   * server's total grows by one. An older copy than the one loaded changes nothing. Returns
   * whether anything changed.
   */
  applyChange(session: Session, matches: boolean, compare: SortCompare | undefined, isNew: boolean): boolean {
    const existing = this.list.get(session.id);
    if (existing && (newerCopy(existing.session, session) !== session || sameSession(existing.session, session))) return false;
    const result = changes(false);
    if (!matches || !this.accepts(session)) {
      if (!existing) return this.unplaced.delete(session.id);
      this.list.remove(session.id, result);
      this.adjustTotal(-1);
      return true;
    }
    if (compare === undefined || compare(session, session) === undefined) {
      if (existing) this.upsert(session, result);
      else if (this.unplaced.has(session.id)) return false;
      else this.unplaced.add(session.id);
      return true;
    }
    let before: string | undefined;
    for (const [id, entry] of this.list.byId) {
      if (id === session.id) continue;
      const order = compare(session, entry.session);
      if (order !== undefined && order < 0) {
        before = id;
        break;
      }
    }
    if (before === undefined && this.more) {
      if (existing) this.list.remove(session.id, result);
      return existing !== undefined;
    }
    // Last: out of its old place first, so that it is not updated where it was.
    if (before === undefined && existing) this.list.remove(session.id, result);
    this.upsert(session, result, before === undefined ? 'end' : { before }, existing);
    if (!existing && isNew) this.adjustTotal(1);
    return true;
  }

  private adjustTotal(by: number): void {
    if (this.serverTotal !== undefined) this.serverTotal = Math.max(this.list.size, this.serverTotal + by);
  }

  /** A just-created session at the top of the stream (and of its buckets). */
  prepend(session: Session): IngestResult {
    const result = changes(false);
    this.upsert(session, result, 'front');
    if (result.added > 0 && this.serverTotal !== undefined) this.serverTotal++;
    return result;
  }

  entry(id: string): Entry | undefined {
    return this.list.get(id);
  }
}
