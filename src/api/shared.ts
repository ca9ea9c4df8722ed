// Identical concurrent requests share one in-flight promise. Each caller's AbortSignal only
// detaches that caller; the shared work is aborted when every caller has gone.

import { cancelledError } from './retry';

interface Entry<T> {
  readonly promise: Promise<T>;
  readonly abort: AbortController;
  callers: number;
}

export class SharedRequests<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** Requests in flight (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Joins the in-flight work for `key`, or starts it with `start(signal)` (aborted once every
   * caller has left). Rejects with PgaiError('cancelled') as soon as the caller's own `signal` aborts.
   */
  run(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    let entry = this.entries.get(key);
    if (!entry) {
      const abort = new AbortController();
      const promise = start(abort.signal);
      const forget = () => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      };
      // Callers get the work's own promise (no extra link in the chain); rejections reach them,
      // so none is unhandled here.
      promise.then(forget, forget);
      const created: Entry<T> = { promise, abort, callers: 0 };
      entry = created;
      this.entries.set(key, entry);
    }
    const joined = entry;
    joined.callers++;
    // A caller without a signal never leaves early, so it can wait on the shared promise itself.
    if (!signal) return joined.promise;
    return new Promise<T>((resolve, reject) => {
      // Whichever comes first, the caller's abort or the shared outcome, decides.
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        finish();
      };
      const onAbort = () =>
        settle(() => {
          joined.callers--;
          if (joined.callers === 0) {
            if (this.entries.get(key) === joined) this.entries.delete(key);
            joined.abort.abort();
          }
          reject(cancelledError());
        });
      signal.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (value) => settle(() => resolve(value)),
        (error: Error) => settle(() => reject(error)),
      );
    });
  }

  /** Aborts everything in flight. */
  abortAll(): void {
    for (const entry of this.entries.values()) entry.abort.abort();
    this.entries.clear();
  }
}
