// Watched sessions: which ids the user watches (per API origin, kept in a small key-value store
// across restarts) and what to tell them when a watched session finishes or starts waiting for
// input. Pure: the VS Code layer passes its globalState in and shows what `observe` returns.
// Every status is classified through statusKind, the one place status names map to kinds.
import type { Session } from '../../api/types';
import { readIdList, withFirst, writeIdList, type IdStore } from '../idList';
import { parseTime } from './relativeTime';
import { statusKind, type StatusKind } from './statusInfo';

/** How many ids one origin keeps: the most recently watched. */
export const WATCHED_MAX = 200;
/** Ids are short (UUIDs); anything longer in the store is not one of ours. */
const ID_MAX = 200;
const KEY_PREFIX = 'pgai.watchedSessions:';

/** The kinds a watched session is told about when it reaches one. */
export type TellKind = Extract<StatusKind, 'completed' | 'failed' | 'cancelled' | 'needsInput'>;
const TELL: ReadonlySet<StatusKind> = new Set<StatusKind>(['completed', 'failed', 'cancelled', 'needsInput']);
/** The kinds that make a watched session "active" (the status bar shows it, the poller looks more often). */
const ACTIVE_KINDS: ReadonlySet<StatusKind> = new Set<StatusKind>(['running', 'queued', 'active', 'needsInput']);

export function isFinished(kind: StatusKind): boolean {
  return kind === 'completed' || kind === 'failed' || kind === 'cancelled';
}

/** The store key for an origin's ids. */
export function watchedKey(origin: string): string {
  return KEY_PREFIX + origin;
}

function isId(id: string): boolean {
  return id !== '' && id.length <= ID_MAX;
}

/**
 * The ids watched on the current origin, most recently watched first. Garbage in the store
 * (another version's value, a hand edit) reads as what is usable in it, never throws.
 */
export class WatchedIds {
  private current: string[] = [];
  /** The same ids, for `has` (asked for every row the tree draws). */
  private lookup = new Set<string>();
  private currentOrigin: string | undefined;

  constructor(
    private readonly store: IdStore,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly max = WATCHED_MAX,
  ) {}

  get origin(): string | undefined {
    return this.currentOrigin;
  }

  /** Switches to another origin's ids (none while there is no origin). */
  setOrigin(origin: string | undefined): void {
    this.currentOrigin = origin;
    this.set(origin === undefined ? [] : readIdList(this.store, watchedKey(origin), { max: this.max, accept: isId }, this.onError));
  }

  has(id: string): boolean {
    return this.lookup.has(id);
  }

  get size(): number {
    return this.current.length;
  }

  ids(): readonly string[] {
    return this.current;
  }

  /** Watches `id` (first in the list; the oldest beyond the bound is dropped). False without an origin. */
  add(id: string): boolean {
    if (this.currentOrigin === undefined || !isId(id)) return false;
    if (this.current[0] === id) return true;
    this.set(withFirst(this.current, id, this.max));
    this.save();
    return true;
  }

  /** Stops watching `id`; true when it was watched. */
  remove(id: string): boolean {
    if (!this.has(id)) return false;
    this.set(this.current.filter((other) => other !== id));
    this.save();
    return true;
  }

  private set(ids: string[]): void {
    this.current = ids;
    this.lookup = new Set(ids);
  }

  private save(): void {
    if (this.currentOrigin !== undefined) writeIdList(this.store, watchedKey(this.currentOrigin), this.current, this.onError);
  }
}

/** A watched session that reached a kind worth telling. */
export interface Transition {
  readonly session: Session;
  readonly from: StatusKind;
  readonly to: TellKind;
}

/**
 * What is known of each watched session: its last seen copy. A transition is a change of kind
 * into one worth telling, between two sightings; a baseline observation and a session with no
 * status before only record. A first sighting only records too, unless the session was updated
 * after the newest update the baseline saw (server times both): then it changed while watched
 * (a session watched before a restart, not among the sessions the first look read).
 */
export class WatchTracker {
  private readonly known = new Map<string, Session>();
  /** The newest `updated_at` the baseline observation read (epoch ms, server clock). */
  private baselineNewest: number | undefined;

  constructor(private readonly isWatched: (id: string) => boolean) {}

  observe(sessions: readonly Session[], baseline: boolean): Transition[] {
    const transitions: Transition[] = [];
    if (baseline) this.noteBaseline(sessions);
    const seen = new Set<string>();
    for (const session of sessions) {
      // The newest copy comes first; a later duplicate (another page) is older.
      if (seen.has(session.id) || !this.isWatched(session.id)) continue;
      seen.add(session.id);
      const before = this.known.get(session.id);
      this.known.set(session.id, session);
      if (baseline || (before === undefined && !this.changedSinceBaseline(session))) continue;
      const from = before === undefined ? 'unknown' : statusKind(before.status);
      const to = statusKind(session.status);
      if (from === 'none' || from === to || !TELL.has(to)) continue;
      transitions.push({ session, from, to: to as TellKind });
    }
    return transitions;
  }

  private noteBaseline(sessions: readonly Session[]): void {
    for (const session of sessions) {
      const time = parseTime(session.updatedAt);
      if (time !== undefined && (this.baselineNewest === undefined || time > this.baselineNewest)) this.baselineNewest = time;
    }
  }

  private changedSinceBaseline(session: Session): boolean {
    const time = parseTime(session.updatedAt);
    return this.baselineNewest !== undefined && time !== undefined && time > this.baselineNewest;
  }

  /** Records a session as known as it is now (a created one, or one just watched from the tree). */
  note(session: Session): void {
    if (!this.isWatched(session.id)) return;
    this.known.set(session.id, session);
    // Ids beyond the watched bound fall out of the watched list; their copies go here.
    for (const id of this.known.keys()) if (!this.isWatched(id)) this.known.delete(id);
  }

  forget(id: string): void {
    this.known.delete(id);
  }

  /** Forgets everything (another origin). */
  clear(): void {
    this.known.clear();
    this.baselineNewest = undefined;
  }

  /** The last known copy of a watched session. */
  get(id: string): Session | undefined {
    return this.isWatched(id) ? this.known.get(id) : undefined;
  }

  /** Watched sessions whose last known status is of an active kind. */
  active(): Session[] {
    return [...this.known.values()].filter((s) => this.isWatched(s.id) && ACTIVE_KINDS.has(statusKind(s.status)));
  }
}
