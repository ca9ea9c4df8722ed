import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode, LoadMoreNode, SessionNode, TreeNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type GroupBy, type SessionsSettings } from '../../../../src/core/sessions/sessionsSettings';
import { errorLabel, errorTooltip, groupDescription, groupLabel, groupTooltip, loadMoreLabel } from '../../../../src/core/sessions/labels';
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

    it('without a total: "N+" (the tooltip says "loaded so far") and a generic label until a short page', async () => {
      const h = harness(sessions(7, { type: 'chat' }), settings('type'));
      h.api.withTotal = false;
      const chat = group(await h.model.getChildren(), 'chat');
      const kids = await h.model.getChildren(chat);
      assert.equal(groupDescription(chat), '5+');
      assert.equal(groupTooltip(chat), 'A conversation with the PG:AI agent\n5 Chat sessions loaded so far; more to load.');
      assert.equal(loadMoreLabel(loadMore(kids).stream), 'Load 5 more…');
      await h.model.loadMore(loadMore(kids));
      assert.equal(groupDescription(chat), '7');
      assert.equal(groupTooltip(chat), 'A conversation with the PG:AI agent\n7 Chat sessions, all loaded.');
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
      assert.equal(groupDescription(roots[0] as GroupNode), '2');
      assert.equal(groupTooltip(roots[0] as GroupNode), '2 of the 10 sessions loaded so far: Running. Load more to see the rest.');
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
      assert.equal(groupDescription(other), '0+');
      assert.equal(groupTooltip(other), 'Sessions whose type is missing or not one of the documented types\n0 sessions of other types found in the 10 of 17 sessions searched so far.');
      await h.model.loadMore(loadMore(kids));
      kids = await h.model.getChildren(other);
      assert.equal(sessionIds(kids).length, 2);
      assert.equal(groupDescription(other), '2');
      assert.equal(groupTooltip(other), 'Sessions whose type is missing or not one of the documented types\n2 sessions of other types, all sessions searched.');
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
    it('a refresh while the first page is on its way lets it finish, without a second request', async () => {
      const h = harness(sessions(3, { type: 'chat' }), settings('type'));
      h.api.hold = true;
      const chat = group(await h.model.getChildren(), 'chat');
      const first = h.model.getChildren(chat);
      await flush();
      const refreshed = h.model.refresh();
      await flush();
      assert.equal(h.api.held.length, 1, 'no second request');
      assert.equal(h.api.held[0].signal.aborted, false, 'the first page was not cancelled');
      h.api.release();
      await refreshed;
      assert.equal(sessionIds(await first).length, 3);
    });

    it('drops a successful answer that arrives after its request was cancelled (dispose)', async () => {
      const h = harness(sessions(3, { type: 'chat' }), settings('type'));
      h.api.hold = true;
      h.api.ignoreAbort = true;
      const chat = group(await h.model.getChildren(), 'chat');
      const pending = h.model.getChildren(chat);
      await flush();
      h.model.dispose();
      assert.ok(h.api.held[0].signal.aborted);
      h.api.release(); // the late answer is a success
      assert.deepEqual(await pending, []);
      assert.equal(h.fired.length, 0);
      assert.equal(chat.stream.loaded, 0, 'the late page was not ingested');
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
      const at = new Date(h.timers.now + 12_000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
      assert.equal(errorLabel(kids[0].stream, h.timers.now), `Retrying at ${at} · rate limited by PG:AI`);
      assert.equal(errorTooltip(kids[0].stream, h.timers.now), 'PG:AI is limiting how often it is asked. It resolves itself in 12 s.\nSelect to retry now.');
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
      assert.equal(h.model.overview.loadedSessions().length, 3);
      assert.deepEqual(h.model.overview.knownCompanyIds(), ['c1', 'c2']);
      assert.deepEqual(h.model.overview.seenStatuses(), ['running', 'completed']);
    });
  });

  describe('races and hostile data', () => {
    /** Sessions of one type, newest update first, one minute apart. */
    function timeline(n: number, type = 'chat', status = 'completed') {
      const start = Date.UTC(2026, 10, 30, 12, 0, 0);
      return Array.from({ length: n }, (_, i) => {
        const at = new Date(start - i * 60_000).toISOString();
        return session({ type, status, updatedAt: at, createdAt: at });
      });
    }

    it('a retried Load more under status grouping redraws the root, so its error row goes', async () => {
      const h = harness(timeline(12), settings('status'));
      await h.model.getChildren();
      h.api.failNext(new PgaiError('server', 'PG:AI had a server error (500); try again later.', { status: 500 }));
      await h.model.loadMore(loadMore(h.model.childrenNow()));
      assert.ok(h.model.childrenNow().some((n) => n.kind === 'error'), 'the failed page shows an error row');
      h.fired.length = 0;
      await h.model.retry(h.model.childrenNow().find((n) => n.kind === 'error')!);
      assert.ok(!h.model.childrenNow().some((n) => n.kind === 'error'));
      assert.ok(h.fired.includes(undefined), `the root was not redrawn: ${JSON.stringify(h.fired.map((f) => f?.map((n) => n.id)))}`);
    });

    it('an automatic retry after a rate limit also redraws the root', async () => {
      const h = harness(timeline(12), settings('status'));
      await h.model.getChildren();
      h.api.failNext(new PgaiError('rateLimited', 'PG:AI is rate limiting requests; try again in 5 s.', { status: 429, retryAfterMs: 5000 }));
      await h.model.loadMore(loadMore(h.model.childrenNow()));
      h.fired.length = 0;
      h.timers.advance(5000);
      await flush();
      assert.equal(h.api.requests.length, 3);
      assert.ok(!h.model.childrenNow().some((n) => n.kind === 'error'));
      assert.ok(h.fired.includes(undefined), 'the root was not redrawn');
    });

    it('ids and statuses with lone surrogates never make the tree throw, and stay distinct', async () => {
      const hostile = [
        session({ id: 'bad-\ud800', status: 'st-\udc00', type: 'chat' }),
        session({ id: 'bad-\ud801', status: 'st-\udc00', type: 'chat' }),
        session({ id: '\udfff\ud800', status: '\ud83d', type: 'weird\ud800' }),
      ];
      for (const groupBy of ['typeThenStatus', 'statusThenType', 'status', 'type', 'none'] as const) {
        const h = harness(hostile, settings(groupBy));
        const all: TreeNode[] = [];
        const walk = async (node?: TreeNode): Promise<void> => {
          for (const child of await h.model.getChildren(node)) {
            all.push(child);
            if (child.kind === 'group') await walk(child);
          }
        };
        await walk();
        await h.model.refresh();
        await walk();
        const ids = new Set(all.filter((n) => n.kind === 'session').map((n) => n.id));
        assert.equal(ids.size, 3, `${groupBy}: ${[...ids].join(' ')}`);
        for (const node of all) assert.doesNotThrow(() => encodeURIComponent(node.id), node.id);
      }
    });

    it('a refresh during Load more lets the page arrive, then refreshes', async () => {
      const h = harness(timeline(12), settings('type'));
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      h.api.hold = true;
      const more = h.model.loadMore(loadMore(h.model.childrenNow(chat)));
      await flush();
      const refreshed = h.model.refresh(true);
      await flush();
      assert.equal(h.api.held.length, 1, 'the refresh waits for the page');
      assert.equal(h.api.held[0].signal.aborted, false, 'Load more was not cancelled');
      h.api.release();
      await more;
      await flush();
      assert.equal(h.api.held.length, 1, 'then the refresh is sent');
      assert.equal(h.api.held[0].query.page, 1);
      h.api.release();
      await refreshed;
      await flush();
      assert.equal(chat.stream.loaded, 10, 'both pages stay loaded');
    });

    it('auto-refresh ticks do not restart a slow first page', async () => {
      const h = harness(timeline(3), settings('type'));
      h.api.hold = true;
      const chat = group(await h.model.getChildren(), 'chat');
      const first = h.model.getChildren(chat);
      await flush();
      for (let tick = 0; tick < 5; tick++) void h.model.refresh();
      await flush();
      assert.equal(h.api.held.length, 1);
      h.api.release();
      assert.equal(sessionIds(await first).length, 3);
    });

    it('an automatic refresh drops a loaded session that left the group, keeping ones that may have moved down', async () => {
      const data = timeline(12);
      const h = harness(data, settings('type'));
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      await h.model.loadMore(loadMore(h.model.childrenNow(chat)));
      assert.equal(chat.stream.loaded, 10);
      // Page 1's third session becomes an email (and so is updated now); two of page 2 are deleted.
      const moved = data[2];
      const [near, far] = [data[5], data[9]];
      h.api.data = data
        .filter((s) => s !== near && s !== far)
        .map((s) => (s === moved ? { ...s, type: 'email', updatedAt: '2026-12-01T12:00:00.000Z' } : s));
      await h.model.refresh();
      assert.equal(h.api.requests.length, 3, 'one request: page 1');
      const ids = [...chat.stream.entries.keys()];
      assert.ok(!ids.includes(moved.id), 'the session that became an email is still under Chat');
      // `near` sorts inside the new page 1's range: it would be there if it still existed.
      assert.ok(!ids.includes(near.id), 'a deleted session inside page 1’s range is still listed');
      // `far` sorts after page 1: it cannot be told apart from one that moved down; kept until seen.
      assert.ok(ids.includes(far.id), 'a session that may be on page 2 was dropped');
      assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    });

    it('the user’s Refresh reloads the loaded pages: the group is exactly what the server lists now', async () => {
      const data = timeline(17);
      const h = harness(data, settings('type'));
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      await h.model.loadMore(loadMore(h.model.childrenNow(chat)));
      await h.model.loadMore(loadMore(h.model.childrenNow(chat)));
      await h.model.loadMore(loadMore(h.model.childrenNow(chat)));
      assert.equal(chat.stream.pagesLoaded, 4);
      const kept = chat.stream.entry(data[0].id);
      h.api.data = data.filter((s) => s !== data[9]).map((s) => (s === data[7] ? { ...s, type: 'email' } : s));
      const before = h.api.requests.length;
      await h.model.refresh(true);
      assert.deepEqual(h.api.requests.slice(before).map((q) => q.page), [1, 2, 3], 'at most three pages');
      assert.deepEqual([...chat.stream.entries.keys()], h.api.matching({ type: 'chat' }).slice(0, 15).map((s) => s.id));
      assert.equal(chat.stream.entry(data[0].id), kept, 'session nodes keep their entry');
      assert.equal(chat.stream.nextPage, 4);
      assert.equal(chat.stream.hasMore, false, 'the 15 remaining chats fit three pages exactly');
    });

    it('a server that ignores `page` ends Load more once a page brings nothing new', async () => {
      const h = harness(timeline(12), settings('type'));
      h.api.ignorePage = true;
      const chat = group(await h.model.getChildren(), 'chat');
      await h.model.getChildren(chat);
      // One new session between clicks: the "page 2" is page 1 again, shifted by one.
      h.api.data = [...timeline(1), ...h.api.data];
      await h.model.loadMore(loadMore(h.model.childrenNow(chat)));
      assert.equal(chat.stream.loaded, 6);
      await h.model.loadMore(chat.stream);
      assert.equal(chat.stream.hasMore, false, 'Load more stays although nothing new can come');
      assert.ok(!h.model.childrenNow(chat).some((n) => n.kind === 'loadMore'));
    });
  });

  describe('memory', () => {
    it('forgets the nodes of sessions that left, so the node map stays the size of the tree', async () => {
      const h = harness(sessions(5, { type: 'chat', status: 'completed' }), settings('typeThenStatus'));
      const chat = group(await h.model.getChildren(), 'chat');
      const walk = async (node: TreeNode): Promise<number> => {
        let n = 0;
        for (const child of await h.model.getChildren(node)) n += 1 + (child.kind === 'group' ? await walk(child) : 0);
        return n;
      };
      await walk(chat);
      const baseline = h.model.nodeCount;
      for (let round = 0; round < 50; round++) {
        // Every refresh brings five new sessions in a new status: the old rows and groups go.
        h.api.data = sessions(5, { type: 'chat', status: `status-${round}` });
        await h.model.refresh(true);
        await walk(chat);
      }
      assert.ok(h.model.nodeCount <= baseline + 2, `${h.model.nodeCount} nodes kept for a tree of ${baseline}`);
    });
  });

  describe('failure paths, each on its own', () => {
    it('a 403 is reported as an auth failure too (not only a 401)', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      const forbidden = new PgaiError('permission', 'The API key is not allowed to use PG:AI agent sessions (403).', { status: 403 });
      h.api.failNext(forbidden);
      await h.model.getChildren(chat);
      assert.deepEqual(h.authFailures, [forbidden]);
      // And it schedules no automatic retry.
      assert.equal(h.timers.pending.size, 0);
    });

    it('automatic retries after rate limits stop after three in a row', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      const limited = () => new PgaiError('rateLimited', 'Rate limited.', { status: 429, retryAfterMs: 5_000 });
      for (let i = 0; i < 5; i++) h.api.failNext(limited());
      await h.model.getChildren(chat);
      for (let i = 0; i < 5; i++) {
        h.timers.advance(5_000);
        await flush();
      }
      assert.equal(h.api.requests.length, 4, 'the first answer and three automatic retries');
      assert.equal(h.timers.pending.size, 0, 'a fourth retry is scheduled');
      assert.ok(chat.stream.error, 'the error stays for the user to retry');
      // The user's Retry still goes out (and, the faults spent, succeeds).
      h.api.data = mixed();
      await h.model.retry(chat);
      assert.equal(h.api.requests.length, 5);
    });

    it('the user’s Refresh also retries a group whose first page failed', async () => {
      const h = harness(mixed());
      const chat = group(await h.model.getChildren(), 'chat');
      h.api.failNext(new PgaiError('server', 'PG:AI had a server error (500); try again later.', { status: 500 }));
      await h.model.getChildren(chat);
      assert.ok(chat.stream.error);
      await h.model.refresh(true);
      assert.equal(h.api.requests.length, 2);
      assert.equal(chat.stream.error, undefined);
      assert.equal(chat.stream.loaded, 5);
    });

    it('a created session is not put into a group whose status or company filter excludes it', async () => {
      const byStatus = harness(mixed(), settings('type', { filter: { ...DEFAULT_SETTINGS.filter, status: 'running' } }));
      await byStatus.model.getChildren();
      assert.equal(byStatus.model.insertCreated(session({ type: 'chat', status: 'active' })), undefined, 'status filter');
      assert.ok(byStatus.model.insertCreated(session({ type: 'chat', status: 'running' })), 'a matching status is put in');
      assert.ok(byStatus.model.insertCreated(session({ type: 'chat', status: undefined })), 'a session without a status may match');
      const byCompany = harness(mixed(), settings('none', { filter: { ...DEFAULT_SETTINGS.filter, companyId: 'co-1' } }));
      await byCompany.model.getChildren();
      assert.equal(byCompany.model.insertCreated(session({ type: 'chat', companyId: 'co-2' })), undefined, 'another company');
      assert.equal(byCompany.model.insertCreated(session({ type: 'chat', companyId: undefined })), undefined, 'no company');
      assert.ok(byCompany.model.insertCreated(session({ type: 'chat', companyId: 'co-1' })));
      const byType = harness(mixed(), settings('none', { filter: { ...DEFAULT_SETTINGS.filter, types: ['email'] } }));
      await byType.model.getChildren();
      assert.equal(byType.model.insertCreated(session({ type: 'chat' })), undefined, 'another type');
    });
  });
});
