// Edges of the stream and the model that the broader tests pass over: a Retry while a load is
// on its way, a reload cut short, a first page replacing a session put in before it, warnings
// only where they mean something, hosts without an auth callback, and the model's root stream.
import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import type { CallOptions, ListQuery, SessionPage } from '../../../../src/api/types';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode, TreeNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type GroupBy } from '../../../../src/core/sessions/sessionsSettings';
import { Stream } from '../../../../src/core/sessions/stream';
import { FakeApi, flush, page, session, sessions, streamHost as host } from './factories';

const spec = { id: 't:chat', query: { perPage: 3 }, levels: [] };

describe('core/sessions/stream: edges', () => {
  it('Retry while a load is on its way joins it (no second request, nothing cancelled)', async () => {
    const api = new FakeApi(sessions(9));
    const s = new Stream(spec, host(api.listSessions));
    await s.shown();
    api.hold = true;
    const more = s.loadMore();
    await flush();
    assert.equal(s.retry(), s.pending);
    await flush();
    assert.equal(api.held.length, 1);
    assert.equal(api.held[0].signal.aborted, false);
    api.release();
    await more;
    assert.equal(s.loaded, 6);
  });

  it('Retry of a stream that did not fail re-reads page 1 and keeps the paging position', async () => {
    const api = new FakeApi(sessions(9));
    const s = new Stream(spec, host(api.listSessions));
    await s.shown();
    await s.loadMore();
    await s.retry();
    assert.deepEqual(api.requests.map((q) => q.page), [1, 2, 1]);
    assert.equal(s.nextPage, 3);
    assert.equal(s.loaded, 6);
  });

  it('a reload stops at an empty page even when it says more would follow', async () => {
    const asked: number[] = [];
    const answers: Record<number, SessionPage> = { 1: page(sessions(3), 1, 3, { hasMore: true }), 2: page([], 2, 3, { hasMore: true }), 3: page(sessions(3), 3, 3, { hasMore: true }) };
    const s = new Stream(spec, host((query) => (asked.push(query.page ?? 1), Promise.resolve(answers[query.page ?? 1]))));
    await s.shown();
    answers[1] = page(sessions(3), 1, 3, { hasMore: true });
    await s.loadMore();
    answers[2] = page(sessions(3), 2, 3, { hasMore: true });
    await s.loadMore();
    answers[2] = page([], 2, 3, { hasMore: true });
    asked.length = 0;
    await s.refresh(true);
    assert.deepEqual(asked, [1, 2]);
    assert.equal(s.hasMore, false);
  });

  it('a reload cancelled by dispose asks for no further page and changes nothing', async () => {
    const api = new FakeApi(sessions(9));
    api.ignoreAbort = true;
    const s = new Stream(spec, host(api.listSessions));
    await s.shown();
    await s.loadMore();
    const before = [...s.entries.keys()];
    api.hold = true;
    const reload = s.refresh(true);
    await flush();
    s.dispose();
    api.data = sessions(9);
    api.release();
    await reload;
    await flush();
    assert.equal(api.requests.length, 3, 'no page 2 of the cancelled reload');
    assert.deepEqual([...s.entries.keys()], before);
  });

  it('a first page replaces a session put in before it', async () => {
    const api = new FakeApi(sessions(2));
    const s = new Stream(spec, host(api.listSessions));
    const created = session();
    s.prepend(created);
    await s.shown();
    assert.equal(s.entries.has(created.id), false);
    assert.equal(s.loaded, 2);
  });

  it('the "added no new sessions" warning is for Load more only, and not for an empty page', async () => {
    const warnings: string[] = [];
    const data = sessions(6);
    const api = new FakeApi(data);
    const s = new Stream(spec, host(api.listSessions, warnings));
    await s.shown();
    await s.refresh();
    await s.refresh(true);
    assert.deepEqual(warnings, [], 'a refresh adding nothing is normal');
    const empty = new Stream(spec, host((q: ListQuery) => Promise.resolve(q.page === 1 ? page(sessions(3), 1, 3, { hasMore: true }) : page([], 2, 3, { hasMore: false })), warnings));
    await empty.shown();
    await empty.loadMore();
    assert.deepEqual(warnings, []);
  });

  it('a 401 with a host that has no auth callback is shown as the error, nothing thrown', async () => {
    const h = host(() => Promise.reject(new PgaiError('auth', 'PG:AI rejected the API key (401).', { status: 401 })));
    delete (h as { onAuthFailure?: unknown }).onAuthFailure;
    const s = new Stream(spec, h);
    await s.shown();
    assert.equal(s.error?.message, 'PG:AI rejected the API key (401).');
  });
});

describe('core/sessions/model: edges', () => {
  function harness(groupBy: GroupBy, data = sessions(12)) {
    const api = new FakeApi(data);
    const options: (CallOptions | undefined)[] = [];
    const fired: (readonly TreeNode[] | undefined)[] = [];
    const model = new SessionsModel(
      { ...DEFAULT_SETTINGS, groupBy, pageSize: 5 },
      {
        fetchPage: (query: ListQuery, signal: AbortSignal, opts?: CallOptions) => {
          options.push(opts);
          return api.listSessions(query, signal);
        },
        onDidChange: (nodes) => fired.push(nodes),
      },
    );
    return { api, model, options, fired };
  }

  it('the root stream is always expanded: a refresh goes out at once', async () => {
    const h = harness('none');
    await h.model.getChildren();
    await h.model.refresh();
    assert.equal(h.api.requests.length, 2);
  });

  it('Retry is the user’s (a probe) unless told otherwise', async () => {
    const h = harness('none');
    h.api.failNext(new PgaiError('server', 'down', { status: 500 }));
    const [error] = await h.model.getChildren();
    await h.model.retry(error);
    h.api.failNext(new PgaiError('server', 'down', { status: 500 }));
    await h.model.refresh();
    await h.model.retry(h.model.childrenNow()[0], false);
    assert.deepEqual(h.options, [undefined, { probe: true }, undefined, undefined]);
  });

  it('a 401 without an auth callback is shown, nothing thrown', async () => {
    const h = harness('none');
    h.api.failNext(new PgaiError('auth', 'PG:AI rejected the API key (401).', { status: 401 }));
    assert.deepEqual((await h.model.getChildren()).map((n) => n.kind), ['error']);
  });

  it('the root’s children are built once per change (the same array while nothing changed)', async () => {
    const h = harness('status');
    const first = await h.model.getChildren();
    assert.equal(h.model.childrenNow(), first);
    assert.equal(await h.model.getChildren(), first);
  });

  it('type groups below a status are of the type dimension, in the documented order', async () => {
    const h = harness('statusThenType', [session({ type: 'voice' }), session({ type: 'email' }), session({ type: 'chat' })]);
    const [completed] = await h.model.getChildren();
    const types = (await h.model.getChildren(completed)) as GroupNode[];
    assert.deepEqual(types.map((n) => [n.key, n.dimension]), [['chat', 'type'], ['email', 'type'], ['other', 'type']]);
  });

  it('expanding or collapsing a row that is not a top-level group changes nothing', async () => {
    const h = harness('none');
    const [row] = await h.model.getChildren();
    assert.doesNotThrow(() => h.model.setExpanded(row, false));
    await h.model.refresh();
    assert.equal(h.api.requests.length, 2, 'the root stream is still expanded');
  });

  it('a page loaded before the tree built its rows fires nothing', async () => {
    const h = harness('status', sessions(12, { status: 'completed' }));
    const [root] = h.model.allStreams();
    await root.shown();
    await root.loadMore();
    assert.deepEqual(h.fired, [undefined], 'only the first page, which changes the shape');
  });
});
