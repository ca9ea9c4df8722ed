// One group's paged query with its loading life. A stream is idle, loading (one page, or the
// loaded pages again), or failed (with an automatic retry scheduled after a rate limit with a
// known wait). A new load cancels the one before it, and an answer to a cancelled load is
// dropped: each load owns its state object, and only the current one may change the stream.
// What was loaded is the SessionList this extends.
import { isPgaiError, keyProblemOf, type PgaiError, withRequestId } from '../../api/errors';
import type { Logger } from '../../api/logger';
import type { CallOptions, ListQuery, SessionPage } from '../../api/types';
import type { StreamSpec } from './layout';
import { SessionList, type IngestResult } from './sessionList';

/**
 * What a load does: the first page; the next page; page 1 again, merged into what is loaded (an
 * automatic refresh); or the loaded pages again, replacing them (the user's Refresh).
 */
export type LoadMode = 'first' | 'more' | 'refresh' | 'reload';

/** The user's Refresh reloads at most this many pages of a group; pages past them are dropped (Load more brings them back). */
export const MAX_RELOAD_PAGES = 3;

/** The row the tree shows after a stream's sessions. */
export type Tail = 'error' | 'more' | 'empty' | '';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What a stream needs from its owner. */
export interface StreamHost {
  fetchPage(query: ListQuery, signal: AbortSignal, options?: CallOptions): Promise<SessionPage>;
  /** A load started (a "Load more" row shows that it is loading). */
  loadStarted(stream: Stream, mode: LoadMode): void;
  /** A load ended or the stream went stale; `result` says what an ingest changed. */
  changed(stream: Stream, result: IngestResult | undefined, tailBefore: Tail): void;
  /** A 401/403 came back. */
  onAuthFailure?(error: PgaiError): void;
  readonly logger: Logger;
  readonly timers: Timers;
  now(): number;
  /** Automatic retries in a row after rate-limit answers with a known wait. */
  readonly maxAutoRetries: number;
}

interface Loading {
  readonly kind: 'loading';
  readonly mode: LoadMode;
  readonly controller: AbortController;
  promise?: Promise<void>;
}

interface Failed {
  readonly kind: 'failed';
  readonly mode: LoadMode;
  readonly error: Error;
  /** A scheduled automatic retry (rate limited). */
  readonly retry?: { readonly at: number; readonly handle: unknown };
}

type LoadState = { readonly kind: 'idle' } | Loading | Failed;

const IDLE: LoadState = { kind: 'idle' };

export class Stream extends SessionList {
  private state: LoadState = IDLE;
  /** Whether the group is expanded (the root stream always is). */
  expanded = false;
  private addedByMore: readonly string[] = [];
  /** Refreshed while collapsed: reload page 1 when next expanded. */
  private stale = false;
  /** A refresh asked for while a "Load more" was on its way (true: the user asked); runs after it. */
  private refreshQueued: boolean | undefined;
  private autoRetries = 0;
  private disposed = false;

  constructor(
    spec: StreamSpec,
    private readonly host: StreamHost,
  ) {
    super(spec);
  }

  get loading(): LoadMode | undefined {
    return this.state.kind === 'loading' ? this.state.mode : undefined;
  }

  get pending(): Promise<void> | undefined {
    return this.state.kind === 'loading' ? this.state.promise : undefined;
  }

  get error(): Error | undefined {
    return this.state.kind === 'failed' ? this.state.error : undefined;
  }

  /** Epoch ms of a scheduled automatic retry. */
  get retryAt(): number | undefined {
    return this.state.kind === 'failed' ? this.state.retry?.at : undefined;
  }

  /** Whether the stream was ever asked for. */
  get asked(): boolean {
    return this.pagesLoaded > 0 || this.state.kind !== 'idle';
  }

  get tail(): Tail {
    if (this.error) return 'error';
    if (this.pagesLoaded === 0) return '';
    if (this.hasMore) return 'more';
    return this.loaded === 0 ? 'empty' : '';
  }

  /**
   * The group is on screen: loads the first page (or the refresh a stale group owes), and waits
   * only while there is nothing valid to show yet. A refresh may replace the request meanwhile:
   * then it waits for the new one.
   */
  async shown(): Promise<void> {
    this.expanded = true;
    const needsLoad = (this.pagesLoaded === 0 && this.error === undefined) || this.stale;
    if (this.loading === undefined && needsLoad) void this.load(this.pagesLoaded === 0 ? 'first' : 'refresh');
    let pending = this.pending;
    while (pending && (this.pagesLoaded === 0 || this.stale) && !this.disposed) {
      await pending;
      if (this.pending === pending) break;
      pending = this.pending;
    }
  }

  /**
   * Loads the first page (or the refresh a stale stream owes) without putting the group on
   * screen: the model's look at the whole list (are there sessions at all, any of an
   * undocumented type, can PG:AI be reached?).
   */
  prefetch(): Promise<void> {
    if (this.disposed || this.loading !== undefined) return this.pending ?? Promise.resolve();
    if (this.pagesLoaded > 0 && !this.stale) return Promise.resolve();
    return this.load(this.pagesLoaded === 0 ? 'first' : 'refresh');
  }

  /** The ids the last finished Load more added, in the server's order (empty after any other load). */
  get lastAdded(): readonly string[] {
    return this.addedByMore;
  }

  /** Fetches exactly the next page (nothing new while a load is on its way). */
  loadMore(): Promise<void> {
    if (this.loading !== undefined) return this.pending ?? Promise.resolve();
    if (this.disposed || !this.hasMore || this.pagesLoaded === 0) return Promise.resolve();
    return this.load('more');
  }

  /** Repeats what failed: the first page, the next page, or a refresh. `probe`: the user asked. */
  retry(probe = true): Promise<void> {
    if (this.loading !== undefined) return this.pending ?? Promise.resolve();
    return this.load(this.retryMode(), probe);
  }

  private retryMode(): LoadMode {
    if (this.pagesLoaded === 0) return 'first';
    const failed = this.state.kind === 'failed' ? this.state.mode : undefined;
    return failed === 'more' || failed === 'reload' ? failed : 'refresh';
  }

  /**
   * Reloads the stream if it was ever asked for: now when it is on screen, else it goes stale and
   * reloads when next expanded. A first page or refresh already on its way is fresh enough and is
   * left to finish (restarting it on every tick of a slow server would never finish); a "Load
   * more" on its way finishes first, then the refresh runs. The user's Refresh (`probe`) reloads
   * the loaded pages (at most MAX_RELOAD_PAGES) and replaces them, so sessions that left go, and
   * goes out even while the client believes the rate limit is used up; an automatic refresh
   * re-reads page 1 and merges it (one request). Returns what to wait for, if anything.
   */
  refresh(probe = false): Promise<void> | undefined {
    if (!this.asked || this.disposed) return undefined;
    if (this.loading === 'more') this.refreshQueued = (this.refreshQueued ?? false) || probe;
    if (this.loading !== undefined) return this.pending;
    const mode: LoadMode = this.pagesLoaded === 0 ? 'first' : probe ? 'reload' : 'refresh';
    if (this.expanded) return this.load(mode, probe);
    const tailBefore = this.tail;
    this.cancel();
    this.stale = true;
    this.host.changed(this, undefined, tailBefore);
    return undefined;
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  /** Stops a load on its way (its answer is dropped) and a scheduled retry; an error stays shown. */
  private cancel(): void {
    const state = this.state;
    if (state.kind === 'loading') {
      state.controller.abort();
      this.state = IDLE;
    } else if (state.kind === 'failed' && state.retry) {
      this.host.timers.clearTimeout(state.retry.handle);
      this.state = { kind: 'failed', mode: state.mode, error: state.error };
    }
  }

  /** Starts `mode`, cancelling what the stream was doing. `probe`: the user asked for it. */
  private load(mode: LoadMode, probe = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    // What the tree shows now (an error row included), to tell afterwards what changed.
    const tailBefore = this.tail;
    this.cancel();
    const loading: Loading = { kind: 'loading', mode, controller: new AbortController() };
    this.state = loading;
    const wasStale = this.stale;
    const options = probe ? { probe } : undefined;
    const current = (): boolean => this.state === loading && !this.disposed;
    const run = async (): Promise<void> => {
      let result: IngestResult | undefined;
      try {
        result = await this.fetchAndIngest(mode, loading.controller.signal, options, current);
        if (!current()) return;
        this.addedByMore = mode === 'more' && result ? result.addedIds : [];
        this.state = IDLE;
        this.stale = false;
        this.autoRetries = 0;
      } catch (err) {
        if (!current()) return;
        if (wasStale) this.stale = false;
        this.fail(mode, err);
      }
      this.host.changed(this, result, tailBefore);
      // A refresh asked for while this page was on its way runs now, so neither is lost.
      const queued = this.refreshQueued;
      this.refreshQueued = undefined;
      if (queued !== undefined) void this.refresh(queued);
    };
    loading.promise = run();
    this.host.loadStarted(this, mode);
    return loading.promise;
  }

  /** Fetches what `mode` needs and ingests it, unless the load stopped being current. */
  private async fetchAndIngest(mode: LoadMode, signal: AbortSignal, options: CallOptions | undefined, current: () => boolean): Promise<IngestResult | undefined> {
    const { query } = this.spec;
    if (mode === 'reload') {
      const pages: SessionPage[] = [];
      const count = Math.min(MAX_RELOAD_PAGES, Math.max(1, this.pagesLoaded));
      for (let n = 1; n <= count; n++) {
        const page = await this.host.fetchPage({ ...query, page: n }, signal, options);
        if (!current()) return undefined;
        pages.push(page);
        if (!page.hasMore || page.sessions.length === 0) break;
      }
      return this.replaceAll(pages);
    }
    const pageNumber = mode === 'more' ? this.nextPage : 1;
    const page = await this.host.fetchPage({ ...query, page: pageNumber }, signal, options);
    if (!current()) return undefined;
    // A first page replaces what was there before it (a created session put in meanwhile).
    const result = mode === 'refresh' ? this.replaceFirst(page) : mode === 'first' ? this.replaceAll([page]) : this.ingest(page, pageNumber);
    const { logger } = this.host;
    if (page.skipped > 0) logger.warn(`Sessions: ${page.skipped} item(s) on page ${pageNumber} could not be shown (not objects, or no id).`);
    if (mode === 'more' && result.added === 0 && page.sessions.length > 0) {
      logger.warn(`Sessions: page ${pageNumber} of ${this.spec.id} added no new sessions (the server may ignore \`page\`); stopping there.`);
    }
    return result;
  }

  private fail(mode: LoadMode, err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.state = { kind: 'failed', mode, error };
    this.host.logger.warn(`Sessions: loading ${this.spec.id} (${mode}) failed: ${withRequestId(error)}`);
    if (isPgaiError(err) && keyProblemOf(err)) {
      this.host.onAuthFailure?.(err);
      return;
    }
    if (!isPgaiError(err, 'rateLimited') || err.retryAfterMs === undefined || this.autoRetries >= this.host.maxAutoRetries) return;
    this.autoRetries++;
    const wait = Math.max(1000, err.retryAfterMs);
    const failed: Failed = {
      kind: 'failed',
      mode,
      error,
      retry: {
        at: this.host.now() + wait,
        handle: this.host.timers.setTimeout(() => {
          if (this.state === failed && !this.disposed) void this.retry(false);
        }, wait),
      },
    };
    this.state = failed;
  }
}
