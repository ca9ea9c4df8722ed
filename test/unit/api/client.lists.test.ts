import assert from 'node:assert/strict';
import type { PgaiClient } from '../../../src/api/client';
import type { SessionPage } from '../../../src/api/types';
import { SessionsModel } from '../../../src/core/sessions/model';
import { DEFAULT_SETTINGS } from '../../../src/core/sessions/sessionsSettings';
import { ENVELOPE_KINDS, type Sandbox } from '../../../sandbox/server';
import { TEST_KEY, captured, makeClient, startEchoServer, startTestSandbox } from './harness';

/**
 * Pages through a list the way the view does (the sessions model, "Load more" until it goes),
 * recording each page the client returned.
 */
async function pageThrough(client: PgaiClient, perPage: number): Promise<SessionPage[]> {
  const pages: SessionPage[] = [];
  const model = new SessionsModel(
    { ...DEFAULT_SETTINGS, groupBy: 'none', pageSize: perPage, sortBy: 'created_at', sortOrder: 'desc' },
    {
      fetchPage: async (query, signal) => {
        const page = await client.listSessions(query, signal);
        pages.push(page);
        return page;
      },
      onDidChange: () => undefined,
    },
  );
  let children = await model.getChildren();
  for (let guard = 0; guard < 50; guard++) {
    const last = children.at(-1);
    if (last?.kind !== 'loadMore') break;
    await model.loadMore(last);
    children = await model.getChildren();
  }
  model.dispose();
  return pages;
}

describe('PgaiClient listing against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startTestSandbox({ sessionCount: 60 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.setOptions({ envelope: 'items', ignorePage: false, latencyMs: 0, rateLimit: false });
  });

  for (const envelope of ENVELOPE_KINDS) {
    it(`reads the ${envelope} envelope, page by page, to the end`, async () => {
      sandbox.setOptions({ envelope });
      const client = makeClient(sandbox);
      const expected = sandbox.query({}).map((s) => s.id);
      const first = await client.listSessions({ perPage: 10 });
      assert.deepEqual(first.sessions.map((s) => s.id), expected.slice(0, 10));
      assert.equal(first.hasMore, true);
      assert.equal(first.skipped, 0);
      if (envelope !== 'array') assert.equal(first.total, 60);
      const pages = await pageThrough(client, 25);
      assert.deepEqual(pages.flatMap((p) => p.sessions.map((s) => s.id)), expected);
      assert.deepEqual(pages.map((p) => p.page), [1, 2, 3]);
      assert.equal(pages.at(-1)?.hasMore, false);
    });
  }

  it('stops on an empty page when the envelope gives no hint (a bare array, exact multiple)', async () => {
    const exact = await startTestSandbox({ sessionCount: 50, envelope: 'array' });
    try {
      const client = makeClient(exact);
      const pages = await pageThrough(client, 25);
      assert.deepEqual(pages.map((p) => p.sessions.length), [25, 25, 0]);
      assert.equal(exact.listRequests(), 3);
    } finally {
      await exact.close();
    }
  });

  it('stops when a server that ignores `page` repeats the first page', async () => {
    for (const envelope of ['items', 'array'] as const) {
      sandbox.reset();
      sandbox.setOptions({ ignorePage: true, envelope });
      const client = makeClient(sandbox);
      const pages = await pageThrough(client, 10);
      assert.equal(pages.length, 2, envelope);
      assert.deepEqual(pages[1].sessions.map((x) => x.id), pages[0].sessions.map((x) => x.id), 'the repeat was noticed and not shown twice');
      assert.equal(sandbox.listRequests(), 2, envelope);
    }
  });



  it('sends the query parameters, clamps per_page to 1..50 and omits empty filters', async () => {
    const client = makeClient(sandbox);
    await client.listSessions({ page: 2, perPage: 500, status: 'active', type: '', search: '  ', companyId: 'c-1', sortBy: 'title', sortOrder: 'asc' });
    await client.listSessions({ perPage: 0 });
    await client.listSessions({ page: -3, perPage: 7.4 });
    const queries = sandbox.requests.map((r) => r.query);
    assert.deepEqual(queries[0], { page: '2', per_page: '50', status: 'active', company_id: 'c-1', sort_by: 'title', sort_order: 'asc' });
    assert.deepEqual(queries[1], { page: '1', per_page: '1' });
    assert.deepEqual(queries[2], { page: '1', per_page: '7' });
    assert.ok(sandbox.requests.every((r) => r.keyValid));
  });

  it('applies filters the server understands', async () => {
    const client = makeClient(sandbox);
    const page = await client.listSessions({ type: 'plan', perPage: 50 });
    const expected = sandbox.query({ type: 'plan' });
    assert.deepEqual(page.sessions.map((s) => s.id), expected.slice(0, 50).map((s) => s.id));
    assert.ok(page.sessions.every((s) => s.type === 'plan'));
  });

  it('shares one request between identical concurrent GETs', async () => {
    sandbox.setOptions({ latencyMs: 40 });
    const client = makeClient(sandbox);
    const [a, b] = await Promise.all([client.listSessions({ perPage: 5 }), client.listSessions({ perPage: 5 })]);
    assert.equal(sandbox.listRequests(), 1);
    assert.deepEqual(a.sessions, b.sessions);
    await Promise.all([client.listSessions({ perPage: 5 }), client.listSessions({ perPage: 6 })]);
    assert.equal(sandbox.listRequests(), 3);
  });

  it("detaches only the caller that aborts from a shared request", async () => {
    sandbox.setOptions({ latencyMs: 80 });
    const client = makeClient(sandbox);
    const leaving = new AbortController();
    const first = client.listSessions({ perPage: 5 }, leaving.signal);
    const second = client.listSessions({ perPage: 5 });
    setTimeout(() => leaving.abort(), 10);
    await assert.rejects(first, (error: Error & { kind?: string }) => error.kind === 'cancelled');
    const page = await second;
    assert.equal(page.sessions.length, 5);
    assert.equal(sandbox.listRequests(), 1);
  });

  it('drops a shared request when every caller has aborted', async () => {
    sandbox.setOptions({ latencyMs: 80 });
    const client = makeClient(sandbox);
    const a = new AbortController();
    const b = new AbortController();
    const pending = [client.listSessions({ perPage: 5 }, a.signal), client.listSessions({ perPage: 5 }, b.signal)];
    setTimeout(() => {
      a.abort();
      b.abort();
    }, 10);
    const results = await Promise.allSettled(pending);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    // A later identical call is not joined to the aborted one: it makes its own request.
    const page = await client.listSessions({ perPage: 5 });
    assert.equal(page.sessions.length, 5);
    assert.equal(sandbox.listRequests(), 2);
  });

  it('records the rate-limit headers it sees', async () => {
    sandbox.setOptions({ rateLimit: { limit: 60, windowMs: 60_000 } });
    const client = makeClient(sandbox);
    assert.deepEqual(client.rateLimit, {});
    await client.listSessions({});
    assert.equal(client.rateLimit.limit, 60);
    assert.equal(client.rateLimit.remaining, 59);
    assert.ok((client.rateLimit.resetAt ?? 0) > Date.now());
  });

  it('logs each request with method, path, status, time, attempt and request id, without the key', async () => {
    const client = makeClient(sandbox);
    const from = captured.length;
    await client.listSessions({ perPage: 3 });
    const lines = captured.slice(from);
    assert.ok(
      lines.some((l) => /^debug GET \/public-api\/v1\/agent\/sessions\?page=1&per_page=3 \(attempt 1\) → 200 in \d+ ms \(request id req_[0-9a-f]+\)$/.test(l)),
      lines.join('\n'),
    );
    assert.ok(lines.every((l) => !l.includes(TEST_KEY)));
  });
});

describe('PgaiClient request headers', () => {
  it('sends the key, accept and user-agent, and content-type with a trimmed body on POST', async () => {
    const echo = await startEchoServer((req, res) => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(req.method === 'POST' ? JSON.stringify({ id: 's-1', title: 'T' }) : '[]');
    });
    try {
      const client = makeClient(echo);
      await client.listSessions({});
      await client.createSession({ title: '  Plan Q3  ', type: '', companyId: undefined });
      const custom = makeClient(echo, { userAgent: 'pgai-sessions-vscode/0.1.0 vscode/1.98.0' });
      await custom.createSession({ type: 'plan', companyId: 'c-9' });
      const [get, post, post2] = echo.seen;
      assert.equal(get.headers['x-api-key'], TEST_KEY);
      assert.equal(get.headers.accept, 'application/json');
      assert.equal(get.headers['user-agent'], 'pgai-sessions-vscode');
      assert.equal(get.headers['content-type'], undefined);
      assert.equal(post.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(post.body), { title: 'Plan Q3' });
      assert.equal(post2.headers['user-agent'], 'pgai-sessions-vscode/0.1.0 vscode/1.98.0');
      assert.deepEqual(JSON.parse(post2.body), { type: 'plan', company_id: 'c-9' });
      assert.ok(!get.url.includes(TEST_KEY));
    } finally {
      await echo.close();
    }
  });

  it('reads JSON when the content-type is missing', async () => {
    const echo = await startEchoServer((_req, res) => {
      res.removeHeader('content-type');
      res.writeHead(200);
      res.end(JSON.stringify({ items: [{ id: 1 }] }));
    });
    try {
      const page = await makeClient(echo).listSessions({});
      assert.deepEqual(page.sessions.map((s) => s.id), ['1']);
    } finally {
      await echo.close();
    }
  });
});
