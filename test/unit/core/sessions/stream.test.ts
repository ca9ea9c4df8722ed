// One group's loading life, driven directly: what each action requests (which pages, probe or
// not), what the tree is told (load started, changed, with the tail it had), how failures are
// kept and retried, and that a cancelled or stale answer changes nothing.
import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import type { CallOptions, ListQuery, SessionPage } from '../../../../src/api/types';
import type { IngestResult } from '../../../../src/core/sessions/sessionList';
import { MAX_RELOAD_PAGES, Stream, type LoadMode, type StreamHost, type Tail } from '../../../../src/core/sessions/stream';
import { FakeApi, FakeTimers, flush, page, session, sessions } from './factories';

interface Recorder {
  host: StreamHost;
  api: FakeApi;
  timers: FakeTimers;
  started: LoadMode[];
  changed: { result: IngestResult | undefined; tailBefore: Tail; tailAfter: Tail }[];
  options: (CallOptions | undefined)[];
  warnings: string[];
  authFailures: PgaiError[];
}

function recorder(data = sessions(12), maxAutoRetries = 3): Recorder {
  const api = new FakeApi(data);
  const timers = new FakeTimers();
  const r: Recorder = { api, timers, started: [], changed: [], options: [], warnings: [], authFailures: [], host: undefined as unknown as StreamHost };
  r.host = {
    fetchPage: (query: ListQuery, signal: AbortSignal, options?: CallOptions): Promise<SessionPage> => {
      r.options.push(options);
      return api.listSessions(query, signal);
    },
    loadStarted: (_stream, mode) => r.started.push(mode),
    changed: (stream, result, tailBefore) => r.changed.push({ result, tailBefore, tailAfter: stream.tail }),
    onAuthFailure: (error) => r.authFailures.push(error),
    logger: {
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => r.warnings.push(message),
      error: () => undefined,
    },
    timers,
    now: () => timers.now,
    maxAutoRetries,
  };
  return r;
}

function stream(r: Recorder, id = 't:chat'): Stream {
  return new Stream({ id, query: { perPage: 5, sortBy: 'updated_at', sortOrder: 'desc' }, levels: [] }, r.host);
}

const pages = (r: Recorder) => r.api.requests.map((q) => q.page);
const server500 = () => new PgaiError('server', 'PG:AI had a server error (500); try again later.', { status: 500 });
const limited = (retryAfterMs?: number) => new PgaiError('rateLimited', 'Rate limited.', { status: 429, retryAfterMs });

describe('core/sessions/stream', () => {
  describe('before and while the first page loads', () => {
    it('is not asked, idle and without a tail until shown; shown loads page 1 once and waits for it', async () => {
      const r = recorder();
      const s = stream(r);
      assert.deepEqual([s.asked, s.loading, s.pending, s.error, s.retryAt, s.tail, s.expanded], [false, undefined, undefined, undefined, undefined, '', false]);
      r.api.hold = true;
      const shown = s.shown();
      assert.equal(s.expanded, true);
      assert.equal(s.loading, 'first');
      assert.equal(s.asked, true);
      assert.ok(s.pending instanceof Promise);
      assert.deepEqual(r.started, ['first']);
      const again = s.shown();
      await flush();
      assert.equal(r.api.requests.length, 1, 'a second shown() joins the load');
      r.api.release();
      await Promise.all([shown, again]);
      assert.deepEqual([s.loading, s.pending, s.loaded, s.tail], [undefined, undefined, 5, 'more']);
      assert.deepEqual(r.changed.map((c) => [c.tailBefore, c.tailAfter]), [['', 'more']]);
      assert.equal(r.changed[0].result?.added, 5);
      assert.deepEqual(r.options, [undefined], 'page 1 on expand is not a probe');
      await s.shown();
      assert.equal(r.api.requests.length, 1, 'shown again: nothing to load');
    });

    it('the tail: "empty" for a loaded empty query, "" for a complete list, "error" while failed', async () => {
      const empty = recorder([]);
      const s = stream(empty);
      await s.shown();
      assert.equal(s.tail, 'empty');
      const whole = recorder(sessions(3));
      const w = stream(whole);
      await w.shown();
      assert.equal(w.tail, '');
      const failing = recorder();
      const f = stream(failing);
      failing.api.failNext(server500());
      await f.shown();
      assert.equal(f.tail, 'error');
      assert.equal(f.asked, true, 'a failed first page was asked for');
      assert.equal(f.pagesLoaded, 0);
    });

    it('a failed first page is not fetched again by showing the group again; Retry fetches it', async () => {
      const r = recorder();
      const s = stream(r);
      r.api.failNext(server500());
      await s.shown();
      assert.equal(s.error?.message, 'PG:AI had a server error (500); try again later.');
      await s.shown();
      assert.equal(r.api.requests.length, 1);
      await s.retry();
      assert.deepEqual(pages(r), [1, 1]);
      assert.deepEqual(r.options, [undefined, { probe: true }], "the user's Retry is a probe");
      assert.equal(s.error, undefined);
      assert.equal(s.loaded, 5);
      assert.deepEqual(r.started, ['first', 'first']);
      assert.deepEqual(r.changed.map((c) => [c.tailBefore, c.tailAfter]), [['', 'error'], ['error', 'more']]);
    });
  });

  describe('load more', () => {
    it('fetches exactly the next page, once however often it is asked while loading', async () => {
      const r = recorder();
      const s = stream(r);
      await s.shown();
      r.api.hold = true;
      const a = s.loadMore();
      const b = s.loadMore();
      assert.equal(s.loading, 'more');
      assert.equal(b, s.pending);
      assert.equal(a, s.pending);
      await flush();
      assert.equal(r.api.held.length, 1);
      r.api.release();
      await a;
      assert.deepEqual(pages(r), [1, 2]);
      assert.deepEqual(r.started, ['first', 'more']);
      assert.equal(s.loaded, 10);
      assert.equal(s.nextPage, 3);
    });

    it('does nothing before the first page, after the last one, or once disposed', async () => {
      const r = recorder(sessions(7));
      const s = stream(r);
      await s.loadMore();
      assert.equal(r.api.requests.length, 0, 'before the first page');
      await s.shown();
      await s.loadMore();
      assert.deepEqual(pages(r), [1, 2]);
      assert.equal(s.hasMore, false);
      await s.loadMore();
      assert.deepEqual(pages(r), [1, 2], 'after the last page');
      const d = recorder();
      const ds = stream(d);
      await ds.shown();
      ds.dispose();
      await ds.loadMore();
      await ds.retry();
      assert.equal(ds.refresh(true), undefined);
      await ds.shown();
      assert.equal(d.api.requests.length, 1, 'disposed');
    });

    it('a page that adds nothing new is logged and ends paging; skipped rows are logged with their page', async () => {
      const r = recorder();
      r.api.ignorePage = true;
      const s = stream(r);
      await s.shown();
      await s.loadMore();
      assert.equal(s.hasMore, false);
      assert.deepEqual(r.warnings, ['Sessions: page 2 of t:chat added no new sessions (the server may ignore `page`); stopping there.']);
      const skip = recorder();
      skip.host = { ...skip.host, fetchPage: () => Promise.resolve(page(sessions(2), 1, 5, { skipped: 3 })) };
      const ks = stream(skip);
      await ks.shown();
      assert.deepEqual(skip.warnings, ['Sessions: 3 item(s) on page 1 could not be shown (not objects, or no id).']);
      assert.equal(ks.loaded, 2);
    });

    it('a failed Load more keeps the loaded sessions; Retry asks for that page again', async () => {
      const r = recorder();
      const s = stream(r);
      await s.shown();
      r.api.failNext(server500());
      await s.loadMore();
      assert.equal(s.tail, 'error');
      assert.equal(s.loaded, 5);
      await s.retry(false);
      assert.deepEqual(pages(r), [1, 2, 2]);
      assert.deepEqual(r.options, [undefined, undefined, undefined], 'retry(false) is not a probe');
      assert.equal(s.loaded, 10);
      assert.deepEqual(r.started, ['first', 'more', 'more']);
    });
  });

  describe('refresh', () => {
    it('does nothing for a stream never asked for', () => {
      const r = recorder();
      const s = stream(r);
      assert.equal(s.refresh(), undefined);
      assert.equal(s.refresh(true), undefined);
      assert.equal(r.api.requests.length, 0);
      assert.deepEqual(r.changed, []);
    });

    it('an automatic refresh re-reads page 1 only; the user’s reloads the loaded pages (at most three), as a probe', async () => {
      const r = recorder(sessions(30));
      const s = stream(r);
      await s.shown();
      for (let i = 0; i < 4; i++) await s.loadMore();
      assert.equal(s.pagesLoaded, 5);
      const before = r.api.requests.length;
      await s.refresh();
      assert.deepEqual(pages(r).slice(before), [1]);
      assert.equal(r.started.at(-1), 'refresh');
      assert.equal(r.options.at(-1), undefined);
      assert.equal(s.loaded, 25, 'later pages kept');
      const mid = r.api.requests.length;
      await s.refresh(true);
      assert.equal(MAX_RELOAD_PAGES, 3);
      assert.deepEqual(pages(r).slice(mid), [1, 2, 3]);
      assert.deepEqual(r.options.slice(mid), [{ probe: true }, { probe: true }, { probe: true }]);
      assert.equal(r.started.at(-1), 'reload');
      assert.equal(s.loaded, 15, 'pages past the third are dropped');
      assert.equal(s.nextPage, 4);
    });

    it('a reload stops at a short or last page', async () => {
      const r = recorder(sessions(7));
      const s = stream(r);
      await s.shown();
      await s.loadMore();
      const before = r.api.requests.length;
      r.api.data = sessions(4);
      await s.refresh(true);
      assert.deepEqual(pages(r).slice(before), [1], 'page 1 says it is the last one');
      assert.equal(s.loaded, 4);
      assert.equal(s.hasMore, false);
    });

    it('a reload of a stream with one page loaded asks for one page', async () => {
      const r = recorder(sessions(20));
      const s = stream(r);
      await s.shown();
      await s.refresh(true);
      assert.deepEqual(pages(r), [1, 1]);
    });

    it('a refresh of a failed first page loads the first page', async () => {
      const r = recorder();
      const s = stream(r);
      r.api.failNext(server500());
      await s.shown();
      await s.refresh();
      assert.deepEqual(r.started, ['first', 'first']);
      assert.equal(s.loaded, 5);
    });

    it('collapsed: goes stale at once (telling the tree, with the tail it had), and reloads page 1 when shown', async () => {
      const r = recorder();
      const s = stream(r);
      await s.shown();
      await s.loadMore();
      s.expanded = false;
      r.changed.length = 0;
      assert.equal(s.refresh(true), undefined);
      assert.equal(r.api.requests.length, 2, 'nothing fetched while collapsed');
      assert.deepEqual(r.changed, [{ result: undefined, tailBefore: 'more', tailAfter: 'more' }]);
      r.api.hold = true;
      const shown = s.shown();
      assert.equal(s.loading, 'refresh');
      await flush();
      r.api.release();
      await shown;
      assert.deepEqual(pages(r), [1, 2, 1]);
      assert.equal(s.loaded, 10, 'page 2 stays');
      await s.shown();
      assert.equal(r.api.requests.length, 3, 'no longer stale');
    });

    it('a stale group whose refresh fails is not stale any more (the error shows, no reload loop)', async () => {
      const r = recorder();
      const s = stream(r);
      await s.shown();
      s.expanded = false;
      void s.refresh();
      r.api.failNext(server500());
      await s.shown();
      assert.equal(s.tail, 'error');
      assert.equal(s.loaded, 5);
      await s.shown();
      assert.equal(r.api.requests.length, 2);
      await s.retry();
      assert.deepEqual(r.started, ['first', 'refresh', 'refresh'], 'a failed refresh is retried as a refresh');
    });

    it('a failed reload is retried as a reload', async () => {
      const r = recorder(sessions(20));
      const s = stream(r);
      await s.shown();
      await s.loadMore();
      r.api.failNext(server500());
      await s.refresh(true);
      assert.equal(s.tail, 'error');
      const before = r.api.requests.length;
      await s.retry();
      assert.equal(r.started.at(-1), 'reload');
      assert.deepEqual(pages(r).slice(before), [1, 2]);
    });

    it('while a first page or refresh is on its way, a refresh joins it; during Load more it is queued and runs after', async () => {
      const r = recorder(sessions(20));
      const s = stream(r);
      r.api.hold = true;
      const first = s.shown();
      await flush();
      assert.equal(s.refresh(true), s.pending);
      assert.equal(r.api.held.length, 1);
      r.api.release();
      await first;
      const more = s.loadMore();
      await flush();
      const queued = s.refresh();
      assert.equal(queued, more);
      void s.refresh(true);
      void s.refresh();
      await flush();
      assert.equal(r.api.held.length, 1, 'Load more is not cancelled');
      r.api.release();
      await more;
      await flush();
      assert.equal(s.loading, 'reload', "the queued refresh runs once, as the user's (one of them asked)");
      while (r.api.held.length > 0) {
        r.api.release();
        await flush();
      }
      await s.pending;
      assert.deepEqual(pages(r), [1, 2, 1, 2]);
      assert.equal(s.loading, undefined);
    });

    it('an automatic refresh queued during Load more runs as an automatic one', async () => {
      const r = recorder(sessions(20));
      const s = stream(r);
      await s.shown();
      r.api.hold = true;
      const more = s.loadMore();
      await flush();
      void s.refresh();
      r.api.release();
      await more;
      assert.equal(s.loading, 'refresh');
      r.api.release();
      await flush();
      assert.deepEqual(pages(r), [1, 2, 1]);
    });
  });

  describe('failures and automatic retries', () => {
    it('401/403 go to the host once, with no retry scheduled; other errors do not', async () => {
      for (const error of [new PgaiError('auth', 'PG:AI rejected the API key (401).', { status: 401 }), new PgaiError('permission', 'No scope (403).', { status: 403 })]) {
        const r = recorder();
        const s = stream(r);
        r.api.failNext(error);
        await s.shown();
        assert.deepEqual(r.authFailures, [error]);
        assert.equal(r.timers.pending.size, 0);
        assert.equal(s.retryAt, undefined);
        assert.deepEqual(r.warnings, [`Sessions: loading t:chat (first) failed: ${error.message}`]);
      }
      const r = recorder();
      r.api.failNext(server500());
      await stream(r).shown();
      assert.deepEqual(r.authFailures, []);
    });

    it('a rate limit with a known wait retries itself after it (at least a second), at most maxAutoRetries in a row', async () => {
      const r = recorder(sessions(12), 2);
      const s = stream(r);
      r.api.failNext(limited(200));
      r.api.failNext(limited(4_000));
      r.api.failNext(limited(4_000));
      await s.shown();
      assert.equal(s.retryAt, r.timers.now + 1_000, 'a 200 ms wait is stretched to one second');
      r.timers.advance(999);
      await flush();
      assert.equal(r.api.requests.length, 1);
      r.timers.advance(1);
      await flush();
      assert.equal(r.api.requests.length, 2);
      assert.equal(s.retryAt, r.timers.now + 4_000);
      r.timers.advance(4_000);
      await flush();
      assert.equal(r.api.requests.length, 3);
      assert.equal(s.retryAt, undefined, 'two automatic retries in a row, then no more');
      assert.ok(s.error);
      assert.deepEqual(r.options, [undefined, undefined, undefined], 'automatic retries are not probes');
      // After a success the count starts again.
      await s.retry();
      assert.equal(s.error, undefined);
      r.api.failNext(limited(4_000));
      await s.refresh();
      assert.equal(s.retryAt, r.timers.now + 4_000);
    });

    it('a rate limit without a known wait, or with retries off, is left to the user', async () => {
      const r = recorder();
      const s = stream(r);
      r.api.failNext(limited(undefined));
      await s.shown();
      assert.equal(s.retryAt, undefined);
      assert.equal(r.timers.pending.size, 0);
      const off = recorder(sessions(3), 0);
      off.api.failNext(limited(5_000));
      const o = stream(off);
      await o.shown();
      assert.equal(o.retryAt, undefined);
    });

    it('a scheduled retry is cancelled by a collapse-time refresh and by dispose; the error stays shown', async () => {
      const r = recorder();
      const s = stream(r);
      await s.shown();
      r.api.failNext(limited(5_000));
      await s.loadMore();
      assert.equal(r.timers.pending.size, 1);
      s.expanded = false;
      void s.refresh();
      assert.equal(r.timers.pending.size, 0);
      assert.equal(s.retryAt, undefined);
      assert.equal(s.error?.message, 'Rate limited.');
      r.timers.advance(10_000);
      await flush();
      assert.equal(r.api.requests.length, 2);
      const d = recorder();
      const ds = stream(d);
      d.api.failNext(limited(5_000));
      await ds.shown();
      ds.dispose();
      assert.equal(d.timers.pending.size, 0);
    });

    it('a retry timer that fires after the stream moved on does nothing', async () => {
      const r = recorder();
      const s = stream(r);
      r.api.failNext(limited(5_000));
      await s.shown();
      const [timer] = [...r.timers.pending.values()];
      await s.retry();
      assert.equal(r.api.requests.length, 2);
      timer.callback();
      await flush();
      assert.equal(r.api.requests.length, 2);
    });

    it('something thrown that is not an Error is shown as text', async () => {
      const r = recorder();
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a transport that rejects with a string
      const s = stream({ ...r, host: { ...r.host, fetchPage: () => Promise.reject('socket closed') } });
      await s.shown();
      assert.ok(s.error instanceof Error);
      assert.equal(s.error.message, 'socket closed');
    });
  });

  describe('cancelled answers', () => {
    it('dispose cancels a load on its way; its late answer changes nothing', async () => {
      const r = recorder();
      r.api.ignoreAbort = true;
      const s = stream(r);
      await s.shown();
      r.api.hold = true;
      const more = s.loadMore();
      await flush();
      const signal = r.api.held[0].signal;
      s.dispose();
      assert.equal(signal.aborted, true);
      r.changed.length = 0;
      r.api.release();
      await more;
      assert.equal(s.loaded, 5);
      assert.deepEqual(r.changed, []);
    });

    it('a late failure of a cancelled load is not shown', async () => {
      const r = recorder();
      r.api.ignoreAbort = true;
      const s = stream(r);
      r.api.hold = true;
      r.api.failNext(server500());
      const shown = s.shown();
      await flush();
      s.dispose();
      r.api.release();
      await shown;
      assert.equal(s.error, undefined);
      assert.deepEqual(r.changed, []);
    });

    it('shown() of a stale group waits for the refresh that replaced its request', async () => {
      const r = recorder([session(), session()]);
      const s = stream(r);
      await s.shown();
      s.expanded = false;
      void s.refresh();
      r.api.hold = true;
      const shown = s.shown();
      let done = false;
      void shown.then(() => (done = true));
      await flush();
      assert.equal(done, false);
      r.api.release();
      await shown;
      assert.equal(done, true);
    });
  });
});
