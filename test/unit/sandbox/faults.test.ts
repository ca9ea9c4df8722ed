import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { create, json, list, raw, sessionsUrl } from './helpers';

describe('sandbox faults', () => {
  let sb: Sandbox;

  beforeEach(async () => {
    sb = await startSandbox({ rateLimit: false, sessionCount: 60 });
  });
  afterEach(() => sb.close());

  it('canned response: status, JSON body, raw body and headers', async () => {
    sb.addFault({ then: { status: 503, body: { error: 'down' }, headers: { 'retry-after': '3' } } });
    const r = await list(sb);
    assert.equal(r.status, 503);
    assert.deepEqual(json(r), { error: 'down' });
    assert.equal(r.headers['retry-after'], '3');
    assert.ok(r.headers['x-request-id']);
    sb.clearFaults();
    sb.addFault({ then: { status: 502, rawBody: 'Bad Gateway', headers: { 'content-type': 'text/plain' } } });
    const p = await list(sb);
    assert.equal(p.status, 502);
    assert.equal(p.body, 'Bad Gateway');
    assert.equal(p.headers['content-type'], 'text/plain');
  });

  it('a canned fault fires before the key check', async () => {
    sb.addFault({ then: { status: 500, body: { error: 'boom' } } });
    assert.equal((await raw(sessionsUrl(sb))).status, 500);
  });

  it('nth fires on the nth matching request only (times defaults to 1)', async () => {
    sb.addFault({ method: 'GET', nth: 2, then: { status: 500 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await list(sb, 'per_page=1')).status);
    assert.deepEqual(statuses, [200, 500, 200, 200]);
  });

  it('nth with times fires on consecutive requests from the nth', async () => {
    sb.addFault({ nth: 2, times: 2, then: { status: 500 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await list(sb, 'per_page=1')).status);
    assert.deepEqual(statuses, [200, 500, 500, 200, 200]);
  });

  it('method filter: a POST fault leaves GETs alone and counts only POSTs', async () => {
    sb.addFault({ method: 'POST', nth: 1, then: { status: 500 } });
    assert.equal((await list(sb)).status, 200);
    assert.equal((await create(sb, {})).status, 500);
    assert.equal((await create(sb, {})).status, 201);
  });

  it('no nth/rate: every matching request; times limits it', async () => {
    sb.addFault({ times: 2, then: { status: 418 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await list(sb, 'per_page=1')).status);
    assert.deepEqual(statuses, [418, 418, 200]);
  });

  it('rate fires about that often, repeatably after reset', async () => {
    const run = async (): Promise<number[]> => {
      sb.addFault({ rate: 0.3, then: { status: 500 } });
      const out: number[] = [];
      for (let i = 0; i < 60; i++) out.push((await list(sb, 'per_page=1')).status);
      return out;
    };
    const first = await run();
    const failures = first.filter((s) => s === 500).length;
    assert.ok(failures > 5 && failures < 35, `${failures} of 60`);
    sb.reset();
    assert.deepEqual(await run(), first);
  });

  it('faults apply to /agent/sessions unless path says otherwise', async () => {
    sb.addFault({ then: { status: 500 } });
    assert.equal((await raw(`${sb.baseUrl}/health`)).status, 200);
    sb.clearFaults();
    sb.addFault({ path: '*', then: { status: 500 } });
    assert.equal((await raw(`${sb.baseUrl}/health`)).status, 500);
  });

  it('drop: the socket closes with no response', async () => {
    sb.addFault({ then: { kind: 'drop' } });
    await assert.rejects(list(sb), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
    assert.equal(sb.requests[0].fault, 'drop');
    assert.equal(sb.requests[0].status, 0);
    await assert.rejects(fetch(sessionsUrl(sb), { headers: { 'x-api-key': sb.apiKey } }));
  });

  it('dropMidBody: 200 headers and part of the body, then the socket closes', async () => {
    sb.addFault({ then: { kind: 'dropMidBody' } });
    await assert.rejects(list(sb), (e: Error & { partial?: string; status?: number }) => {
      assert.equal(e.status, 200);
      assert.ok(e.partial!.startsWith('{"items":['), e.partial);
      assert.throws(() => JSON.parse(e.partial!));
      return true;
    });
    sb.addFault({ then: { kind: 'dropMidBody' } });
    const r = await fetch(sessionsUrl(sb), { headers: { 'x-api-key': sb.apiKey } });
    assert.equal(r.status, 200);
    await assert.rejects(r.text());
  });

  it('hang: never answers; close() still finishes promptly', async () => {
    sb.addFault({ then: { kind: 'hang' } });
    const pending = raw(sessionsUrl(sb), { headers: { 'x-api-key': sb.apiKey } });
    const outcome = await Promise.race([pending.then(() => 'answered', () => 'failed'), sleep(150).then(() => 'waiting')]);
    assert.equal(outcome, 'waiting');
    const t = Date.now();
    await sb.close();
    assert.ok(Date.now() - t < 1000);
    assert.equal(await pending.then(() => 'answered', () => 'failed'), 'failed');
  });

  it('nonJson, html, empty: 200 bodies a client must reject', async () => {
    sb.addFault({ nth: 1, then: { kind: 'nonJson' } });
    const a = await list(sb);
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(a.body, 'not json at all');

    sb.addFault({ nth: 1, then: { kind: 'html' } });
    const b = await list(sb);
    assert.equal(b.status, 200);
    assert.match(String(b.headers['content-type']), /^text\/html/);
    assert.match(b.body, /^<html>.*<\/html>$/);

    sb.addFault({ nth: 1, then: { kind: 'empty' } });
    const c = await list(sb);
    assert.equal(c.status, 200);
    assert.equal(c.body, '');
    assert.equal(c.headers['content-length'], '0');
  });

  it('truncated: half a JSON body with a matching Content-Length', async () => {
    const whole = (await list(sb)).body;
    sb.addFault({ then: { kind: 'truncated' } });
    const r = await list(sb);
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
    assert.ok(whole.startsWith(r.body.slice(0, 100)));
    assert.ok(r.body.length < whole.length * 0.6 && r.body.length > whole.length * 0.4);
    assert.throws(() => JSON.parse(r.body));
  });

  it('oversize: a valid JSON list of the requested size (default 8 MiB)', async () => {
    sb.addFault({ nth: 1, then: { kind: 'oversize', bytes: 300_000 } });
    const r = await list(sb);
    assert.equal(Buffer.byteLength(r.body), 300_000);
    assert.equal(json(r).items.length, 25);
    sb.addFault({ nth: 1, then: { kind: 'oversize' } });
    const big = await list(sb);
    assert.equal(Number(big.headers['content-length']), 8 * 1024 * 1024);
    assert.ok(Array.isArray(json(big).items));
    sb.setOptions({ envelope: 'array' });
    sb.addFault({ nth: 1, then: { kind: 'oversize', bytes: 100_000 } });
    const arr = await list(sb);
    assert.equal(Buffer.byteLength(arr.body), 100_000);
    assert.ok(Array.isArray(json(arr)));
  });

  it('delay: waits, then serves normally', async () => {
    sb.addFault({ nth: 1, then: { kind: 'delay', ms: 150 } });
    const t = Date.now();
    const r = await list(sb, 'per_page=3');
    assert.ok(Date.now() - t >= 140);
    assert.equal(json(r).items.length, 3);
    assert.equal(sb.requests[0].fault, 'delay');
  });

  it('latencyMs is added to every API response', async () => {
    sb.setOptions({ latencyMs: 120 });
    const t = Date.now();
    await list(sb, 'per_page=1');
    assert.ok(Date.now() - t >= 110);
  });

  it('createThenDrop: the session exists although the client saw a dropped connection', async () => {
    sb.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    await assert.rejects(create(sb, { title: 'dropped but made' }));
    assert.equal(sb.query({ search: 'dropped but made' }).length, 1);
  });

  it('createThenHang: created, never answered', async () => {
    sb.addFault({ method: 'POST', then: { kind: 'createThenHang' } });
    await assert.rejects(
      raw(sessionsUrl(sb), { method: 'POST', headers: { 'x-api-key': sb.apiKey }, body: '{"title":"hung"}', timeoutMs: 200 }),
      /timeout/,
    );
    assert.equal(sb.query({ search: 'hung' }).length, 1);
  });

  it('createNoBody: created, 201 with an empty body', async () => {
    sb.addFault({ method: 'POST', then: { kind: 'createNoBody' } });
    const r = await create(sb, { title: 'no body' });
    assert.equal(r.status, 201);
    assert.equal(r.body, '');
    assert.equal(sb.query({ search: 'no body' }).length, 1);
  });

  it('createHidden: 201 with the session, which is never listed', async () => {
    sb.addFault({ method: 'POST', nth: 1, then: { kind: 'createHidden' } });
    const s = json(await create(sb, { title: 'ghost' }));
    assert.equal(s.title, 'ghost');
    assert.equal(sb.query({ search: 'ghost' }).length, 0);
    assert.ok(sb.sessions().some((x) => x.id === s.id));
    assert.equal(json(await list(sb)).total, 60);
  });

  it('create* faults still validate the body first', async () => {
    sb.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    const r = await create(sb, { company_id: 'nope' });
    assert.equal(r.status, 400);
    assert.equal(sb.sessions().length, 60);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
