import assert from 'node:assert/strict';
import { COMPANIES, startSandbox, type Sandbox, type SessionRecord } from '../../../sandbox/server';
import { FakeClock, json, list, raw } from './helpers';

describe('sandbox GET /agent/sessions', () => {
  let sb: Sandbox;
  const clock = new FakeClock();

  before(async () => {
    sb = await startSandbox({ rateLimit: false, now: clock.now });
  });
  after(() => sb.close());
  afterEach(() => sb.setOptions({ envelope: 'items', ignorePage: false }));

  async function allPages(query: string): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    for (let page = 1; page < 100; page++) {
      const body = json(await list(sb, `${query}&per_page=50&page=${page}`));
      const items = body.items as SessionRecord[];
      out.push(...items);
      if (items.length < 50) break;
    }
    return out;
  }

  it('defaults: page 1, 25 per page, newest first, JSON with a request id', async () => {
    const r = await list(sb);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(String(r.headers['x-request-id']), /^req_[0-9a-f]+$/);
    const body = json(r);
    assert.equal(body.page, 1);
    assert.equal(body.per_page, 25);
    assert.equal(body.total, 520);
    assert.equal(body.items.length, 25);
    const expected = sb.query({}).slice(0, 25);
    assert.deepEqual(body.items, expected);
    const created = (body.items as SessionRecord[]).map((s) => s.created_at);
    assert.deepEqual(created, [...created].sort().reverse());
  });

  it('request ids differ between requests', async () => {
    const a = await list(sb, 'per_page=1');
    const b = await list(sb, 'per_page=1');
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
  });

  it('pages through everything exactly once', async () => {
    const all = await allPages('');
    assert.equal(all.length, 520);
    assert.equal(new Set(all.map((s) => s.id)).size, 520);
    assert.deepEqual(all, sb.query({}));
    const beyond = json(await list(sb, 'page=999'));
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, 520);
  });

  it('filters by status, type, company_id exactly', async () => {
    const company = COMPANIES[0].id;
    for (const [q, pred] of [
      ['status=failed', (s: SessionRecord) => s.status === 'failed'],
      ['status=waiting_for_input', (s: SessionRecord) => s.status === 'waiting_for_input'],
      ['type=canvas_settings', (s: SessionRecord) => s.type === 'canvas_settings'],
      [`company_id=${company}`, (s: SessionRecord) => s.company_id === company],
      [`type=email&status=completed`, (s: SessionRecord) => s.type === 'email' && s.status === 'completed'],
    ] as const) {
      const got = await allPages(q);
      const expected = sb.sessions().filter(pred);
      assert.ok(expected.length > 0, q);
      assert.deepEqual(got.map((s) => s.id), expected.map((s) => s.id), q);
      assert.equal(json(await list(sb, q)).total, expected.length);
    }
    assert.equal(json(await list(sb, 'type=Chat')).total, 0, 'exact, case-sensitive');
    assert.equal(json(await list(sb, 'status=nope')).total, 0);
  });

  it('search is a case-insensitive title substring; untitled sessions never match', async () => {
    const got = await allPages('search=ACME');
    assert.ok(got.length > 0);
    assert.ok(got.every((s) => typeof s.title === 'string' && s.title.toLowerCase().includes('acme')));
    const expected = sb.sessions().filter((s) => typeof s.title === 'string' && s.title.toLowerCase().includes('acme'));
    assert.equal(got.length, expected.length);
    assert.deepEqual(
      (await allPages('search=%3Cimg')).map((s) => s.title),
      ['<img src=x onerror=alert(1)> pipeline'],
    );
    assert.equal(json(await list(sb, 'search=')).total, 520, 'empty search = no filter');
  });

  it('sorts by created_at, updated_at, title in both orders, stable by id', async () => {
    for (const field of ['created_at', 'updated_at', 'title'] as const) {
      const asc = await allPages(`sort_by=${field}&sort_order=asc`);
      const desc = await allPages(`sort_by=${field}&sort_order=desc`);
      assert.equal(asc.length, 520);
      assert.deepEqual(desc.map((s) => s.id), asc.map((s) => s.id).reverse(), field);
      const keys = asc.map((s) => (field === 'title' ? (s.title ?? '').toLowerCase() : s[field]));
      for (let i = 1; i < keys.length; i++) {
        assert.ok(keys[i - 1] <= keys[i], `${field} ${keys[i - 1]} <= ${keys[i]}`);
        if (keys[i - 1] === keys[i]) assert.ok(asc[i - 1].id < asc[i].id, 'tie broken by id');
      }
    }
    const defaultOrder = await allPages('');
    assert.deepEqual(defaultOrder, await allPages('sort_by=created_at&sort_order=desc'));
  });

  it('answers 400 for bad page, per_page, sort_by, sort_order', async () => {
    for (const [q, message] of [
      ['per_page=0', 'per_page must be between 1 and 50'],
      ['per_page=51', 'per_page must be between 1 and 50'],
      ['per_page=abc', 'per_page must be between 1 and 50'],
      ['per_page=2.5', 'per_page must be between 1 and 50'],
      ['page=0', 'page must be a positive integer'],
      ['page=-1', 'page must be a positive integer'],
      ['page=x', 'page must be a positive integer'],
      ['sort_by=status', 'Invalid sort_by'],
      ['sort_order=up', 'Invalid sort_order'],
    ]) {
      const r = await list(sb, q);
      assert.equal(r.status, 400, q);
      assert.deepEqual(json(r), { error: message }, q);
    }
    assert.equal((await list(sb, 'per_page=50')).status, 200);
    assert.equal(json(await list(sb, 'per_page=1')).items.length, 1);
  });

  describe('envelopes', () => {
    const q = 'per_page=10&page=2';
    const page2 = (): SessionRecord[] => sb.query({}).slice(10, 20);

    it('items (default)', async () => {
      assert.deepEqual(json(await list(sb, q)), { items: page2(), total: 520, page: 2, per_page: 10 });
    });
    it('territories', async () => {
      sb.setOptions({ envelope: 'territories' });
      assert.deepEqual(json(await list(sb, q)), {
        itemsReceived: 10,
        curPage: 2,
        nextPage: 3,
        prevPage: 1,
        offset: 10,
        perPage: 10,
        itemsTotal: 520,
        pageTotal: 52,
        items: page2(),
      });
      const first = json(await list(sb, 'per_page=50'));
      assert.equal(first.prevPage, null);
      const last = json(await list(sb, 'per_page=50&page=11'));
      assert.equal(last.nextPage, null);
      assert.equal(last.itemsReceived, 20);
    });
    it('dataPagination', async () => {
      sb.setOptions({ envelope: 'dataPagination' });
      assert.deepEqual(json(await list(sb, q)), { data: page2(), pagination: { page: 2, per_page: 10, total: 520 } });
    });
    it('dataLimit', async () => {
      sb.setOptions({ envelope: 'dataLimit' });
      assert.deepEqual(json(await list(sb, q)), { data: page2(), pagination: { page: 2, limit: 10, total: 520 } });
    });
    it('array', async () => {
      sb.setOptions({ envelope: 'array' });
      assert.deepEqual(json(await list(sb, q)), page2());
    });
    it('nestedData', async () => {
      sb.setOptions({ envelope: 'nestedData' });
      assert.deepEqual(json(await list(sb, q)), { data: { items: page2(), total: 520, page: 2, per_page: 10 } });
    });
  });

  it('ignorePage always serves page 1', async () => {
    sb.setOptions({ ignorePage: true });
    const p1 = json(await list(sb, 'per_page=5&page=1'));
    const p3 = json(await list(sb, 'per_page=5&page=3'));
    assert.deepEqual(p3.items, p1.items);
    assert.equal(p3.page, 1);
  });

  it('health needs no key; unknown paths 404; wrong methods 405', async () => {
    const h = await raw(`${sb.baseUrl}/health`);
    assert.equal(h.status, 200);
    assert.deepEqual(json(h), { status: 'ok' });
    const nf = await raw(`${sb.baseUrl}/agent/nope`, { headers: { 'x-api-key': sb.apiKey } });
    assert.equal(nf.status, 404);
    assert.deepEqual(json(nf), { error: 'Not found' });
    assert.equal((await raw(`${sb.origin}/`)).status, 404);
    const wrong = await raw(`${sb.baseUrl}/agent/sessions`, { method: 'DELETE', headers: { 'x-api-key': sb.apiKey } });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'GET, POST');
    assert.equal((await raw(`${sb.baseUrl}/health`, { method: 'POST' })).status, 405);
  });

  it('query() and sessions() return copies', () => {
    const a = sb.sessions();
    (a[0]).title = 'mutated';
    assert.notEqual(sb.sessions()[0].title, 'mutated');
  });
});
