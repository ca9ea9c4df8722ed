// A tree of buckets that a stream's sessions are sorted into (e.g. status, or status → type).
// Updated incrementally: adding a session touches one bucket per level, so adding a page costs
// in proportion to the page, never to what is already loaded.

export class Bucket {
  /** Ids in display order (leaf buckets only). */
  readonly ids: string[] = [];
  /** Sub-buckets by key (inner buckets only), in first-seen order. */
  readonly children = new Map<string, Bucket>();
  /** Sessions in this bucket and below. */
  count = 0;
  /** Bumped on every change to the ids or the sub-buckets (children caches key on it). */
  version = 0;

  constructor(readonly key: string) {}

  /**
   * Adds an id under `keys` (one key per level below this bucket), at the end of its bucket or
   * before the first id `goesBefore` says it precedes; returns whether a new sub-bucket of this
   * one appeared.
   */
  add(id: string, keys: readonly string[], goesBefore?: (other: string) => boolean): boolean {
    let created = false;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let bucket: Bucket = this;
    for (let level = 0; level < keys.length; level++) {
      bucket.count++;
      bucket.version++;
      const key = keys[level];
      let next = bucket.children.get(key);
      if (!next) {
        next = new Bucket(key);
        bucket.children.set(key, next);
        if (level === 0) created = true;
      }
      bucket = next;
    }
    bucket.count++;
    bucket.version++;
    const index = goesBefore ? bucket.ids.findIndex(goesBefore) : -1;
    if (index === -1) bucket.ids.push(id);
    else bucket.ids.splice(index, 0, id);
    return created;
  }

  /** Removes an id stored under `keys`; empty sub-buckets go away. Returns whether a sub-bucket of this one went away. */
  remove(id: string, keys: readonly string[]): boolean {
    const path: Bucket[] = [this];
    let bucket: Bucket = path[0];
    for (const key of keys) {
      const next = bucket.children.get(key);
      if (!next) return false;
      path.push(next);
      bucket = next;
    }
    const index = bucket.ids.indexOf(id);
    if (index === -1) return false;
    bucket.ids.splice(index, 1);
    for (const b of path) {
      b.count--;
      b.version++;
    }
    let removedTop = false;
    for (let level = keys.length - 1; level >= 0; level--) {
      const child = path[level + 1];
      if (child.count > 0) break;
      (path[level]).children.delete(keys[level]);
      if (level === 0) removedTop = true;
    }
    return removedTop;
  }

  /** The bucket at `path` below this one. */
  at(path: readonly string[]): Bucket | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let bucket: Bucket | undefined = this;
    for (const key of path) {
      bucket = bucket.children.get(key);
      if (!bucket) return undefined;
    }
    return bucket;
  }
}
