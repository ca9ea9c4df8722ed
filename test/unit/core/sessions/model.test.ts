import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode, LoadMoreNode, SessionNode, TreeNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type GroupBy, type SessionsSettings } from '../../../../src/core/sessions/settings';
import { errorLabel, groupDescription, groupLabel, loadMoreLabel } from '../../../../src/core/sessions/labels';
import { FakeApi, FakeTimers, flush, session, sessions } from './factories';

function settings(groupBy: GroupBy = 'typeThenStatus', extra: Partial<SessionsSettings> = {}): SessionsSettings {
  return { ...DEFAULT_SETTINGS, groupBy, pageSize: 5, ...extra };
}

interface Harness {
  api: FakeApi;
  model: SessionsModel;
  fired: (readonly TreeNode[] | undefined)[];
  authFailures: PgaiError[];
  timers: FakeTimers;
}

function harness(data: ReturnType<typeof sessions>, s: SessionsSettings = settings()): Harness {
  const api = new FakeApi(data);
  const fired: (readonly TreeNode[] | undefined)[] = [];
  const authFailures: PgaiError[] = [];
  const timers = new FakeTimers();
  const model = new SessionsModel(s, {
    fetchPage: api.listSessions,
    onDidChange: (nodes) => fired.push(nodes),
    onAuthFailure: (e) => authFailures.push(e),
    timers,
    now: () => timers.now,
  });
  return { api, model, fired, authFailures, timers };
}

function group(nodes: TreeNode[], key: string): GroupNode {
  const node = nodes.find((n): n is GroupNode => n.kind === 'group' && n.key === key);
  assert.ok(node, `no group ${key} in ${nodes.map((n) => n.id).join(', ')}`);
  return node;
}

function sessionIds(nodes: TreeNode[]): string[] {
  return nodes.filter((n): n is SessionNode => n.kind === 'session').map((n) => n.entry.session.id);
}

function loadMore(nodes: TreeNode[]): LoadMoreNode {
  const node = nodes.find((n): n is LoadMoreNode => n.kind === 'loadMore');
  assert.ok(node, 'no load more item');
  return node;
}

/** 12 chat (8 completed, 4 running), 3 email, 2 of an undocumented type. */
function mixed() {
  return [
    ...sessions(8, { type: 'chat', status: 'completed' }),
    ...sessions(4, { type: 'chat', status: 'running' }),
    ...sessions(3, { type: 'email', status: 'failed' }),
    ...sessions(2, { type: 'voice_call', status: 'weird_status' }),
  ];
}

describe('core/sessions/model', () => {
  describe('laziness', () => {
    it('fetches nothing until a group is expanded, then only that group (with the type filter)', async () => {
      const h = harness(mixed());
      assert.equal(h.api.requests.length, 0, 'constructor');
      const roots = await h.model.getChildren();
      assert.equal(h.api.requests.length, 0, 'root of a type grouping');
      assert.deepEqual(roots.map((n) => n.id), ['t:chat', 't:document', 't:plan', 't:canvas_settings', 't:email', 't:workspace', 't:project', 't:other']);
      assert.deepEqual(roots.map((n) => groupLabel(n as GroupNode)), ['Chat', 'Document', 'Plan', 'Canvas settings', 'Email', 'Workspace', 'Project', 'Other types']);
      const chat = group(roots, 'chat');
      const statuses = await h.model.getChildren(chat);
      assert.equal(h.api.requests.length, 1);
      assert.deepEqual(h.api.requests[0], { perPage: 5, sortBy: 'updated_at', sortOrder: 'desc', type: 'chat', page: 1 });
      assert.deepEqual(statuses.map((n) => n.id), ['t:chat/s:completed', 't:chat/more']);
      assert.equal(groupDescription(chat), '5 of 12');
      // Bucket children cost nothing.
      const completed = await h.model.getChildren(group(statuses, 'completed'));
      assert.equal(sessionIds(completed).length, 5);
      assert.equal(h.api.requests.length, 1);
      // Collapse and expand again: no request, same objects.
      h.model.setExpanded(chat, false);
      const again = await h.model.getChildren(chat);
      assert.equal(again[0], statuses[0]);
      assert.equal(h.api.requests.length, 1);
    });

    it('concurrent asks for a group share one request', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      const [a, b] = await Promise.all([h.model.getChildren(chat), h.model.getChildren(chat)]);
      assert.equal(h.api.requests.length, 1);
      assert.deepEqual(a, b);
    });
  });

  describe('load more', () => {
    it('fetches exactly the next page of that group, says what remains, disappears at the end', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      let kids = await h.model.getChildren(chat);
      const more = loadMore(kids);
      assert.equal(loadMoreLabel(more.stream), 'Load 5 more (7 remaining)');
      h.fired.length = 0;
      const clicks = [h.model.loadMore(more), h.model.loadMore(more)]; // double click
      assert.equal(loadMoreLabel(more.stream), 'Loading…');
      assert.deepEqual(h.fired[0], [more], 'spinner on the load more item');
      await Promise.all(clicks);
      assert.equal(h.api.requests.length, 2, 'one request for two clicks while loading');
      assert.equal(h.api.requests[1]?.page, 2);
      assert.equal(h.api.requests[1]?.type, 'chat');
      assert.deepEqual(h.fired.at(-1), [chat], 'fires the group, not the whole tree');
      kids = await h.model.getChildren(chat);
      assert.deepEqual(kids.map((n) => n.id), ['t:chat/s:running', 't:chat/s:completed', 't:chat/more']);
      assert.equal(loadMoreLabel(more.stream), 'Load 2 more');
      await h.model.loadMore(loadMore(kids));
      kids = await h.model.getChildren(chat);
      assert.equal(kids.some((n) => n.kind === 'loadMore'), false);
      assert.equal(groupDescription(chat), '12');
      assert.equal(h.api.requests.length, 3);
      await h.model.loadMore(more); // stale node after the end: nothing
      assert.equal(h.api.requests.length, 3);
    });

    it('without a total: "N loaded" and a generic label until a short page', async () => {
      const h = harness(sessions(7, { type: 'chat' }), settings('type'));
      h.api.withTotal = false;
      const chat = group(await h.model.getChildren(), 'chat');
      const kids = await h.model.getChildren(chat);
      assert.equal(groupDescription(chat), '5 loaded');
      assert.equal(loadMoreLabel(loadMore(kids).stream), 'Load 5 more…');
      await h.model.loadMore(loadMore(kids));
      assert.equal(groupDescription(chat), '7');
    });

    it('a session created while paging shifts later pages: no duplicates', async () => {
      const data = sessions(10, { type: 'chat' });
      const h = harness([...data], settings('type'));
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      h.api.data.unshift(session({ type: 'chat' }), session({ type: 'chat' }));
      await h.model.loadMore(loadMore(await h.model.getChildren(chat)));
      await h.model.loadMore(loadMore(await h.model.getChildren(chat)));
      const ids = sessionIds(await h.model.getChildren(chat));
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual(ids, data.map((s) => s.id));
    });
  });

  describe('grouping', () => {
    it('status at the top: one unfiltered stream bucketed by status, load more at the root end', async () => {
      const h = harness(mixed(), settings('status', { pageSize: 10 }));
      const roots = await h.model.getChildren();
      assert.equal(h.api.requests.length, 1);
      assert.equal(h.api.requests[0]?.type, undefined);
      assert.deepEqual(roots.map((n) => n.id), ['s:running', 's:completed', 'more']);
      assert.equal(groupDescription(roots[0] as GroupNode), '2 loaded');
      await h.model.loadMore(loadMore(roots));
      const all = await h.model.getChildren();
      assert.deepEqual(all.map((n) => n.id), ['s:running', 's:failed', 's:completed', 's:weird_status']);
      assert.deepEqual(all.map((n) => groupLabel(n as GroupNode)), ['Running', 'Failed', 'Completed', 'Weird status']);
      assert.equal(groupDescription(all[0] as GroupNode), '4');
    });

    it('statusThenType nests types below statuses (undocumented types under Other)', async () => {
      const h = harness(mixed(), settings('statusThenType', { pageSize: 50 }));
      const roots = await h.model.getChildren();
      const weird = await h.model.getChildren(group(roots, 'weird_status'));
      assert.deepEqual(weird.map((n) => n.id), ['s:weird_status/t:other']);
      const others = await h.model.getChildren(weird[0]);
      assert.equal(sessionIds(others).length, 2);
      assert.equal(h.model.getParent(others[0]), weird[0]);
      assert.equal(h.model.getParent(weird[0]), group(roots, 'weird_status'));
    });

    it('none: a flat list; empty results say "No sessions"', async () => {
      const h = harness(mixed(), settings('none', { pageSize: 50 }));
      const roots = await h.model.getChildren();
      assert.equal(sessionIds(roots).length, 17);
      const empty = harness([], settings('none'));
      const nothing = await empty.model.getChildren();
      assert.deepEqual(nothing.map((n) => n.kind), ['empty']);
    });

    it('"Other types" pages the unfiltered stream and keeps only undocumented types', async () => {
      const h = harness(mixed(), settings('type', { pageSize: 10 }));
      const other = group(await h.model.getChildren(), 'other');
      let kids = await h.model.getChildren(other);
      assert.equal(h.api.requests[0]?.type, undefined);
      assert.equal(sessionIds(kids).length, 0);
      assert.equal(loadMoreLabel(loadMore(kids).stream), 'Search 7 more');
      assert.equal(groupDescription(other), '0 found · 10 of 17 searched');
      await h.model.loadMore(loadMore(kids));
      kids = await h.model.getChildren(other);
      assert.equal(sessionIds(kids).length, 2);
      assert.equal(groupDescription(other), '2');
    });

    it('type filter: only those groups; several types in a status grouping are filtered client-side', async () => {
      const h = harness(mixed(), settings('typeThenStatus', { filter: { ...DEFAULT_SETTINGS.filter, types: ['email'] } }));
      assert.deepEqual((await h.model.getChildren()).map((n) => n.id), ['t:email']);
      const s = settings('none', { pageSize: 50, filter: { ...DEFAULT_SETTINGS.filter, types: ['email', 'chat'] } });
      const h2 = harness(mixed(), s);
      const kids = await h2.model.getChildren();
      assert.equal(h2.api.requests[0]?.type, undefined);
      assert.equal(sessionIds(kids).length, 15);
    });
  });

  describe('outdated responses, refresh and errors', () => {
    it('drops a response to an outdated request (refresh while loading)', async () => {
      const h = harness(sessions(3, { type: 'chat' }), settings('type'));
      h.api.hold = true;
      const chat = group(await h.model.getChildren(), 'chat');
      const first = h.model.getChildren(chat);
      await flush();
      h.api.data = [session({ type: 'chat', title: 'fresh' })];
      const refreshed = h.model.refresh();
      await flush();
      assert.equal(h.api.held.length, 2);
      assert.ok(h.api.held[0].signal.aborted, 'the outdated request was cancelled');
      h.api.held.splice(0, 1);
      h.api.release();
      await refreshed;
      await first;
      const kids = await h.model.getChildren(chat);
      assert.deepEqual(kids.map((n) => (n.kind === 'session' ? n.entry.session.title : n.kind)), ['fresh']);
    });

    it('a late answer to a disposed model changes nothing', async () => {
      const h = harness(sessions(3, { type: 'chat' }), settings('type'));
      h.api.hold = true;
      const chat = group(await h.model.getChildren(), 'chat');
      const pending = h.model.getChildren(chat);
      await flush();
      h.model.dispose();
      h.api.release();
      assert.deepEqual(await pending, []);
      assert.equal(h.fired.length, 0);
    });

    it('refresh reloads page 1 of expanded groups only, keeps later pages; collapsed ones reload on expand', async () => {
      const h = harness(mixed(), settings('type'));
      const roots = await h.model.getChildren();
      const chat = group(roots, 'chat');
      const email = group(roots, 'email');
      await h.model.getChildren(chat);
      await h.model.loadMore(loadMore(await h.model.getChildren(chat)));
      await h.model.getChildren(email);
      h.model.setExpanded(email, false);
      assert.equal(h.api.requests.length, 3);
      h.api.data.unshift(session({ type: 'chat', title: 'new one' }));
      h.fired.length = 0;
      await h.model.refresh();
      assert.equal(h.api.requests.length, 4, 'one request: chat page 1 (email is collapsed, others never opened)');
      assert.equal(h.api.requests[3]?.page, 1);
      assert.equal(h.api.requests[3]?.type, 'chat');
      const kids = await h.model.getChildren(chat);
      const ids = sessionIds(kids);
      assert.equal(ids.length, 11);
      assert.equal(new Set(ids).size, 11);
      assert.equal((kids[0] as SessionNode).entry.session.title, 'new one');
      assert.ok(h.fired.every((f) => f !== undefined && f.every((n) => n === chat || n === email)));
      await h.model.getChildren(email);
      assert.equal(h.api.requests.length, 5, 'the collapsed group reloads when expanded again');
      await h.model.getChildren(email);
      assert.equal(h.api.requests.length, 5);
    });

    it('an error keeps loaded sessions, shows an error item, and Retry fetches the failed page', async () => {
      const h = harness(mixed(), settings('type'));
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      h.api.failNext(new PgaiError('server', 'PG:AI had a server error (500). Try again later.', { status: 500 }));
      await h.model.loadMore(loadMore(await h.model.getChildren(chat)));
      let kids = await h.model.getChildren(chat);
      assert.equal(sessionIds(kids).length, 5, 'loaded sessions stay');
      const error = kids.at(-1)!;
      assert.equal(error.kind, 'error');
      assert.equal(errorLabel(error.stream, 0), 'PG:AI had a server error (500). Try again later.');
      await h.model.retry(error);
      assert.equal(h.api.requests.at(-1)?.page, 2);
      kids = await h.model.getChildren(chat);
      assert.equal(sessionIds(kids).length, 10);
      assert.equal(kids.at(-1)?.kind, 'loadMore');
    });

    it('a first-page failure shows only the error; 401/403 are reported as auth failures', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      const rejected = new PgaiError('auth', 'PG:AI rejected the API key (401).', { status: 401 });
      h.api.failNext(rejected);
      const kids = await h.model.getChildren(chat);
      assert.deepEqual(kids.map((n) => n.kind), ['error']);
      assert.deepEqual(h.authFailures, [rejected]);
      await h.model.getChildren(chat);
      assert.equal(h.api.requests.length, 1, 'no automatic refetch of a failed group');
    });

    it('rate limited: says when it retries, and retries once the wait is over', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      h.api.failNext(new PgaiError('rateLimited', 'Rate limited.', { status: 429, retryAfterMs: 12_000 }));
      const kids = await h.model.getChildren(chat);
      assert.equal(kids[0]?.kind, 'error');
      assert.match(errorLabel(kids[0].stream, h.timers.now), /^Rate limited by PG:AI: retrying automatically at \d\d:\d\d:\d\d \(in 12 s\)$/);
      h.timers.advance(11_000);
      assert.equal(h.api.requests.length, 1);
      h.timers.advance(1_000);
      await flush();
      assert.equal(h.api.requests.length, 2);
      assert.equal(sessionIds(await h.model.getChildren(group(await h.model.getChildren(chat), 'completed'))).length, 5);
    });
  });

  describe('created sessions and queries', () => {
    it('showCreatedSession: inserts at the top of its group, creating the status group, fires that group only', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      h.fired.length = 0;
      const created = session({ type: 'chat', status: 'queued', title: 'mine' });
      const node = h.model.insertCreated(created);
      assert.ok(node);
      assert.equal(node.id, `t:chat/s:queued/#${created.id}`);
      assert.deepEqual(h.fired, [[chat]]);
      const kids = await h.model.getChildren(chat);
      const queued = group(kids, 'queued');
      assert.equal(node.parent, queued);
      assert.equal(queued.parent, chat);
      assert.deepEqual(await h.model.getChildren(queued), [node], 'same object as reveal uses');
      assert.equal(h.model.insertCreated(session({ type: 'chat', companyId: 'x' })) !== undefined, true);
      const filtered = harness(mixed(), settings('type', { filter: { ...DEFAULT_SETTINGS.filter, types: ['email'] } }));
      assert.equal(filtered.model.insertCreated(session({ type: 'chat' })), undefined);
    });

    it('knows loaded sessions, company ids and statuses', async () => {
      const h = harness([session({ companyId: 'c1', status: 'running' }), session({ companyId: 'c1' }), session({ companyId: 'c2' })], settings('none'));
      await h.model.getChildren();
      assert.equal(h.model.loadedSessions().length, 3);
      assert.deepEqual(h.model.knownCompanyIds(), ['c1', 'c2']);
      assert.deepEqual(h.model.seenStatuses(), ['running', 'completed']);
    });
  });
});
