// What is known across all of the model's streams: every loaded session once, the companies
// and statuses seen, whether the list has any session at all, whether "Other types" has
// anything to show, and whether PG:AI could be reached at the last try.
import { isPgaiError } from '../../api/errors';
import type { Session } from '../../api/types';
import { compareStatusKeys } from './statusInfo';
import type { Stream } from './stream';

export type Emptiness = 'unknown' | 'some' | 'none';

/** A connection failure or a timeout: PG:AI could not be reached (as opposed to answering badly). */
export function isUnreachable(error: Error | undefined): boolean {
  return isPgaiError(error, 'connection') || isPgaiError(error, 'timeout');
}

export class Overview {
  /** Set while the latest finished load anywhere failed to reach PG:AI; cleared by any success. */
  private unreachable: Error | undefined;

  constructor(
    private readonly streams: ReadonlyMap<string, Stream>,
    /** The stream that pages the whole list (the root, or "Other types"), if any. */
    private readonly whole: Stream | undefined,
    /** The stream of "Other types" (type groupings without a type filter). */
    private readonly other: Stream | undefined,
    /** Whether the whole list is looked at before it is shown (see ModelDeps.lookAtWholeList). */
    private readonly looked: boolean,
  ) {}

  /** "Other types" shows once it holds a session, or always when the list is not looked at. */
  otherShown(): boolean {
    const other = this.other;
    return other !== undefined && (!this.looked || other.loaded > 0 || other.expanded);
  }

  /**
   * Whether the current query lists any session: 'none' once a complete first page came back
   * empty, 'some' once any session was seen, else 'unknown' (not asked yet, or only some types
   * are listed, each saying so in its own group).
   */
  emptiness(): Emptiness {
    const whole = this.whole;
    if (!whole || whole.pagesLoaded === 0 || whole.error !== undefined) return 'unknown';
    if (whole.rowsSeen > 0 || this.loadedCount() > 0) return 'some';
    return whole.hasMore ? 'unknown' : 'none';
  }

  get unreachableError(): Error | undefined {
    return this.unreachable;
  }

  /** After each finished load: a success clears "unreachable", a connection failure sets it. */
  noteOutcome(stream: Stream): void {
    const error = stream.error;
    if (error === undefined) {
      if (stream.pagesLoaded > 0) this.unreachable = undefined;
    } else if (isUnreachable(error)) {
      this.unreachable = error;
    }
  }

  /** Whether a refresh takes the look at the whole list again ("Other types" collapsed, looked at before). */
  wholeListLookDue(): boolean {
    const other = this.other;
    return this.looked && other !== undefined && !other.expanded && other.asked;
  }

  /** Requests a refresh makes now: one per expanded stream that was asked for, and the look at the whole list. */
  refreshCost(): number {
    let cost = this.wholeListLookDue() ? 1 : 0;
    for (const stream of this.streams.values()) if (stream.asked && stream.expanded) cost++;
    return cost;
  }

  /** What the root's children depend on beyond the streams' own rows. */
  rootState(): string {
    return `${this.otherShown()}|${this.emptiness()}|${this.unreachable !== undefined}`;
  }

  /** Every loaded session once (by id), in stream order. */
  loadedSessions(): Session[] {
    const seen = new Map<string, Session>();
    for (const stream of this.streams.values()) {
      for (const [id, entry] of stream.entries) if (!seen.has(id)) seen.set(id, entry.session);
    }
    return [...seen.values()];
  }

  knownCompanyIds(): string[] {
    const ids = new Set<string>();
    for (const session of this.loadedSessions()) if (session.companyId) ids.add(session.companyId);
    return [...ids];
  }

  seenStatuses(): string[] {
    const statuses = new Set<string>();
    for (const session of this.loadedSessions()) if (session.status) statuses.add(session.status);
    return [...statuses].sort(compareStatusKeys);
  }

  /** A loaded session by id (first stream that has it). */
  findSession(id: string): Session | undefined {
    for (const stream of this.streams.values()) {
      const entry = stream.entry(id);
      if (entry) return entry.session;
    }
    return undefined;
  }

  private loadedCount(): number {
    let n = 0;
    for (const stream of this.streams.values()) n += stream.loaded;
    return n;
  }
}
