import assert from 'node:assert/strict';
import { READONLY_API_KEY, startSandbox, type Sandbox } from '../../../sandbox/server';
import { create, FakeClock, json, list, raw, sessionsUrl } from './helpers';

const UNAUTHORIZED = { error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid or missing API key' } };
const FORBIDDEN = { error: { type: 'authorization_error', code: 'forbidden', message: 'API key lacks the agent_sessions scope' } };

describe('sandbox auth, rate limit and recording', () => {
  let sb: Sandbox;
  const clock = new FakeClock(1_000_000_000);

  beforeEach(async () => {
    sb = await startSandbox({ rateLimit: { limit: 3, windowMs: 10_000 }, now: clock.now, sessionCount: 30 });
  });
  afterEach(() => sb.close());

  it('401 without a key or with a wrong one, on GET and POST', async () => {
    for (const r of [
      await raw(sessionsUrl(sb)),
      await list(sb, '', 'wrong-key'),
      await list(sb, '', ''),
      await create(sb, { title: 'x' }, 'wrong-key'),
    ]) {
      assert.equal(r.status, 401);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(json(r), UNAUTHORIZED);
    }
    assert.equal(sb.sessions().length, 30, 'nothing created');
  });

  it('403 for the read-only key on GET and POST', async () => {
    const g = await list(sb, '', READONLY_API_KEY);
    assert.equal(g.status, 403);
    assert.deepEqual(json(g), FORBIDDEN);
    const p = await create(sb, {}, READONLY_API_KEY);
    assert.equal(p.status, 403);
    assert.deepEqual(json(p), FORBIDDEN);
    assert.equal(sb.sessions().length, 30);
  });

  it('setOptions({ apiKey }) changes the accepted key', async () => {
    sb.setOptions({ apiKey: 'other-key' });
    assert.equal(sb.apiKey, 'other-key');
    assert.equal((await list(sb, '', 'pgai-sandbox-key')).status, 401);
    assert.equal((await list(sb, '', 'other-key')).status, 200);
  });

  it('fixed window: headers count down, then 429 with Retry-After, then a new window', async () => {
    const start = clock.ms;
    const resetSec = String(Math.ceil((start + 10_000) / 1000));
    for (const remaining of ['2', '1', '0']) {
      const r = await list(sb);
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-ratelimit-limit'], '3');
      assert.equal(r.headers['x-ratelimit-remaining'], remaining);
      assert.equal(r.headers['x-ratelimit-reset'], resetSec);
      clock.advance(1000);
    }
    const limited = await create(sb, { title: 'over' });
    assert.equal(limited.status, 429);
    assert.deepEqual(json(limited), { error: 'Rate limit exceeded' });
    assert.equal(limited.headers['retry-after'], '7');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.equal(sb.sessions().length, 30, 'a limited POST creates nothing');

    clock.advance(6_500); // 500 ms before the window ends
    const still = await list(sb);
    assert.equal(still.status, 429);
    assert.equal(still.headers['retry-after'], '1');

    clock.advance(500);
    const fresh = await list(sb);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers['x-ratelimit-remaining'], '2');
    assert.equal(fresh.headers['x-ratelimit-reset'], String(Math.ceil((start + 20_000) / 1000)));
  });

  it('bad keys are not counted; the read-only key has its own window', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await list(sb, '', 'nope')).status, 401);
    assert.equal((await list(sb, '', READONLY_API_KEY)).headers['x-ratelimit-remaining'], '2');
    assert.equal((await list(sb)).headers['x-ratelimit-remaining'], '2');
  });

  it('rateLimit: false sends no rate headers and never 429s', async () => {
    sb.setOptions({ rateLimit: false });
    for (let i = 0; i < 6; i++) {
      const r = await list(sb, 'per_page=1');
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-ratelimit-limit'], undefined);
    }
  });

  it('reset() reopens the rate window', async () => {
    for (let i = 0; i < 3; i++) await list(sb);
    assert.equal((await list(sb)).status, 429);
    sb.reset();
    assert.equal((await list(sb)).status, 200);
  });

  it('records API requests without the key; control calls are not recorded', async () => {
    await list(sb, 'per_page=2&status=active');
    await list(sb, '', 'wrong-key');
    await create(sb, { title: 'hello' });
    await raw(`${sb.baseUrl}/agent/sessions?api_key=${sb.apiKey}`);
    await raw(`${sb.origin}/__sandbox/requests`);
    const reqs = sb.requests;
    assert.equal(reqs.length, 4);
    assert.deepEqual(
      reqs.map((r) => [r.method, r.path, r.status, r.keyValid]),
      [
        ['GET', '/public-api/v1/agent/sessions', 200, true],
        ['GET', '/public-api/v1/agent/sessions', 401, false],
        ['POST', '/public-api/v1/agent/sessions', 201, true],
        ['GET', '/public-api/v1/agent/sessions', 401, false],
      ],
    );
    assert.deepEqual(reqs[0].query, { per_page: '2', status: 'active' });
    assert.equal(reqs[0].at, clock.ms);
    assert.equal(reqs[3].query.api_key, '[redacted]');
    assert.ok(!JSON.stringify(reqs).includes(sb.apiKey), 'the key is never stored');
    assert.equal(sb.listRequests(), 3);
  });
});
