// The sessions one stream shows, in display order, and the buckets (status, type) they are
// filed under. Both change together here, so the buckets' order always follows the display
// order: a session goes at the end, at the front, or before another one.
import type { Session } from '../../api/types';
import { Bucket } from './buckets';

/** A loaded session and the bucket keys it is filed under. */
export type Entry = { session: Session; keys: readonly string[] };

/** Where a session goes: after the others, first, or before the session with this id. */
export type Position = 'end' | 'front' | { readonly before: string };

/** What changed, so the caller can fire the smallest part of the tree. */
export interface Changes {
  structureChanged: boolean;
  touched: Set<string>;
  added: number;
  addedIds: string[];
}

export function changes(structureChanged: boolean): Changes {
  return { structureChanged, touched: new Set<string>(), added: 0, addedIds: [] };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class Entries {
  private map = new Map<string, Entry>();
  private bucket = new Bucket('');

  get byId(): ReadonlyMap<string, Entry> {
    return this.map;
  }

  get root(): Bucket {
    return this.bucket;
  }

  get size(): number {
    return this.map.size;
  }

  get(id: string): Entry | undefined {
    return this.map.get(id);
  }

  /** Empties the list; returns what it held (session nodes keep their Entry objects). */
  clear(): ReadonlyMap<string, Entry> {
    const old = this.map;
    this.map = new Map();
    this.bucket = new Bucket('');
    return old;
  }

  /** Puts an entry back at the end as it was (a refresh keeping a session from a later page). */
  restore(id: string, entry: Entry): void {
    this.map.set(id, entry);
    this.bucket.add(id, entry.keys);
  }

  /**
   * Adds or updates one session under `keys`. A session already listed is updated in place
   * when its keys stay and no position is asked for, else moved. `previous`: its entry from
   * before a rebuild, kept because session nodes hold it.
   */
  upsert(session: Session, keys: readonly string[], result: Changes, at: Position = 'end', previous?: Entry): void {
    const existing = this.map.get(session.id);
    if (existing) {
      if (sameKeys(existing.keys, keys) && at === 'end') {
        existing.session = session;
        if (keys.length > 0) result.touched.add(keys[0]);
        return;
      }
      this.remove(session.id, result);
    }
    const entry: Entry = existing ?? previous ?? { session, keys };
    entry.session = session;
    entry.keys = keys;
    if (at === 'end') {
      this.map.set(session.id, entry);
      if (this.bucket.add(session.id, keys)) result.structureChanged = true;
    } else {
      this.insert(session.id, entry, at, result);
    }
    if (keys.length > 0) result.touched.add(keys[0]);
    if (existing) return;
    result.added++;
    result.addedIds.push(session.id);
  }

  /** Rebuilds the order with the entry in place (O(listed)); its bucket gets it in the same place. */
  private insert(id: string, entry: Entry, at: 'front' | { readonly before: string }, result: Changes): void {
    const before = at === 'front' ? undefined : at.before;
    const order: [string, Entry][] = [];
    if (before === undefined || !this.map.has(before)) order.push([id, entry]);
    for (const item of this.map) {
      if (item[0] === before) order.push([id, entry]);
      order.push(item);
    }
    this.map = new Map(order);
    const rank = new Map<string, number>();
    order.forEach(([key], index) => rank.set(key, index));
    const mine = rank.get(id) as number;
    if (this.bucket.add(id, entry.keys, (other) => (rank.get(other) ?? Infinity) > mine)) result.structureChanged = true;
  }

  remove(id: string, result: Changes): void {
    const entry = this.map.get(id);
    if (!entry) return;
    this.map.delete(id);
    if (this.bucket.remove(id, entry.keys)) result.structureChanged = true;
    if (entry.keys.length > 0) result.touched.add(entry.keys[0]);
  }
}
