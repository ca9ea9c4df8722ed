// One model's change checks (src/core/sessions/changePoller.ts): the server that does not sort by
// updated_at (said once, then the per-group refresh), too much changed (reload), ticks never
// overlapping, a model disposed while a check is on its way, a rejected key; and the pace.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PgaiError } from '../../../../src/api/errors';
import type { Session } from '../../../../src/api/types';
import { MAX_POLL_PAGES, POLL_PAGE_SIZE } from '../../../../src/core/sessions/changePoll';
import { ChangePoller } from '../../../../src/core/sessions/changePoller';
import { pollDelay } from '../../../../src/core/sessions/livePace';
import { SessionsModel } from '../../../../src/core/sessions/model';
import { DEFAULT_SETTINGS, type SessionsSettings } from '../../../../src/core/sessions/sessionsSettings';
import { FakeApi, FakeTimers, flush, session } from './factories';

function world(n: number, sorts = true) {
  const api = new FakeApi();
  api.sorts = sorts;
  let clock = Date.parse('2026-12-01T09:00:00.000Z');
  const stamp = () => new Date((clock += 1000)).toISOString();
  for (let i = 0; i < n; i++) {
    const at = stamp();
    api.data.push(session({ type: i % 2 ? 'chat' : 'email', status: 'running', createdAt: at, updatedAt: at }));
  }
  const update = (s: Session, status: string) => {
    const i = api.data.indexOf(s);
    api.data[i] = { ...s, status, updatedAt: stamp() };
  };
  return { api, update };
}

function setUp(api: FakeApi, settings: SessionsSettings = { ...DEFAULT_SETTINGS, pageSize: 5 }) {
  const timers = new FakeTimers();
  const warnings: string[] = [];
  const infos: string[] = [];
  const logger = { trace: () => undefined, debug: () => undefined, info: (m: string) => infos.push(m), warn: (m: string) => warnings.push(m), error: () => undefined };
  const model = new SessionsModel(settings, { fetchPage: api.listSessions, onDidChange: () => undefined, timers, now: () => timers.now, logger });
  const auth: PgaiError[] = [];
  const poller = new ChangePoller(model, api.listSessions, logger, (e) => auth.push(e));
  return { model, poller, warnings, infos, auth };
}

async function expandTypes(model: SessionsModel, keys: string[]) {
  for (const g of model.rootGroups().filter((g) => keys.includes(g.key))) {
    model.setExpanded(g, true);
    await model.getChildren(g);
  }
  await flush();
}

describe('core/sessions/changePoller', () => {
  it('a server that does not sort by updated_at: said once in the log, then each tick refreshes the expanded groups', async () => {
    const { api } = world(12, false);
    const { model, poller, warnings } = setUp(api);
    await expandTypes(model, ['chat', 'email']);
    api.requests.length = 0;
    const first = await poller.tick();
    assert.equal(first.kind, 'refreshed');
    assert.ok(first.kind === 'refreshed' && first.reason === 'unsorted');
    assert.equal(poller.following, false);
    assert.equal(poller.nextCost(), 2);
    assert.equal(warnings.filter((w) => /sort by updated_at/.test(w)).length, 1);
    api.requests.length = 0;
    const second = await poller.tick();
    assert.ok(second.kind === 'refreshed' && second.requests === 2);
    assert.ok(api.requests.every((q) => q.perPage === 5 && q.page === 1), 'the per-group refresh: page 1 of each expanded group');
    assert.equal(api.requests.length, 2);
    assert.equal(warnings.filter((w) => /sort by updated_at/.test(w)).length, 1, 'said once');
  });

  it('more changed than a poll follows: the expanded groups reload, and the next tick follows again', async () => {
    const { api, update } = world(200);
    const { model, poller, infos } = setUp(api);
    await expandTypes(model, ['chat']);
    await poller.tick();
    for (const s of [...api.data]) update(s, 'completed');
    api.requests.length = 0;
    const over = await poller.tick();
    assert.ok(over.kind === 'refreshed' && over.reason === 'overflow');
    assert.equal(api.requests.filter((q) => q.perPage === POLL_PAGE_SIZE).length, MAX_POLL_PAGES);
    assert.ok(api.requests.some((q) => q.perPage === 5 && q.type === 'chat'), 'the expanded group reloaded');
    assert.ok(infos.some((m) => /reloading the expanded groups/.test(m)));
    const chat = model.rootGroups().find((g) => g.key === 'chat');
    assert.ok([...(chat?.stream.entries.values() ?? [])].every((e) => e.session.status === 'completed'));
    api.requests.length = 0;
    const next = await poller.tick();
    assert.ok(next.kind === 'polled' && next.requests === 1 && !next.changed);
  });

  it('ticks never overlap, and a disposed model drops what arrives', async () => {
    const { api, update } = world(10);
    const { model, poller } = setUp(api, { ...DEFAULT_SETTINGS, groupBy: 'none', pageSize: 5 });
    await model.getChildren();
    await poller.tick();
    update(api.data[0], 'failed');
    api.hold = true;
    const first = poller.tick();
    const second = await poller.tick();
    assert.equal(second.kind, 'skipped');
    model.dispose();
    api.release();
    assert.equal((await first).kind, 'skipped');
    assert.equal((await poller.tick()).kind, 'skipped', 'a disposed model is never polled');
  });

  it('a dispose while the request is on its way aborts it', async () => {
    const { api } = world(3);
    const { poller } = setUp(api);
    api.hold = true;
    const tick = poller.tick();
    await flush();
    assert.equal(api.held.length, 1);
    poller.dispose();
    assert.equal(api.held[0].signal.aborted, true);
    const result = await tick;
    assert.ok(result.kind === 'skipped' || result.kind === 'failed');
  });

  it('a rejected key is reported like any other request’s', async () => {
    const { api } = world(3);
    const { poller, auth } = setUp(api);
    api.failNext(new PgaiError('auth', 'PG:AI rejected the API key.', { status: 401 }));
    const result = await poller.tick();
    assert.equal(result.kind, 'failed');
    assert.equal(auth.length, 1);
  });

  it('a watched session in progress outside the filters widens the poll’s query', async () => {
    const { api } = world(3);
    const { poller } = setUp(api, { ...DEFAULT_SETTINGS, filter: { status: '', types: ['chat'], companyId: '', search: '' } });
    await poller.tick([session({ type: 'chat' })]);
    assert.equal(api.requests.at(-1)?.type, 'chat');
    await poller.tick([session({ type: 'email' })]);
    assert.equal(api.requests.at(-1)?.type, undefined);
  });

  describe('pace', () => {
    const base = { seconds: 15, focused: true, visible: true, watchedActive: true, justCreated: false };
    it('15 s while a watched session is in progress and the window has focus; 60 s unfocused; 30 s with only the view open; none when nothing asks', () => {
      assert.equal(pollDelay(base), 15_000);
      assert.equal(pollDelay({ ...base, focused: false }), 60_000);
      assert.equal(pollDelay({ ...base, watchedActive: false }), 30_000);
      assert.equal(pollDelay({ ...base, watchedActive: false, visible: false }), undefined);
      assert.equal(pollDelay({ ...base, justCreated: true }), 3000);
      assert.equal(pollDelay({ ...base, seconds: 0 }), undefined);
    });

    it('property: never faster than the setting (but right after a create), never slower than 4× it, unfocused never under a minute', () => {
      fc.assert(
        fc.property(fc.integer({ min: 10, max: 600 }), fc.boolean(), fc.boolean(), fc.boolean(), (seconds, focused, visible, watchedActive) => {
          const delay = pollDelay({ seconds, focused, visible, watchedActive, justCreated: false });
          if (!visible && !watchedActive) return delay === undefined;
          if (delay === undefined) return false;
          if (delay < seconds * 1000 || delay > Math.max(seconds * 4, 60) * 1000) return false;
          return focused || delay >= 60_000;
        }),
      );
    });
  });
});

describe('core/sessions/overview.refreshCost', () => {
  it('counts exactly the requests a refresh makes: expanded groups, and the look at the whole list while Other types is collapsed', async () => {
    const { api } = world(12);
    const timers = new FakeTimers();
    const model = new SessionsModel({ ...DEFAULT_SETTINGS, pageSize: 5 }, { fetchPage: api.listSessions, onDidChange: () => undefined, timers, now: () => timers.now, lookAtWholeList: true });
    await expandTypes(model, ['chat', 'email', 'plan']);
    api.requests.length = 0;
    const predicted = model.overview.refreshCost();
    await model.refresh();
    await flush();
    assert.equal(predicted, 4);
    assert.equal(api.requests.length, predicted);
  });
});
