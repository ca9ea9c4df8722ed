// What the tree is told to redraw after each change (the smallest part that changed, or the
// whole tree when its shape changed), node identity across rebuilds, and the model's queries.
import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import type { Session } from '../../../../src/api/types';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode, TreeNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type GroupBy, type SessionsSettings } from '../../../../src/core/sessions/sessionsSettings';
import { FakeApi, FakeTimers, flush, session, sessions } from './factories';

function settings(groupBy: GroupBy, extra: Partial<SessionsSettings> = {}): SessionsSettings {
  return { ...DEFAULT_SETTINGS, groupBy, pageSize: 5, ...extra };
}

function harness(data: Session[], s: SessionsSettings) {
  const api = new FakeApi(data);
  const fired: (string[] | undefined)[] = [];
  const timers = new FakeTimers();
  const authFailures: PgaiError[] = [];
  const model = new SessionsModel(s, {
    fetchPage: api.listSessions,
    onDidChange: (nodes) => fired.push(nodes?.map((n) => n.id)),
    onAuthFailure: (e) => authFailures.push(e),
    timers,
    now: () => timers.now,
  });
  return { api, model, fired, timers, authFailures };
}

const ids = (nodes: readonly TreeNode[]) => nodes.map((n) => n.id);

function group(nodes: readonly TreeNode[], key: string): GroupNode {
  const node = nodes.find((n): n is GroupNode => n.kind === 'group' && n.key === key);
  assert.ok(node, `no group ${key} in ${ids(nodes).join(', ')}`);
  return node;
}

describe('core/sessions/model: what the tree is told', () => {
  describe('a root stream bucketed by status', () => {
    it('a page that only adds to existing status groups redraws those groups and the Load more row', async () => {
      const data = [...sessions(5, { status: 'completed' }), ...sessions(5, { status: 'running' }), ...sessions(5, { status: 'completed' })];
      const h = harness(data, settings('status'));
      assert.deepEqual(ids(await h.model.getChildren()), ['s:completed', 'more']);
      assert.deepEqual(h.fired, [undefined], 'the first page redraws the whole tree');
      h.fired.length = 0;
      // Page 2 brings a new status group: the shape changes, the whole tree redraws.
      await h.model.loadMore(h.model.childrenNow().at(-1) as never);
      assert.deepEqual(h.fired, [['more'], undefined]);
      assert.deepEqual(ids(h.model.childrenNow()), ['s:running', 's:completed', 'more']);
      h.fired.length = 0;
      // Page 3 adds only to "completed" and the list goes on: that group and the Load more row.
      h.api.data = [...data, ...sessions(5, { status: 'running' })];
      await h.model.loadMore(h.model.childrenNow().at(-1) as never);
      assert.deepEqual(h.fired, [['more'], ['s:completed', 'more']]);
    });

    it('the last page (the Load more row goes) redraws the whole tree', async () => {
      const h = harness(sessions(7, { status: 'completed' }), settings('status'));
      await h.model.getChildren();
      h.fired.length = 0;
      await h.model.loadMore(h.model.childrenNow().at(-1) as never);
      assert.deepEqual(h.fired, [['more'], undefined]);
      assert.deepEqual(ids(h.model.childrenNow()), ['s:completed']);
    });

    it('a page into groups not shown yet fires nothing but the spinner', async () => {
      const h = harness(sessions(15, { status: 'completed' }), settings('status'));
      const roots = await h.model.getChildren();
      assert.deepEqual(ids(roots), ['s:completed', 'more']);
      h.fired.length = 0;
      await h.model.loadMore(roots[1] as never);
      // The completed group node exists (it was built): it is redrawn with the Load more row.
      assert.deepEqual(h.fired, [['more'], ['s:completed', 'more']]);
    });

    it('a flat list (no levels) redraws the whole tree after every page', async () => {
      const h = harness(sessions(12), settings('none'));
      await h.model.getChildren();
      h.fired.length = 0;
      await h.model.loadMore(h.model.childrenNow().at(-1) as never);
      assert.deepEqual(h.fired, [['more'], undefined]);
    });

    it('a refreshed page 1 rebuilds the buckets: the whole tree is redrawn', async () => {
      const h = harness(sessions(3, { status: 'completed' }), settings('status'));
      await h.model.getChildren();
      h.fired.length = 0;
      await h.model.refresh();
      // A refreshed page 1 rebuilds the buckets: the whole tree.
      assert.deepEqual(h.fired, [undefined]);
    });
  });

  describe('type groups', () => {
    it('each group redraws itself only; its Load more spinner is its own row', async () => {
      const h = harness(sessions(12, { type: 'chat' }), settings('type'));
      const chat = group(await h.model.getChildren(), 'chat');
      assert.deepEqual(h.fired, [], 'the root groups need no fetch');
      const kids = await h.model.getChildren(chat);
      assert.deepEqual(h.fired, [['t:chat']]);
      assert.equal(kids.at(-1)?.id, 't:chat/more');
      h.fired.length = 0;
      await h.model.loadMore(kids.at(-1) as never);
      assert.deepEqual(h.fired, [['t:chat/more'], ['t:chat']]);
      // A first page or refresh shows no spinner row.
      h.fired.length = 0;
      await h.model.refresh();
      assert.deepEqual(h.fired, [['t:chat']]);
    });

    it('a stream whose group node was never built fires nothing', async () => {
      const h = harness(sessions(3, { type: 'email' }), settings('type'));
      const [stream] = h.model.allStreams().filter((s) => s.spec.id === 't:email');
      await stream.shown();
      assert.deepEqual(h.fired, []);
      assert.equal(stream.loaded, 3);
    });

    it('collapsing only affects top-level groups', async () => {
      const h = harness(sessions(3, { type: 'chat', status: 'running' }), settings('typeThenStatus'));
      const chat = group(await h.model.getChildren(), 'chat');
      const running = group(await h.model.getChildren(chat), 'running');
      h.model.setExpanded(running, false);
      assert.equal(chat.stream.expanded, true);
      h.model.setExpanded(chat, false);
      assert.equal(chat.stream.expanded, false);
      h.model.setExpanded(chat, true);
      assert.equal(chat.stream.expanded, true);
    });
  });

  describe('nodes', () => {
    it('children of a session or leaf row are none; a group of a bucket that went is empty', async () => {
      const h = harness(sessions(3, { type: 'chat', status: 'running' }), settings('typeThenStatus'));
      const chat = group(await h.model.getChildren(), 'chat');
      const running = group(await h.model.getChildren(chat), 'running');
      const [row] = await h.model.getChildren(running);
      assert.equal(row.kind, 'session');
      assert.deepEqual(await h.model.getChildren(row), []);
      assert.deepEqual(h.model.childrenNow(row), []);
      assert.equal(h.model.getParent(row), running);
      assert.equal(h.model.getParent(chat), undefined);
      h.api.data = sessions(2, { type: 'chat', status: 'completed' });
      await h.model.refresh(true);
      assert.deepEqual(await h.model.getChildren(running), [], 'the running bucket is gone');
      assert.deepEqual(ids(h.model.childrenNow(chat)), ['t:chat/s:completed']);
    });

    it('childrenNow builds from what is loaded without fetching', async () => {
      const h = harness(sessions(3, { type: 'chat' }), settings('type'));
      const roots = h.model.childrenNow();
      assert.equal(roots.length, 8);
      const chat = group(roots, 'chat');
      assert.deepEqual(h.model.childrenNow(chat), []);
      assert.equal(h.api.requests.length, 0);
      const flat = harness(sessions(3), settings('none'));
      assert.deepEqual(flat.model.childrenNow(), []);
      assert.deepEqual(flat.model.rootGroups(), [], 'no groups in a flat list');
      await flat.model.getChildren();
      assert.equal(flat.model.childrenNow().length, 3);
    });

    it('rows are the same objects while they stand for the same thing, across pages and refreshes', async () => {
      const h = harness(sessions(7, { status: 'completed' }), settings('status'));
      const [completed] = await h.model.getChildren();
      const first = await h.model.getChildren(completed);
      assert.equal(first.length, 5);
      assert.equal(await h.model.getChildren(completed), first, 'unchanged: the same array');
      await h.model.loadMore(h.model.childrenNow().at(-1) as never);
      const [again] = await h.model.getChildren();
      assert.equal(again, completed);
      const after = await h.model.getChildren(completed);
      assert.equal(after.length, 7);
      first.forEach((node, i) => assert.equal(after[i], node));
      assert.equal(h.model.nodeCount, 1 + 7 + 0, 'a group and seven rows (the Load more row went)');
    });

    it('an error row, then after a retry the rows, with the error row forgotten', async () => {
      const h = harness(sessions(3), settings('none'));
      h.api.failNext(new PgaiError('server', 'down', { status: 500 }));
      const failed = await h.model.getChildren();
      assert.deepEqual(ids(failed), ['error']);
      await h.model.retry(failed[0]);
      assert.equal(h.model.childrenNow().length, 3);
      assert.equal(h.model.nodeCount, 3);
    });
  });

  describe('actions on streams the model does not own', () => {
    it('loadMore and retry ignore a stream of another model, and of a disposed one', async () => {
      const a = harness(sessions(12), settings('none'));
      const b = harness(sessions(12), settings('none'));
      await a.model.getChildren();
      await b.model.getChildren();
      const [foreign] = b.model.allStreams();
      await a.model.loadMore(foreign);
      await a.model.retry(foreign);
      assert.equal(b.api.requests.length, 1);
      const [own] = a.model.allStreams();
      await a.model.loadMore(own);
      assert.equal(a.api.requests.length, 2);
      a.model.dispose();
      await a.model.loadMore(own);
      await a.model.retry(own);
      await a.model.refresh(true);
      assert.equal(a.api.requests.length, 2);
    });
  });

  describe('created sessions', () => {
    it('in a status-bucketed root: at the top of its (new) status group, the whole tree redrawn', async () => {
      const h = harness(sessions(3, { status: 'completed' }), settings('status'));
      await h.model.getChildren();
      h.fired.length = 0;
      const created = session({ status: 'queued' });
      const node = h.model.insertCreated(created);
      assert.equal(node?.id, `s:queued/#${created.id}`);
      assert.equal(node?.parent?.id, 's:queued');
      assert.equal(node?.parent?.dimension, 'status');
      assert.equal(node?.parent?.parent, undefined);
      assert.deepEqual(h.fired, [undefined]);
      assert.deepEqual(ids(h.model.childrenNow()), ['s:queued', 's:completed']);
      // Into an existing group: only that group is redrawn.
      h.fired.length = 0;
      const second = session({ status: 'completed' });
      const n2 = h.model.insertCreated(second);
      assert.deepEqual(h.fired, [['s:completed']]);
      assert.equal(h.model.childrenNow(n2?.parent)[0], n2);
    });

    it('in statusThenType: below its status and type groups', async () => {
      const h = harness(sessions(3, { status: 'completed', type: 'chat' }), settings('statusThenType'));
      await h.model.getChildren();
      const created = session({ status: 'completed', type: 'email' });
      const node = h.model.insertCreated(created);
      assert.equal(node?.id, `s:completed/t:email/#${created.id}`);
      assert.equal(node?.parent?.dimension, 'type');
      assert.equal(node?.parent?.key, 'email');
      assert.equal(node?.parent?.parent?.key, 'completed');
    });

    it('in a flat list: a top-level row; with one type filter only that type', async () => {
      const h = harness(sessions(3), settings('none'));
      await h.model.getChildren();
      const created = session();
      assert.equal(h.model.insertCreated(created)?.id, `#${created.id}`);
      assert.equal(h.model.childrenNow()[0].id, `#${created.id}`);
      const one = harness(sessions(3, { type: 'email' }), settings('none', { filter: { ...DEFAULT_SETTINGS.filter, types: ['email'] } }));
      await one.model.getChildren();
      assert.equal(one.model.insertCreated(session({ type: 'chat' })), undefined);
      assert.ok(one.model.insertCreated(session({ type: 'email' })));
      assert.ok(one.model.insertCreated(session({ type: undefined })), 'a session without a type may be of it');
    });

    it('into a type group under typeThenStatus, even one not loaded yet; nothing once disposed', async () => {
      const h = harness([], settings('typeThenStatus'));
      await h.model.getChildren();
      const created = session({ type: 'plan', status: 'running' });
      const node = h.model.insertCreated(created);
      assert.equal(node?.id, `t:plan/s:running/#${created.id}`);
      assert.equal(node?.parent?.parent?.id, 't:plan');
      const odd = session({ type: 'voice', status: 'running' });
      assert.equal(h.model.insertCreated(odd)?.id, `t:other/s:running/#${odd.id}`);
      h.model.dispose();
      assert.equal(h.model.insertCreated(session({ type: 'plan' })), undefined);
      assert.deepEqual(await h.model.getChildren(), []);
    });
  });

  describe('queries', () => {
    it('loaded sessions once each in stream order; company ids and statuses (in status order) without blanks', async () => {
      const h = harness(
        [
          session({ type: 'chat', companyId: 'c2', status: 'completed' }),
          session({ type: 'chat', companyId: '', status: '' }),
          session({ type: 'email', companyId: 'c1', status: 'running' }),
          session({ type: 'email', companyId: 'c2', status: 'waiting' }),
        ],
        settings('type'),
      );
      const roots = await h.model.getChildren();
      await h.model.getChildren(group(roots, 'chat'));
      await h.model.getChildren(group(roots, 'email'));
      const loaded = h.model.overview.loadedSessions();
      assert.deepEqual(loaded.map((s) => s.type), ['chat', 'chat', 'email', 'email']);
      assert.deepEqual(h.model.overview.knownCompanyIds(), ['c2', 'c1']);
      assert.deepEqual(h.model.overview.seenStatuses(), ['waiting', 'running', 'completed'], 'what needs the user first');
      assert.equal(h.model.overview.findSession(loaded[2].id), loaded[2]);
      assert.equal(h.model.overview.findSession('nope'), undefined);
    });

    it('a session in two streams is listed once, as the first stream has it', async () => {
      const shared = session({ type: 'chat' });
      const h = harness([shared], settings('type'));
      await h.model.getChildren(group(await h.model.getChildren(), 'chat'));
      // Its type changed and it was put in again: now the Other types stream has it too.
      assert.ok(h.model.insertCreated({ ...shared, type: 'voice' }));
      assert.equal(h.model.allStreams().filter((s) => s.entry(shared.id)).length, 2);
      assert.deepEqual(h.model.overview.loadedSessions(), [shared]);
      assert.equal(h.model.overview.findSession(shared.id), shared);
    });
  });

  it('dispose stops every stream (a late page is dropped) and forgets the nodes', async () => {
    const h = harness(sessions(3), settings('none'));
    h.api.hold = true;
    h.api.ignoreAbort = true;
    const pending = h.model.getChildren();
    await flush();
    h.model.dispose();
    h.model.dispose();
    h.api.release();
    assert.deepEqual(await pending, []);
    assert.equal(h.model.nodeCount, 0);
    assert.deepEqual(h.fired, []);
  });
});
