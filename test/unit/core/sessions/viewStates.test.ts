// What the view says beyond rows: what a Load more added (and where), "Other types" only once
// such a session is seen, no sessions at all, PG:AI unreachable said once, and statuses of one
// kind sharing one group.
import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode, LoadMoreNode, TreeNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type GroupBy, type SessionsSettings } from '../../../../src/core/sessions/sessionsSettings';
import { rowDescription } from '../../../../src/core/sessions/labels';
import { compareStatusKeys, statusGroupKey, statusInfo } from '../../../../src/core/sessions/statusInfo';
import { FakeApi, FakeTimers, flush, sessions } from './factories';

function settings(groupBy: GroupBy = 'typeThenStatus', extra: Partial<SessionsSettings> = {}): SessionsSettings {
  return { ...DEFAULT_SETTINGS, groupBy, pageSize: 5, ...extra };
}

function harness(data: ReturnType<typeof sessions>, s: SessionsSettings = settings(), lookAtWholeList = true) {
  const api = new FakeApi(data);
  const fired: (readonly TreeNode[] | undefined)[] = [];
  const timers = new FakeTimers();
  const model = new SessionsModel(s, { fetchPage: api.listSessions, onDidChange: (nodes) => fired.push(nodes), timers, now: () => timers.now, lookAtWholeList });
  return { api, model, fired, timers };
}

const keys = (nodes: readonly TreeNode[]) => nodes.map((n) => (n.kind === 'group' ? n.key : n.kind));
const group = (nodes: readonly TreeNode[], key: string) => nodes.find((n): n is GroupNode => n.kind === 'group' && n.key === key) as GroupNode;
const more = (nodes: readonly TreeNode[]) => nodes.find((n): n is LoadMoreNode => n.kind === 'loadMore') as LoadMoreNode;

describe('core/sessions: what the view says beyond rows', () => {
  describe('statuses of one kind share one group', () => {
    it('in_progress and running are one "Running" group; queued and waiting for input differ in shape', () => {
      assert.equal(statusGroupKey('in_progress'), 'running');
      assert.equal(statusGroupKey(' Running '), 'running');
      assert.equal(statusGroupKey('needs_input'), 'waiting_for_input');
      assert.equal(statusGroupKey('pending'), 'queued');
      assert.equal(statusGroupKey('escalated'), 'escalated');
      assert.equal(statusGroupKey('  '), '');
      assert.equal(statusGroupKey(undefined), '');
      assert.equal(statusInfo(statusGroupKey('in_progress')).label, 'Running');
      assert.equal(statusInfo(statusGroupKey('needs_input')).label, 'Waiting for input');
      assert.notEqual(statusInfo('queued').icon, statusInfo('waiting_for_input').icon);
      const icons = ['running', 'active', 'queued', 'waiting_for_input', 'completed', 'failed', 'cancelled', 'archived', 'weird', ''].map((s) => statusInfo(s).icon);
      assert.equal(new Set(icons).size, icons.length, `every kind its own icon: ${icons.join(', ')}`);
    });

    it('sorts what needs the user first, then work in progress, then done', () => {
      const sorted = ['completed', 'running', 'queued', 'waiting_for_input', 'failed', 'x_custom', ''].sort(compareStatusKeys);
      assert.deepEqual(sorted, ['waiting_for_input', 'running', 'queued', 'failed', 'completed', 'x_custom', '']);
    });

    it('a type group buckets both statuses into one sub-group', async () => {
      const h = harness([...sessions(2, { type: 'chat', status: 'in_progress' }), ...sessions(2, { type: 'chat', status: 'running' })], settings('typeThenStatus'), false);
      const chat = group(await h.model.getChildren(), 'chat');
      assert.deepEqual(keys(await h.model.getChildren(chat)), ['running']);
    });
  });

  describe('Load more says what it added', () => {
    it('reports the count, the first new session (under its status group) and one sentence', async () => {
      const h = harness([...sessions(5, { type: 'chat', status: 'completed' }), ...sessions(3, { type: 'chat', status: 'failed' })], settings('typeThenStatus'), false);
      const chat = group(await h.model.getChildren(), 'chat');
      const kids = await h.model.getChildren(chat);
      const loaded = await h.model.loadMore(more(kids));
      assert.ok(loaded);
      assert.equal(loaded.added, 3);
      assert.equal(loaded.message, 'Loaded 3 more Chat sessions · 8');
      assert.equal(loaded.first?.entry.session.status, 'failed');
      assert.equal(loaded.first?.parent?.key, 'failed');
      assert.equal(loaded.first?.parent?.parent, chat, 'revealable: its parents lead to the type group');
      assert.equal(await h.model.loadMore(more(kids)), undefined, 'nothing more: nothing said');
    });

    it('with a total, says how far it got; a page with nothing new says so', async () => {
      const h = harness(sessions(12, { type: 'chat' }), settings('type'), false);
      const chat = group(await h.model.getChildren(), 'chat');
      const loaded = await h.model.loadMore(more(await h.model.getChildren(chat)));
      assert.equal(loaded?.message, 'Loaded 5 more Chat sessions · 10 of 12');
      h.api.ignorePage = true;
      const again = await h.model.loadMore(more(await h.model.getChildren(chat)));
      assert.equal(again?.added, 0);
      assert.equal(again?.message, 'All Chat sessions are loaded');
    });

    it('a failed Load more says nothing (the error row does)', async () => {
      const h = harness(sessions(12, { type: 'chat' }), settings('type'), false);
      const chat = group(await h.model.getChildren(), 'chat');
      const kids = await h.model.getChildren(chat);
      h.api.failNext(new PgaiError('server', 'PG:AI had a problem.', { status: 500 }));
      assert.equal(await h.model.loadMore(more(kids)), undefined);
      assert.equal(h.api.requests.length, 2, 'the page was asked for');
    });
  });

  describe('the look at the whole list', () => {
    it('hides "Other types" until a session of an undocumented type is seen, at the cost of one request', async () => {
      const h = harness([...sessions(3, { type: 'chat' }), ...sessions(1, { type: 'voice_call' })], settings('type'));
      assert.ok(!keys(h.model.rootGroups()).includes('other'));
      await flush();
      assert.equal(h.api.requests.length, 1);
      assert.equal(h.api.requests[0]?.type, undefined, 'the whole list, not a type');
      assert.ok(keys(h.model.rootGroups()).includes('other'));
      assert.ok(h.fired.includes(undefined), 'the root was redrawn');
      assert.equal(h.model.overview.emptiness(), 'some');
      h.model.rootGroups();
      await flush();
      assert.equal(h.api.requests.length, 1, 'looked once');
    });

    it('without such sessions "Other types" stays hidden; without the look it always shows', async () => {
      const h = harness(sessions(3, { type: 'chat' }), settings('type'));
      h.model.rootGroups();
      await flush();
      assert.ok(!keys(h.model.rootGroups()).includes('other'));
      const off = harness(sessions(3, { type: 'chat' }), settings('type'), false);
      assert.ok(keys(off.model.rootGroups()).includes('other'));
      await flush();
      assert.equal(off.api.requests.length, 0);
    });

    it('tells "no sessions at all" from "not known yet" and "some"', async () => {
      const h = harness([], settings('typeThenStatus'));
      assert.equal(h.model.overview.emptiness(), 'unknown');
      h.model.rootGroups();
      assert.equal(h.model.overview.emptiness(), 'unknown', 'still asking');
      await flush();
      assert.equal(h.model.overview.emptiness(), 'none');
      const flat = harness([], settings('none'));
      await flat.model.getChildren();
      assert.equal(flat.model.overview.emptiness(), 'none');
      const some = harness(sessions(1, { type: 'chat' }), settings('none'));
      await some.model.getChildren();
      assert.equal(some.model.overview.emptiness(), 'some');
    });

    it('a failed look is "unknown", not "none", and Refresh looks again', async () => {
      const h = harness(sessions(2, { type: 'chat' }), settings('type'));
      h.api.failNext(new PgaiError('server', 'PG:AI had a problem.', { status: 500 }));
      h.model.rootGroups();
      await flush();
      assert.equal(h.model.overview.emptiness(), 'unknown');
      await h.model.refresh(true);
      assert.equal(h.api.requests.length, 2);
      assert.equal(h.model.overview.emptiness(), 'some');
    });
  });

  describe('rows', () => {
    it('untitled sessions are told apart by the start of their id; titled ones are not', () => {
      const untitled = { id: '019bc18b-7381-7000', raw: {} };
      assert.equal(rowDescription(untitled, 'Running', '2 h ago', true), 'Running · 2 h ago · #019bc18b');
      assert.equal(rowDescription({ ...untitled, title: '  ' }, 'Running', '2 h ago', false), '2 h ago · #019bc18b');
      assert.equal(rowDescription({ ...untitled, title: 'Untitled' }, 'Running', undefined, false), '#019bc18b');
      assert.equal(rowDescription({ ...untitled, title: 'Plan Q3' }, 'Running', '2 h ago', false), '2 h ago');
      assert.equal(rowDescription({ id: '\u202Eab\u0000cdefghijk', raw: {} }, 'Failed', undefined, true), 'Failed · #abcdefgh', 'cleaned of controls');
    });
  });

  describe('PG:AI unreachable', () => {
    it('is said once by the view: error rows of unreachable groups go, until a load succeeds', async () => {
      const h = harness(sessions(8, { type: 'chat' }), settings('type'), false);
      const roots = await h.model.getChildren();
      const chat = group(roots, 'chat');
      await h.model.getChildren(chat);
      const email = group(roots, 'email');
      h.api.failNext(new PgaiError('connection', 'Could not connect to api.getpg.ai.'));
      const emailKids = await h.model.getChildren(email);
      assert.ok(h.model.overview.unreachableError);
      assert.ok(!emailKids.some((n) => n.kind === 'error'), 'no error row while the view says it');
      assert.ok(h.fired.includes(undefined), 'the root redrawn (the view-level message)');
      const chatKids = await h.model.getChildren(chat);
      assert.equal(chatKids.filter((n) => n.kind === 'session').length, 5, 'loaded rows stay');
      await h.model.refresh(true);
      assert.equal(h.model.overview.unreachableError, undefined);
    });

    it('other failures keep their own error row', async () => {
      const h = harness(sessions(8, { type: 'chat' }), settings('type'), false);
      const chat = group(await h.model.getChildren(), 'chat');
      h.api.failNext(new PgaiError('server', 'PG:AI had a problem.', { status: 500 }));
      const kids = await h.model.getChildren(chat);
      assert.equal(h.model.overview.unreachableError, undefined);
      assert.deepEqual(keys(kids), ['error']);
    });
  });
});
