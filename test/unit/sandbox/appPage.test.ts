import assert from 'node:assert/strict';
import { COMPANIES, escapeHtml, HOSTILE_TITLES, startSandbox, type Sandbox, type SessionRecord } from '../../../sandbox/server';
import { create, FakeClock, json, list, raw, type RawResponse } from './helpers';

/** The text of the element marked data-field="name". */
function fieldHtml(body: string, name: string): string {
  const m = new RegExp(`<dd data-field="${name}">(.*?)</dd>`).exec(body);
  assert.ok(m, `field ${name}`);
  return m[1];
}

/** The body's text outside every <bdi>...</bdi>. */
function outsideBdi(body: string): string {
  return body.replace(/<bdi>[^]*?<\/bdi>/g, '');
}

describe('sandbox web app page (GET /app/sessions/{id})', () => {
  let sb: Sandbox;
  const clock = new FakeClock();
  const open = (id: string, method = 'GET'): Promise<RawResponse> => raw(sb.appUrlTemplate.replace('{id}', encodeURIComponent(id)), { method });

  beforeEach(async () => {
    sb = await startSandbox({ now: clock.now, sessionCount: 120, rateLimit: { limit: 2, windowMs: 60_000 } });
  });
  afterEach(() => sb.close());

  it('the URL template is the origin + /app/sessions/{id}', () => {
    assert.equal(sb.appUrlTemplate, `${sb.origin}/app/sessions/{id}`);
  });

  it('shows the title, status, type, company and times of a session, without a key, and records the request', async () => {
    const s = sb.sessions().find((x) => typeof x.company_id === 'string' && typeof x.title === 'string' && !HOSTILE_TITLES.includes(x.title))!;
    const company = COMPANIES.find((c) => c.id === s.company_id)!;
    const r = await open(s.id);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(r.body, /^<!doctype html>/);
    assert.ok(r.body.includes(`<h1 id="title"><bdi>${escapeHtml(s.title!)}</bdi></h1>`));
    assert.ok(r.body.includes(`<title>${escapeHtml(s.title!)} · PG:AI sandbox</title>`));
    assert.equal(fieldHtml(r.body, 'status'), `<bdi>${s.status}</bdi>`);
    assert.equal(fieldHtml(r.body, 'type'), `<bdi>${s.type}</bdi>`);
    assert.equal(fieldHtml(r.body, 'company'), `<bdi>${escapeHtml(company.name)}</bdi> <code>${company.id}</code>`);
    assert.ok(fieldHtml(r.body, 'created_at').includes(`datetime="${s.created_at}"`));
    assert.ok(fieldHtml(r.body, 'created_at').includes(new Date(s.created_at).toUTCString()));
    assert.ok(fieldHtml(r.body, 'updated_at').includes(`datetime="${s.updated_at}"`));
    assert.equal(fieldHtml(r.body, 'id'), `<code>${s.id}</code>`);

    const rec = sb.requests.at(-1)!;
    assert.deepEqual(
      { method: rec.method, path: rec.path, status: rec.status, keyValid: rec.keyValid },
      { method: 'GET', path: `/app/sessions/${s.id}`, status: 200, keyValid: false },
    );
    assert.equal(sb.listRequests(), 0, 'not an API list request');
  });

  it('escapes a hostile title: markup, quotes, a right-to-left override kept inside <bdi>, a lone surrogate', async () => {
    const hostile = `<script>alert("x")</script> & 'q' \u202Egnp.exe \uD800 end`;
    const made = json(await create(sb, { title: hostile })) as SessionRecord;
    assert.equal(made.title, hostile, 'stored as sent');
    const r = await open(made.id);
    assert.equal(r.status, 200);
    assert.ok(!r.body.includes('<script'), 'no script element');
    assert.ok(r.body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; \u202Egnp.exe \uFFFD end'));
    assert.ok(!r.body.includes('\uD800'));
    assert.ok(r.body.includes('\u202E'));
    assert.ok(!outsideBdi(r.body).includes('\u202E'), 'the override never reaches the page outside its <bdi>');
    const tab = /<title>(.*?)<\/title>/.exec(r.body)![1];
    assert.ok(!tab.includes('\u202E') && tab.includes('&lt;script&gt;'), 'the tab title has it neutralised');

    const seeded = sb.sessions().find((s) => s.title === '<img src=x onerror=alert(1)> pipeline')!;
    const img = await open(seeded.id);
    assert.ok(!img.body.includes('<img'));
    assert.ok(img.body.includes('&lt;img src=x onerror=alert(1)&gt; pipeline'));
  });

  it('shows missing fields as a dash (null title and status, no company)', async () => {
    const s = sb.sessions().find((x) => x.company_id === null)!;
    sb.update(s.id, { title: null, status: null as unknown as string });
    const r = await open(s.id);
    assert.equal(r.status, 200);
    assert.ok(r.body.includes('<h1 id="title"><span class="none">Untitled</span></h1>'));
    assert.equal(fieldHtml(r.body, 'status'), '<span class="none">—</span>');
    assert.equal(fieldHtml(r.body, 'company'), '<span class="none">—</span>');
  });

  it('answers 404 with a page (id escaped) for an unknown id; 405 for other methods; HEAD has no body', async () => {
    const r = await open('<b>nope</b>');
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.ok(r.body.includes('Session not found'));
    assert.ok(r.body.includes('&lt;b&gt;nope&lt;/b&gt;'));
    assert.ok(!r.body.includes('<b>'));
    assert.equal(sb.requests.at(-1)!.status, 404);
    assert.equal((await raw(`${sb.origin}/app/sessions/`)).status, 404);
    assert.equal((await raw(`${sb.origin}/app/sessions/%E0%A4%A`)).status, 404, 'a badly encoded id');

    const id = sb.sessions()[0].id;
    const post = await open(id, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    const head = await open(id, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('is not the API: no key, no rate limit, no faults, not held', async () => {
    const id = sb.sessions()[0].id;
    sb.addFault({ path: '*', then: { status: 503 } });
    assert.equal((await list(sb)).status, 503);
    sb.clearFaults();
    for (let i = 0; i < 2; i++) assert.equal((await list(sb)).status, 200);
    assert.equal((await list(sb)).status, 429, 'the API is rate limited by now');
    sb.addFault({ path: '*', then: { status: 503 } });
    sb.hold();
    for (let i = 0; i < 3; i++) assert.equal((await open(id)).status, 200);
    assert.equal(sb.held, 0);
    sb.release();
    assert.equal(sb.requests.filter((q) => q.path === `/app/sessions/${id}`).length, 3);
  });

  it('shows the status the life has given the session', async () => {
    const alive = await startSandbox({ life: { speed: 0 }, now: clock.now, sessionCount: 60, rateLimit: false });
    try {
      const [change] = alive.lifeStep();
      const r = await raw(alive.appUrlTemplate.replace('{id}', change.id));
      assert.equal(fieldHtml(r.body, 'status'), `<bdi>${change.to}</bdi>`);
      assert.ok(fieldHtml(r.body, 'updated_at').includes(`datetime="${change.at}"`));
    } finally {
      await alive.close();
    }
  });

  it('escapeHtml escapes the five characters and replaces lone surrogates and control characters', () => {
    assert.equal(escapeHtml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&#39;f');
    assert.equal(escapeHtml('x\uDC00y\uD83D\uDE00z\uD83D'), 'x\uFFFDy\uD83D\uDE00z\uFFFD', 'pairs are kept');
    assert.equal(escapeHtml('a\u0000b\u001Bc\td\ne'), 'a\uFFFDb\uFFFDc\td\ne');
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  });
});
