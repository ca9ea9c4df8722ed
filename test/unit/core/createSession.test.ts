// Creating a session never creates it twice and never reports another session as the new one:
// every outcome of the POST against the real sandbox (faults included), and the matching rules.
import assert from 'node:assert/strict';
import { PgaiError } from '../../../src/api/errors';
import type { Session } from '../../../src/api/types';
import type { SessionsApi } from '../../../src/api/sessionsApi';
import type { ListQuery, SessionPage } from '../../../src/api/types';
import {
  CLOCK_SKEW_MS,
  NEARBY_MS,
  READ_BACK_RETRY_MS,
  READ_BACK_SLACK_MS,
  createSession,
  createdCandidates,
  createdWithoutSession,
  definitelyNotCreated,
  findEarlierAttempt,
  readBackWindow,
} from '../../../src/core/createSession';
import type { Sandbox } from '../../../sandbox/server';
import { closedPort, makeClient, startTestSandbox } from '../api/harness';

const COMPANY_A = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10';
const COMPANY_B = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c11';

describe('core/createSession: matching a read-back', () => {
  const t0 = Date.parse('2026-03-01T12:00:00Z');
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const s = (id: string, fields: Partial<Session>): Session => ({ id, title: 'Pipeline', type: 'chat', createdAt: at(0), raw: { id }, ...fields });
  const window = { from: t0 - 5_000, to: t0 + 5_000 };

  it('takes only the same title, type and company, created inside the window, newest first', () => {
    const sessions = [
      s('older', { createdAt: at(-6_000) }),
      s('later', { createdAt: at(6_000) }),
      s('other-type', { type: 'email' }),
      s('other-title', { title: 'Pipeline 2' }),
      s('other-company', { companyId: COMPANY_B }),
      s('hit-1', { createdAt: at(-1_000) }),
      s('hit-2', { createdAt: at(2_000) }),
      s('no-date', { createdAt: undefined }),
      s('bad-date', { createdAt: 'soon' }),
    ];
    assert.deepEqual(createdCandidates(sessions, { title: 'Pipeline', type: 'chat' }, window).map((x) => x.id), ['hit-2', 'hit-1']);
  });

  it('an "Untitled" chat of another company created 150 s earlier is not the new session', () => {
    const decoy = s('decoy', { title: 'Untitled', companyId: COMPANY_B, createdAt: at(-150_000) });
    assert.deepEqual(createdCandidates([decoy], { type: 'chat' }, window), []);
    assert.deepEqual(createdCandidates([{ ...decoy, createdAt: at(0) }], { type: 'chat' }, window), [], 'company');
    assert.deepEqual(createdCandidates([{ ...decoy, companyId: undefined }], { type: 'chat' }, window), [], 'window');
  });

  it('matches company ids case-insensitively, an empty title as "Untitled", and a missing type', () => {
    const sessions = [
      s('upper', { companyId: COMPANY_A.toUpperCase() }),
      s('untitled', { title: undefined }),
      s('typeless', { type: undefined }),
    ];
    assert.deepEqual(createdCandidates(sessions, { title: 'Pipeline', companyId: COMPANY_A }, window).map((x) => x.id), ['upper']);
    assert.deepEqual(createdCandidates(sessions, { title: '  ', type: 'chat' }, window).map((x) => x.id), ['untitled']);
    assert.deepEqual(createdCandidates(sessions, { title: 'Pipeline', type: 'plan' }, window).map((x) => x.id), ['typeless']);
  });

  it('skips sessions known before the POST', () => {
    assert.deepEqual(createdCandidates([s('known', {})], { title: 'Pipeline' }, window, new Set(['known'])), []);
  });

  it('anchors the window on the server clock when there is one, else allows for skew', () => {
    const server = t0;
    assert.deepEqual(readBackWindow(server, 4_000, t0 + 3_600_000), { from: t0 - 4_000 - READ_BACK_SLACK_MS, to: t0 + READ_BACK_SLACK_MS });
    assert.deepEqual(readBackWindow(undefined, 4_000, t0), { from: t0 - 4_000 - CLOCK_SKEW_MS, to: t0 + CLOCK_SKEW_MS });
    assert.equal(READ_BACK_SLACK_MS, 3_000);
    assert.equal(CLOCK_SKEW_MS, 120_000);
  });

  it('knows which failures certainly created nothing', () => {
    const e = (status: number | undefined, reached = true) => new PgaiError('server', 'x', { status, mayHaveReachedServer: reached });
    for (const status of [400, 401, 403, 404, 409, 422, 429]) assert.equal(definitelyNotCreated(e(status)), true, String(status));
    for (const status of [500, 502, 503, 504, undefined]) assert.equal(definitelyNotCreated(e(status)), false, String(status));
    assert.equal(definitelyNotCreated(e(undefined, false)), true, 'never sent');
    assert.equal(definitelyNotCreated(e(502, false)), true);
  });
});

describe('core/createSession against the sandbox', () => {
  let sandbox: Sandbox;
  let clock = Date.now();
  before(async () => {
    sandbox = await startTestSandbox({ now: () => clock });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    clock = Date.now();
  });

  const posts = () => sandbox.requests.filter((r) => r.method === 'POST').length;
  const created = (title: string) => sandbox.sessions().filter((x) => x.title === title);

  it('a plain success is the answer, one POST', async () => {
    const outcome = await createSession({ type: 'chat', title: 'Plain' }, { api: makeClient(sandbox) });
    assert.equal(outcome.kind, 'created');
    assert.equal(outcome.kind === 'created' && outcome.confirmedBy, 'answer');
    assert.equal(posts(), 1);
  });

  for (const status of [500, 502, 504]) {
    it(`a ${status} after the backend stored it is read back as created, not retried`, async () => {
      sandbox.addFault({ method: 'POST', then: { kind: 'createThenStatus', status, body: { error: 'Bad gateway' } } });
      const outcome = await createSession({ type: 'email', title: `Gateway ${status}`, companyId: COMPANY_A }, { api: makeClient(sandbox) });
      assert.equal(outcome.kind, 'created', JSON.stringify(outcome));
      assert.equal(outcome.kind === 'created' && outcome.session.id, created(`Gateway ${status}`)[0]?.id);
      assert.equal(posts(), 1);
      assert.equal(created(`Gateway ${status}`).length, 1);
    });
  }

  it('a 500 that stored nothing reads back and says it was probably not created', async () => {
    sandbox.addFault({ method: 'POST', then: { status: 500, body: { error: 'boom' } } });
    const outcome = await createSession({ type: 'chat', title: 'Not stored' }, { api: makeClient(sandbox) });
    assert.deepEqual({ kind: outcome.kind, certain: outcome.kind === 'notCreated' && outcome.certain }, { kind: 'notCreated', certain: false });
    assert.equal(posts(), 1);
  });

  it('a dropped connection after storing is read back as created', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    const outcome = await createSession({ type: 'plan', title: 'Dropped' }, { api: makeClient(sandbox) });
    assert.equal(outcome.kind, 'created');
    assert.equal(posts(), 1);
  });

  it('a hang after storing times out and is read back as created', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenHang' } });
    const outcome = await createSession({ type: 'plan', title: 'Hung' }, { api: makeClient(sandbox, { attemptTimeoutMs: 100 }) });
    assert.equal(outcome.kind, 'created');
    assert.equal(posts(), 1);
  });

  for (const [label, then] of [
    ['`{}`', { kind: 'createThenStatus', status: 201, body: {} }],
    ['no body', { kind: 'createNoBody' }],
  ] as const) {
    it(`a 201 with ${label} is created: the read-back offers the one matching session`, async () => {
      sandbox.addFault({ method: 'POST', then });
      const outcome = await createSession({ type: 'chat', title: `Answer ${label}` }, { api: makeClient(sandbox) });
      assert.equal(outcome.kind, 'created', JSON.stringify(outcome));
      assert.equal(outcome.kind === 'created' && outcome.confirmedBy, 'readBack');
      assert.equal(posts(), 1);
    });
  }

  it('a 201 with `{}` whose session is not listed is still reported created (unseen), not failed', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenStatus', status: 201, body: {} } });
    sandbox.addFault({ method: 'GET', then: { status: 200, body: { items: [] } } });
    const outcome = await createSession({ type: 'chat', title: 'Invisible' }, { api: makeClient(sandbox) });
    assert.deepEqual(outcome, { kind: 'createdUnseen', matches: [] });
  });

  it('two sessions that both look like it: neither is chosen', async () => {
    const client = makeClient(sandbox);
    await client.createSession({ type: 'chat', title: 'Twin' }); // another window, a moment earlier
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    const outcome = await createSession({ type: 'chat', title: 'Twin' }, { api: client });
    assert.equal(outcome.kind, 'ambiguous');
    assert.equal(outcome.kind === 'ambiguous' && outcome.matches.length, 2);
  });

  it('an "Untitled" chat of another company 150 s earlier is not taken for a failed create', async () => {
    const client = makeClient(sandbox);
    clock = Date.now() - 150_000;
    await client.createSession({ type: 'chat', companyId: COMPANY_B });
    clock = Date.now();
    sandbox.addFault({ method: 'POST', then: { status: 502, body: { error: 'Bad gateway' } } });
    const outcome = await createSession({ type: 'chat' }, { api: client });
    assert.equal(outcome.kind, 'notCreated');
  });

  it('uses the server clock: a machine clock an hour off still finds the session', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    const skewed = makeClient(sandbox, { now: () => Date.now() - 3_600_000 });
    const outcome = await createSession({ type: 'chat', title: 'Skewed' }, { api: skewed, clock: () => Date.now() - 3_600_000 });
    assert.equal(outcome.kind, 'created');
  });

  it('refusals are certain and read nothing back: 400, 401, 429', async () => {
    for (const [status, body] of [[400, { error: 'title too long' }], [401, { error: 'bad key' }], [429, { error: 'slow down' }]] as const) {
      sandbox.reset();
      sandbox.addFault({ method: 'POST', then: { status, body, headers: status === 429 ? { 'Retry-After': '120' } : {} } });
      const outcome = await createSession({ type: 'chat', title: 'Refused' }, { api: makeClient(sandbox) });
      assert.deepEqual({ kind: outcome.kind, certain: outcome.kind === 'notCreated' && outcome.certain }, { kind: 'notCreated', certain: true }, String(status));
      assert.equal(sandbox.listRequests(), 0, `${status}: no read-back`);
    }
  });

  it('a refused connection is certain (nothing was sent)', async () => {
    const port = await closedPort();
    const outcome = await createSession({ type: 'chat', title: 'Nowhere' }, { api: makeClient({ baseUrl: `http://127.0.0.1:${port}/public-api/v1` }, { maxRetries: 0 }) });
    assert.deepEqual({ kind: outcome.kind, certain: outcome.kind === 'notCreated' && outcome.certain }, { kind: 'notCreated', certain: true });
  });

  it('when reading back fails too, says so (unknown), never "not created"', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    sandbox.addFault({ method: 'GET', then: { status: 503, body: { error: 'down' } } });
    const outcome = await createSession({ type: 'chat', title: 'Unknowable' }, { api: makeClient(sandbox, { maxRetries: 0 }) });
    assert.equal(outcome.kind, 'unknown');
  });

  it('the read-back does not join a list request that was already on its way', async () => {
    const client = makeClient(sandbox);
    const readBackQuery = { page: 1, perPage: 50, sortBy: 'created_at', sortOrder: 'desc', type: 'chat' };
    sandbox.addFault({ method: 'GET', times: 1, then: { kind: 'delay', ms: 200 } });
    const earlier = client.listSessions(readBackQuery); // the view, before the POST
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    const outcome = await createSession({ type: 'chat', title: 'Fresh read' }, { api: client });
    await earlier;
    assert.equal(outcome.kind, 'created');
  });

  it('aborting (the extension going away) mid-POST ends with "cancelled" and no UI-worthy failure', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenHang' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await createSession({ type: 'chat', title: 'Going away' }, { api: makeClient(sandbox), signal: controller.signal });
    assert.deepEqual(outcome, { kind: 'cancelled' });
    assert.equal(posts(), 1);
  });
});

/** A SessionsApi whose POST fails with `error` and whose read-backs answer `pages` in turn. */
function fakeApi(error: Error, pages: readonly (readonly Session[] | Error)[], serverTime = Date.parse('2026-03-01T12:00:00Z')) {
  const reads: ListQuery[] = [];
  const api: SessionsApi = {
    rateLimit: {},
    createSession: () => Promise.reject(error),
    listSessions: (query) => {
      reads.push(query);
      const next = pages[Math.min(reads.length - 1, pages.length - 1)];
      if (next instanceof Error) return Promise.reject(next);
      const page: SessionPage = { sessions: next, page: 1, perPage: 50, hasMore: false, skipped: 0, serverTime };
      return Promise.resolve(page);
    },
  };
  return { api, reads };
}

describe('core/createSession: the decisions, with a fake API', () => {
  const server = Date.parse('2026-03-01T12:00:00Z');
  const at = (ms: number) => new Date(server + ms).toISOString();
  const s = (id: string, createdMs: number, extra: Partial<Session> = {}): Session => ({ id, title: 'Pipeline', type: 'chat', createdAt: at(createdMs), raw: { id }, ...extra });
  const dropped = new PgaiError('connection', 'The connection was lost.', { mayHaveReachedServer: true });
  const input = { type: 'chat', title: 'Pipeline' };
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  beforeEach(() => (sleeps.length = 0));

  it('2xx without a session is "created"; anything else, or another kind, is not', () => {
    const e = (kind: PgaiError['kind'], status?: number) => new PgaiError(kind, 'x', { status });
    for (const status of [200, 201, 299]) assert.equal(createdWithoutSession(e('invalidResponse', status)), true, String(status));
    for (const status of [199, 300, 502, undefined]) assert.equal(createdWithoutSession(e('invalidResponse', status)), false, String(status));
    assert.equal(createdWithoutSession(e('server', 201)), false, 'another kind');
    for (const status of [399, 500, 600]) assert.equal(definitelyNotCreated(new PgaiError('server', 'x', { status })), false, String(status));
  });

  it('reads back a second time, after a pause, when the first read-back finds nothing (a list lagging the create)', async () => {
    const { api, reads } = fakeApi(dropped, [[], [s('mine', -1_000)]]);
    const outcome = await createSession(input, { api, sleep, clock: () => 0 });
    assert.deepEqual(outcome, { kind: 'created', session: s('mine', -1_000), confirmedBy: 'readBack' });
    assert.equal(reads.length, 2);
    assert.deepEqual(sleeps, [READ_BACK_RETRY_MS]);
    assert.equal(READ_BACK_RETRY_MS, 1_500);
  });

  it('reads back once when the first read-back finds it, and asks for the newest of that type and company, fresh', async () => {
    const { api, reads } = fakeApi(dropped, [[s('mine', -1_000, { companyId: 'c-1' })]]);
    const outcome = await createSession({ ...input, companyId: 'c-1' }, { api, sleep });
    assert.equal(outcome.kind, 'created');
    assert.deepEqual(reads, [{ page: 1, perPage: 50, sortBy: 'created_at', sortOrder: 'desc', type: 'chat', companyId: 'c-1' }]);
    assert.deepEqual(sleeps, []);
  });

  it('with nothing in the window but a match an hour before: ambiguous, not "not created"', async () => {
    const { api, reads } = fakeApi(dropped, [[s('earlier', -3_600_000)]]);
    const outcome = await createSession(input, { api, sleep });
    assert.equal(outcome.kind, 'ambiguous');
    assert.deepEqual(outcome.kind === 'ambiguous' && outcome.matches.map((m) => m.id), ['earlier']);
    assert.equal(reads.length, 1, 'a nearby match needs no second read-back');
    assert.equal(NEARBY_MS, 7_200_000);
    // Past the nearby margin it does not count.
    const far = fakeApi(dropped, [[s('yesterday', -NEARBY_MS - READ_BACK_SLACK_MS - 60_000)]]);
    assert.equal((await createSession(input, { api: far.api, sleep })).kind, 'notCreated');
  });

  it('a 201 without the session and two candidates in the window: created, both offered', async () => {
    const { api } = fakeApi(new PgaiError('invalidResponse', 'no session', { status: 201 }), [[s('a', -500), s('b', -200)]]);
    const outcome = await createSession(input, { api, sleep });
    assert.equal(outcome.kind, 'createdUnseen');
    assert.deepEqual(outcome.kind === 'createdUnseen' && outcome.matches.map((m) => m.id), ['b', 'a']);
    const none = fakeApi(new PgaiError('invalidResponse', 'no session', { status: 201 }), [new Error('down')]);
    assert.deepEqual(await createSession(input, { api: none.api, sleep }), { kind: 'createdUnseen', matches: [] });
    const nearby = fakeApi(new PgaiError('invalidResponse', 'no session', { status: 201 }), [[s('hour-ago', -3_600_000)]]);
    const result = await createSession(input, { api: nearby.api, sleep });
    assert.deepEqual(result.kind === 'createdUnseen' && result.matches.map((m) => m.id), ['hour-ago']);
  });

  it('something thrown that is not a PgaiError is an unknown outcome (read back, never "certainly not created")', async () => {
    const { api } = fakeApi(new TypeError('a bug'), [[]]);
    const outcome = await createSession(input, { api, sleep });
    assert.equal(outcome.kind, 'notCreated');
    assert.equal(outcome.kind === 'notCreated' && outcome.certain, false);
    assert.equal(outcome.kind === 'notCreated' && outcome.error.kind, 'invalidResponse');
  });

  it('cancelled during the read-back is "cancelled", not unknown', async () => {
    const controller = new AbortController();
    const api: SessionsApi = {
      rateLimit: {},
      createSession: () => Promise.reject(dropped),
      listSessions: () => {
        controller.abort();
        return Promise.reject(new PgaiError('cancelled', 'The request to PG:AI was cancelled.', { mayHaveReachedServer: false }));
      },
    };
    assert.deepEqual(await createSession(input, { api, sleep, signal: controller.signal }), { kind: 'cancelled' });
  });

  it('before a Try Again: finds the earlier attempt, or says how many look like it, or nothing', async () => {
    const found = fakeApi(dropped, [[s('mine', -30_000)]]);
    assert.deepEqual(await findEarlierAttempt(input, { api: found.api }, 40_000), { kind: 'created', session: s('mine', -30_000), confirmedBy: 'readBack' });
    const two = fakeApi(dropped, [[s('a', -30_000), s('b', -20_000)]]);
    const ambiguous = await findEarlierAttempt(input, { api: two.api }, 40_000);
    assert.deepEqual(ambiguous?.kind === 'ambiguous' && ambiguous.matches.map((m) => m.id), ['b', 'a']);
    const near = fakeApi(dropped, [[s('older', -3_600_000)]]);
    assert.equal((await findEarlierAttempt(input, { api: near.api }, 40_000))?.kind, 'ambiguous');
    const none = fakeApi(dropped, [[s('other', -30_000, { title: 'Something else' })]]);
    assert.equal(await findEarlierAttempt(input, { api: none.api }, 40_000), undefined);
    const failing = fakeApi(dropped, [new Error('down')]);
    assert.equal(await findEarlierAttempt(input, { api: failing.api }, 40_000), undefined);
    // The window reaches back to when the earlier attempt started (40 s), not further.
    const before = fakeApi(dropped, [[s('before-the-attempt', -45_000)]]);
    assert.equal((await findEarlierAttempt(input, { api: before.api }, 40_000))?.kind, 'ambiguous', 'outside the window but nearby');
  });
});

describe('core/createSession: what is asked and when, with a recording fake API', () => {
  const server = Date.parse('2026-03-01T12:00:00Z');
  const at = (ms: number) => new Date(server + ms).toISOString();
  const s = (id: string, createdMs: number, extra: Partial<Session> = {}): Session => ({ id, title: 'Pipeline', type: 'chat', createdAt: at(createdMs), raw: { id }, ...extra });
  const dropped = new PgaiError('connection', 'The connection was lost.', { mayHaveReachedServer: true });
  const input = { type: 'chat', title: 'Pipeline' };

  /** Read-backs answer `pages` in turn, ignoring the signal (a transport that answers late). */
  function recording(postError: Error, pages: readonly (readonly Session[])[], onRead?: (n: number) => void) {
    const reads: { query: ListQuery; options: unknown }[] = [];
    const api: SessionsApi = {
      rateLimit: {},
      createSession: () => Promise.reject(postError),
      listSessions: (query, _signal, options) => {
        reads.push({ query, options });
        onRead?.(reads.length);
        const list = pages[Math.min(reads.length - 1, pages.length - 1)];
        return Promise.resolve({ sessions: list, page: 1, perPage: 50, hasMore: false, skipped: 0, serverTime: server });
      },
    };
    return { api, reads };
  }

  it('reads back fresh and as a probe, for a chat when no type was given', async () => {
    const { api, reads } = recording(dropped, [[s('mine', -500, { title: 'Untitled' })]]);
    const outcome = await createSession({}, { api, sleep: async () => undefined });
    assert.equal(outcome.kind, 'created');
    assert.deepEqual(reads, [{ query: { page: 1, perPage: 50, sortBy: 'created_at', sortOrder: 'desc', type: 'chat' }, options: { fresh: true, probe: true } }]);
  });

  it('a POST rejected because the caller aborted is "cancelled" without reading back', async () => {
    const controller = new AbortController();
    const { api, reads } = recording(dropped, [[s('mine', -500)]]);
    controller.abort();
    assert.deepEqual(await createSession(input, { api, signal: controller.signal, sleep: async () => undefined }), { kind: 'cancelled' });
    assert.equal(reads.length, 0);
  });

  it('aborted during the pause between read-backs: no second read-back, and no session claimed', async () => {
    const controller = new AbortController();
    const { api, reads } = recording(dropped, [[], [s('mine', -500)]]);
    const outcome = await createSession(input, { api, signal: controller.signal, sleep: async () => controller.abort() });
    assert.equal(reads.length, 1);
    assert.notEqual(outcome.kind, 'created');
  });

  it('the second read-back looks back as far as the time spent since the POST (the pause included)', async () => {
    let now = 0;
    // The POST took no time; the pause took 20 s; the session was created 10 s before the second read.
    const { api, reads } = recording(dropped, [[], [s('mine', -10_000)]]);
    const outcome = await createSession(input, { api, clock: () => now, sleep: async () => void (now += 20_000) });
    assert.equal(reads.length, 2);
    assert.equal(outcome.kind, 'created', JSON.stringify(outcome));
  });

  it('waits 1.5 s (on the timers) before the second read-back when no sleep is given', async () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const { api, reads } = recording(dropped, [[], [s('mine', -500)]]);
    globalThis.setTimeout = ((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return realSetTimeout(callback, 0);
    }) as typeof setTimeout;
    try {
      const outcome = await createSession(input, { api });
      assert.equal(outcome.kind, 'created');
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.deepEqual(delays, [READ_BACK_RETRY_MS]);
    assert.equal(reads.length, 2);
  });

  it('something thrown that is not a PgaiError is kept as the cause of a readable error', async () => {
    const bug = new TypeError('a bug');
    const { api } = recording(bug, [[]]);
    const outcome = await createSession(input, { api, sleep: async () => undefined });
    assert.equal(outcome.kind, 'notCreated');
    if (outcome.kind !== 'notCreated') return;
    assert.equal(outcome.error.message, 'Creating the session failed unexpectedly.');
    assert.equal(outcome.error.cause, bug);
  });

  it('before a Try Again, several look-alikes are ambiguous with an error saying the outcome was unknown', async () => {
    const { api } = recording(dropped, [[s('a', -30_000), s('b', -20_000)]]);
    const outcome = await findEarlierAttempt(input, { api }, 40_000);
    assert.equal(outcome?.kind, 'ambiguous');
    if (outcome?.kind !== 'ambiguous') return;
    assert.deepEqual(
      { kind: outcome.error.kind, message: outcome.error.message, reached: outcome.error.mayHaveReachedServer },
      { kind: 'connection', message: 'The earlier attempt’s outcome was unknown.', reached: true },
    );
  });

  it('matching ignores blanks around titles and company ids, and includes both ends of the window', () => {
    const window = { from: server - 5_000, to: server + 5_000 };
    const company = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10';
    const found = createdCandidates(
      [
        s('padded-title', 0, { title: '  Pipeline  ' }),
        s('padded-company', 0, { companyId: ` ${company} ` }),
        s('at-from', -5_000),
        s('at-to', 5_000),
        s('just-before', -5_001),
        s('just-after', 5_001),
      ],
      { title: 'Pipeline', type: 'chat', companyId: `${company}  ` },
      window,
    );
    assert.deepEqual(found.map((x) => x.id), ['padded-company']);
    const noCompany = createdCandidates(
      [s('padded-title', 0, { title: '  Pipeline  ' }), s('at-from', -5_000), s('at-to', 5_000), s('just-before', -5_001), s('just-after', 5_001)],
      { title: ' Pipeline ', type: 'chat' },
      window,
    );
    assert.deepEqual(noCompany.map((x) => x.id), ['at-to', 'padded-title', 'at-from']);
  });
});
