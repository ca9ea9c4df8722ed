import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { create, json, list, raw } from './helpers';

describe('sandbox control endpoints (/__sandbox)', () => {
  let sb: Sandbox;
  const control = (path: string, method = 'GET', body?: unknown): ReturnType<typeof raw> =>
    raw(`${sb.origin}/__sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeEach(async () => {
    sb = await startSandbox({ rateLimit: { limit: 100, windowMs: 60_000 }, sessionCount: 50 });
  });
  afterEach(() => sb.close());

  it('GET /requests lists API requests (not control calls), without the key', async () => {
    await list(sb, 'per_page=3');
    await control('/requests');
    const r = await control('/requests');
    assert.equal(r.status, 200);
    const reqs = json(r);
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].path, '/public-api/v1/agent/sessions');
    assert.deepEqual(reqs[0].query, { per_page: '3' });
    assert.equal(reqs[0].keyValid, true);
    assert.ok(!r.body.includes(sb.apiKey));
  });

  it('POST /faults adds a fault; DELETE /faults clears them', async () => {
    assert.equal((await control('/faults', 'POST', { method: 'GET', then: { status: 503, body: { error: 'x' } } })).status, 201);
    assert.equal((await list(sb)).status, 503);
    assert.equal((await list(sb)).status, 503);
    assert.equal((await control('/faults', 'DELETE')).status, 200);
    assert.equal((await list(sb)).status, 200);
  });

  it('POST /faults rejects malformed faults', async () => {
    for (const bad of [{}, { then: { kind: 'explode' } }, { then: { status: 99 } }, { nth: 0, then: { kind: 'drop' } }, { rate: 2, then: { kind: 'drop' } }]) {
      const r = await control('/faults', 'POST', bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(typeof json(r).error, 'string');
    }
    assert.equal((await raw(`${sb.origin}/__sandbox/faults`, { method: 'POST', body: '{nope' })).status, 400);
    assert.equal((await list(sb)).status, 200);
  });

  it('POST /options changes envelope, ignorePage, rateLimit and key; bad options are 400', async () => {
    assert.equal((await control('/options', 'POST', { envelope: 'array' })).status, 200);
    assert.ok(Array.isArray(json(await list(sb))));
    await control('/options', 'POST', { rateLimit: { limit: 1, windowMs: 60_000 } });
    assert.equal((await list(sb)).status, 200);
    assert.equal((await list(sb)).status, 429);
    await control('/options', 'POST', { rateLimit: false, apiKey: 'k2' });
    assert.equal((await list(sb, '', 'k2')).status, 200);
    for (const bad of [{ envelope: 'xml' }, { latencyMs: -1 }, { ignorePage: 'yes' }, { rateLimit: { limit: 1 } }, { apiKey: '' }, [1]]) {
      assert.equal((await control('/options', 'POST', bad)).status, 400, JSON.stringify(bad));
    }
  });

  it('POST /reset restores seeded data, clears faults and requests', async () => {
    await create(sb, { title: 'extra' });
    sb.addFault({ method: 'GET', then: { status: 500 } });
    assert.equal((await control('/reset', 'POST')).status, 200);
    assert.equal(sb.sessions().length, 50);
    assert.equal(sb.requests.length, 0);
    assert.equal((await list(sb)).status, 200);
  });

  it('GET /sessions returns every session; unknown control paths 404', async () => {
    assert.equal(json(await control('/sessions')).length, 50);
    assert.equal((await control('/nope')).status, 404);
    assert.equal(sb.requests.length, 0);
  });
});
