import assert from 'node:assert/strict';
import { type Sandbox } from '../../../sandbox/server';
import { closedPort, expectError, fakeTime, makeClient, neverSleep, startTestSandbox } from './harness';

describe('PgaiClient retries, rate limits, timeouts and cancellation', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.setOptions({ envelope: 'items', rateLimit: false, latencyMs: 0 });
  });

  it('retries a GET after 503s with exponential backoff and full jitter', async () => {
    sandbox.addFault({ times: 2, then: { status: 503, body: { error: 'busy' } } });
    const time = fakeTime();
    const client = makeClient(sandbox, { ...time, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
    const page = await client.listSessions({});
    assert.equal(page.sessions.length, 25);
    assert.deepEqual(time.clock.waits, [50, 100]);
    assert.deepEqual(sandbox.requests.map((r) => r.status), [503, 503, 200]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    sandbox.addFault({ times: 4, then: { status: 500 } });
    const time = fakeTime();
    const client = makeClient(sandbox, { ...time, maxRetries: 4, baseDelayMs: 100, maxDelayMs: 300, random: () => 0.999 });
    await client.listSessions({});
    assert.deepEqual(time.clock.waits, [99, 199, 299, 299]);
  });

  it('honours Retry-After on a 429 instead of the backoff', async () => {
    sandbox.addFault({ times: 1, then: { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '2' } } });
    const time = fakeTime();
    const client = makeClient(sandbox, { ...time, baseDelayMs: 1 });
    await client.listSessions({});
    assert.deepEqual(time.clock.waits, [2000]);
    assert.deepEqual(sandbox.requests.map((r) => r.status), [429, 200]);
  });

  it('waits out a real 429 from the sandbox rate limiter, then succeeds', async () => {
    const time = fakeTime();
    const limited = await startTestSandbox({ rateLimit: { limit: 1, windowMs: 5000 }, now: time.now });
    try {
      await makeClient(limited, time).listSessions({});
      // A fresh client knows nothing of the window and gets a 429 with Retry-After.
      const page = await makeClient(limited, time).listSessions({});
      assert.equal(page.sessions.length, 25);
      assert.deepEqual(limited.requests.map((r) => r.status), [200, 429, 200]);
      assert.deepEqual(time.clock.waits, [5000]);
    } finally {
      await limited.close();
    }
  });

  it('fails fast, saying when, if Retry-After is longer than maxWaitMs', async () => {
    sandbox.addFault({ then: { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '120' } } });
    const time = fakeTime();
    const error = await expectError(makeClient(sandbox, time).listSessions({}), 'rateLimited');
    assert.equal(error.retryAfterMs, 120_000);
    assert.match(error.message, /try again in 2 min\./);
    assert.deepEqual(time.clock.waits, []);
    assert.equal(sandbox.listRequests(), 1);
  });

  it('holds the request after the last allowed one until the window resets (no 429)', async () => {
    const time = fakeTime();
    const limited = await startTestSandbox({ rateLimit: { limit: 3, windowMs: 10_000 }, now: time.now });
    try {
      const client = makeClient(limited, { ...time, maxWaitMs: 60_000, totalTimeoutMs: 60_000 });
      for (let i = 0; i < 4; i++) await client.listSessions({ page: i + 1, perPage: 5 });
      assert.deepEqual(limited.requests.map((r) => r.status), [200, 200, 200, 200]);
      assert.equal(time.clock.waits.length, 1);
      assert.ok(time.clock.waits[0] >= 10_000 && time.clock.waits[0] <= 11_000, String(time.clock.waits[0]));
      assert.equal(client.rateLimit.remaining, 2);
    } finally {
      await limited.close();
    }
  });

  it('holds for real with a short window', async function () {
    this.timeout(5000);
    const limited = await startTestSandbox({ rateLimit: { limit: 2, windowMs: 200 } });
    try {
      const client = makeClient(limited);
      await client.listSessions({ page: 1 });
      await client.listSessions({ page: 2 });
      const resetAt = client.rateLimit.resetAt ?? Infinity;
      assert.equal(client.rateLimit.remaining, 0);
      await client.listSessions({ page: 3 });
      // The reset is in whole seconds, so the hold lasts until the next second boundary.
      assert.ok(Date.now() >= resetAt, 'the third request waited for the reset');
      assert.deepEqual(limited.requests.map((r) => r.status), [200, 200, 200]);
    } finally {
      await limited.close();
    }
  });

  it('fails fast without sending when the hold would exceed maxWaitMs', async () => {
    const time = fakeTime();
    const limited = await startTestSandbox({ rateLimit: { limit: 2, windowMs: 90_000 }, now: time.now });
    try {
      const client = makeClient(limited, { ...time });
      await client.listSessions({ page: 1 });
      await client.listSessions({ page: 2 });
      const error = await expectError(client.listSessions({ page: 3 }), 'rateLimited');
      assert.equal(error.mayHaveReachedServer, false);
      assert.match(error.message, /^PG:AI is rate limiting requests; try again in (90|91) s\.$/);
      assert.equal(limited.requests.length, 2);
    } finally {
      await limited.close();
    }
  });

  it('times out a hanging attempt, retries the GET, then gives up', async () => {
    sandbox.addFault({ then: { kind: 'hang' } });
    const error = await expectError(makeClient(sandbox, { attemptTimeoutMs: 80, maxRetries: 1 }).listSessions({}), 'timeout');
    // "1 s": the attempt's 80 ms, not the call's 8 s budget.
    assert.match(error.message, /^PG:AI did not respond within 1 s\.$/);
    assert.equal(sandbox.listRequests(), 2);
  });

  it('recovers when only the first attempt hangs', async () => {
    sandbox.addFault({ times: 1, then: { kind: 'hang' } });
    const page = await makeClient(sandbox, { attemptTimeoutMs: 80 }).listSessions({});
    assert.equal(page.sessions.length, 25);
  });

  it('stops at the total budget', async () => {
    sandbox.addFault({ then: { kind: 'delay', ms: 2000 } });
    await expectError(makeClient(sandbox, { attemptTimeoutMs: 1000, totalTimeoutMs: 150 }).listSessions({}), 'timeout');
    // Past the budget nothing is retried (an attempt timeout would have been).
    assert.equal(sandbox.listRequests(), 1);
  });

  it('cancels a request in flight when the signal aborts', async () => {
    sandbox.addFault({ then: { kind: 'delay', ms: 3000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    // Not cancelled, the request would end in 3 s with the sessions, not 'cancelled'.
    await expectError(makeClient(sandbox).listSessions({}, controller.signal), 'cancelled');
    await expectError(makeClient(sandbox).listSessions({}, controller.signal), 'cancelled');
  });

  it('cancels a backoff wait when the signal aborts', async () => {
    sandbox.addFault({ then: { status: 503 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const client = makeClient(sandbox, { sleep: neverSleep });
    await expectError(client.listSessions({}, controller.signal), 'cancelled');
    assert.equal(sandbox.listRequests(), 1);
  });

  it('cancels a rate-limit hold when the signal aborts', async () => {
    const limited = await startTestSandbox({ rateLimit: { limit: 1, windowMs: 30_000 } });
    try {
      const client = makeClient(limited, { totalTimeoutMs: 60_000, sleep: neverSleep });
      await client.listSessions({});
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      await expectError(client.listSessions({ page: 2 }, controller.signal), 'cancelled');
      assert.equal(limited.requests.length, 1);
    } finally {
      await limited.close();
    }
  });

  it('dispose aborts requests in flight', async () => {
    sandbox.addFault({ then: { kind: 'hang' } });
    const client = makeClient(sandbox);
    const pending = client.listSessions({});
    setTimeout(() => void client.dispose(), 30);
    await expectError(pending, 'cancelled');
  });

  it('retries a GET when the connection is refused', async () => {
    const port = await closedPort();
    const time = fakeTime();
    const error = await expectError(
      makeClient({ baseUrl: `http://127.0.0.1:${port}/public-api/v1` }, { ...time, maxRetries: 2 }).listSessions({}),
      'connection',
    );
    assert.equal(error.mayHaveReachedServer, false);
    assert.equal(time.clock.waits.length, 2);
  });

  describe('no lockout, no wait past dispose', () => {
    it('after a 429 asking for a day, the next call is held at most 30 s and then sent', async () => {
      sandbox.addFault({ times: 1, then: { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '86400' } } });
      const time = fakeTime();
      const client = makeClient(sandbox, { ...time, totalTimeoutMs: 45_000 });
      const first = await expectError(client.listSessions({}), 'rateLimited');
      assert.match(first.message, /try again in 24 h\./);
      const page = await client.listSessions({ page: 2 });
      assert.equal(page.sessions.length, 25);
      assert.deepEqual(time.clock.waits, [30_000]);
      assert.deepEqual(sandbox.requests.map((r) => r.status), [429, 200]);
    });

    it('a probe (Refresh, Retry) is sent at once while the client believes it is limited', async () => {
      sandbox.addFault({ times: 1, then: { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '86400' } } });
      const time = fakeTime();
      const client = makeClient(sandbox, time);
      await expectError(client.listSessions({}), 'rateLimited');
      const page = await client.listSessions({}, undefined, { probe: true });
      assert.equal(page.sessions.length, 25);
      assert.deepEqual(time.clock.waits, []);
      assert.equal(sandbox.listRequests(), 2);
    });

    it('corrects an X-RateLimit-Reset epoch read with a clock 10 minutes behind the server', async () => {
      const realNow = Date.now();
      sandbox.addFault({
        times: 1,
        then: { status: 200, body: { items: [], total: 0 }, headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil(realNow / 1000) + 20) } },
      });
      const time = fakeTime(realNow - 10 * 60_000);
      const client = makeClient(sandbox, { ...time, totalTimeoutMs: 45_000 });
      await client.listSessions({});
      await client.listSessions({ page: 2 });
      assert.equal(time.clock.waits.length, 1);
      assert.ok(time.clock.waits[0] >= 18_000 && time.clock.waits[0] <= 22_000, `held ${time.clock.waits[0]} ms, not ~20 s`);
    });

    it('dispose ends a POST waiting out a rate-limit hold at once', async () => {
      sandbox.addFault({ times: 1, then: { status: 200, body: { items: [] }, headers: { 'X-RateLimit-Remaining': '0', 'Retry-After': '20', 'X-RateLimit-Reset': '20' } } });
      const client = makeClient(sandbox, { sleep: neverSleep, totalTimeoutMs: 45_000 });
      await client.listSessions({});
      const pending = client.createSession({ title: 'held' });
      setTimeout(() => void client.dispose(), 50);
      // The hold never ends by itself: only dispose can end it.
      await expectError(pending, 'cancelled');
      assert.equal(sandbox.requests.filter((r) => r.method === 'POST').length, 0);
    });

    it('dispose ends a GET backoff wait at once', async () => {
      sandbox.addFault({ then: { status: 503, body: { error: 'busy' } } });
      const client = makeClient(sandbox, { sleep: neverSleep, totalTimeoutMs: 45_000 });
      const pending = client.listSessions({});
      setTimeout(() => void client.dispose(), 100);
      await expectError(pending, 'cancelled');
      assert.equal(sandbox.listRequests(), 1, 'no retry after dispose');
    });

    it('a fresh read does not join an identical request already in flight', async () => {
      sandbox.addFault({ times: 1, then: { kind: 'delay', ms: 150 } });
      const client = makeClient(sandbox);
      const query = { perPage: 50, sortBy: 'created_at', sortOrder: 'desc' };
      const shared = [client.listSessions(query), client.listSessions(query)];
      await Promise.all(shared);
      assert.equal(sandbox.listRequests(), 1, 'identical reads share one request');
      sandbox.addFault({ times: 1, then: { kind: 'delay', ms: 150 } });
      await Promise.all([client.listSessions(query), client.listSessions(query, undefined, { fresh: true })]);
      assert.equal(sandbox.listRequests(), 3);
    });

    it('reports the server clock of each page (its Date header)', async () => {
      const before = Date.now();
      const page = await makeClient(sandbox).listSessions({});
      assert.ok(page.serverTime !== undefined);
      // The Date header has whole seconds.
      assert.ok(page.serverTime >= Math.floor(before / 1000) * 1000 && page.serverTime <= Date.now(), String(page.serverTime));
    });
  });
});
