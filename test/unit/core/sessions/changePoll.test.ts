// Change polling: what one poll asks for, how it tells what changed, and what applying it does to
// the model's loaded streams (moves between status groups, insertion where the sort places it,
// counts, the events per node), the "more than a page changed" path and the server that does
// not sort by updated_at.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ListQuery, Session } from '../../../../src/api/types';
import { ChangeFeed, MAX_POLL_PAGES, POLL_PAGE_SIZE, pollQuery } from '../../../../src/core/sessions/changePoll';
import { groupDescription, groupLabel, loadMoreLabel, newSessionsLabel } from '../../../../src/core/sessions/labels';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode, TreeNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type SessionsSettings } from '../../../../src/core/sessions/sessionsSettings';
import { SESSION_TYPES } from '../../../../src/api/types';
import { parseSession } from '../../../../src/api/parse';
import { hostileSession } from '../../../fuzz/arbitraries';
import { FakeApi, FakeTimers, flush, session } from './factories';

/** A server clock: every change gets a later `updated_at` than any before it. */
class World {
  readonly api = new FakeApi();
  private clock = Date.parse('2026-12-01T09:00:00.000Z');
  constructor() {
    this.api.sorts = true;
  }
  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }
  add(overrides: Partial<Omit<Session, 'raw'>> = {}): Session {
    const at = this.tick();
    const s = session({ createdAt: at, updatedAt: at, ...overrides });
    this.api.data.push(s);
    return s;
  }
  update(id: string, change: Partial<Omit<Session, 'raw' | 'id'>>): Session {
    const index = this.api.data.findIndex((s) => s.id === id);
    const next = { ...this.api.data[index], ...change, updatedAt: this.tick() };
    this.api.data[index] = next;
    return next;
  }
  remove(id: string): void {
    this.api.data = this.api.data.filter((s) => s.id !== id);
  }
  /** The server's list for a query, in its order. */
  list(query: ListQuery): Session[] {
    return this.api.matching({ ...query, perPage: 50 });
  }
}

function settings(extra: Partial<SessionsSettings> = {}): SessionsSettings {
  return { ...DEFAULT_SETTINGS, pageSize: 5, ...extra };
}

function modelOf(world: World, s: SessionsSettings) {
  const fired: (string[] | undefined)[] = [];
  const timers = new FakeTimers();
  const model = new SessionsModel(s, {
    fetchPage: world.api.listSessions,
    onDidChange: (nodes) => fired.push(nodes?.map((n) => n.id)),
    timers,
    now: () => timers.now,
  });
  return { model, fired };
}

/** Polls once and applies the outcome as the view does. */
async function pollAndApply(feed: ChangeFeed, model: SessionsModel, world: World) {
  const outcome = await feed.poll(world.api.listSessions, new AbortController().signal);
  if (outcome.kind === 'changes') model.applyChanges(outcome.baseline ? outcome.received : outcome.changed, outcome.since, outcome.baseline);
  return outcome;
}

const groupOf = (nodes: readonly TreeNode[], key: string): GroupNode => {
  const node = nodes.find((n): n is GroupNode => n.kind === 'group' && n.key === key);
  assert.ok(node, `no group ${key}`);
  return node;
};

async function expandAll(model: SessionsModel): Promise<GroupNode[]> {
  const groups = model.rootGroups();
  for (const g of groups) {
    model.setExpanded(g, true);
    await model.getChildren(g);
  }
  await flush();
  return model.rootGroups();
}

describe('core/sessions/changePoll', () => {
  describe('pollQuery', () => {
    it('the view’s filters without status, newest update first, a full page', () => {
      const q = pollQuery(settings({ filter: { status: 'running', types: ['chat'], companyId: 'c-1', search: 'acme' }, sortBy: 'title', sortOrder: 'asc' }));
      assert.deepEqual(q, { perPage: POLL_PAGE_SIZE, companyId: 'c-1', search: 'acme', type: 'chat', sortBy: 'updated_at', sortOrder: 'desc' });
      assert.equal(pollQuery(settings({ filter: { status: '', types: ['chat', 'email'], companyId: '', search: '' } })).type, undefined, 'several types: the API takes one');
    });

    it('drops the filters when a watched session lies outside them, and only then', () => {
      const s = settings({ filter: { status: '', types: ['chat'], companyId: 'c-1', search: '' } });
      assert.equal(pollQuery(s, [session({ type: 'chat', companyId: 'c-1' })]).companyId, 'c-1');
      assert.deepEqual(pollQuery(s, [session({ type: 'email', companyId: 'c-1' })]), { perPage: 50, sortBy: 'updated_at', sortOrder: 'desc' });
      assert.equal(pollQuery(s, [session({ type: 'chat', companyId: 'c-2' })]).companyId, undefined);
    });
  });

  describe('ChangeFeed', () => {
    it('the first poll is a baseline; a poll with nothing changed costs one request and finds nothing', async () => {
      const world = new World();
      for (let i = 0; i < 80; i++) world.add();
      const feed = new ChangeFeed(pollQuery(settings()));
      const first = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.equal(first.kind, 'changes');
      assert.ok(first.kind === 'changes' && first.baseline && first.changed.length === 0 && first.received.length === 50 && first.requests === 1);
      const second = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.ok(second.kind === 'changes' && !second.baseline && second.changed.length === 0 && second.requests === 1);
      assert.equal(world.api.requests.length, 2);
      assert.deepEqual(world.api.requests[1], { perPage: 50, sortBy: 'updated_at', sortOrder: 'desc', page: 1 });
    });

    it('finds what changed since, pages on while a whole page is newer, and overflows past the bound', async () => {
      const world = new World();
      const all = Array.from({ length: 200 }, () => world.add());
      const feed = new ChangeFeed(pollQuery(settings()));
      await feed.poll(world.api.listSessions, new AbortController().signal);
      world.update(all[10].id, { status: 'running' });
      const one = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.ok(one.kind === 'changes');
      assert.deepEqual(one.changed.map((s) => s.id), [all[10].id]);
      assert.equal(one.requests, 1);
      // 60 changes: two pages, the second reaching known times.
      for (let i = 0; i < 60; i++) world.update(all[i].id, { title: `t${i}` });
      const sixty = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.ok(sixty.kind === 'changes');
      assert.equal(sixty.requests, 2);
      assert.equal(sixty.changed.length, 60);
      // More than MAX_POLL_PAGES pages changed.
      for (let i = 0; i < POLL_PAGE_SIZE * MAX_POLL_PAGES + 1; i++) world.update(all[i].id, { title: `u${i}` });
      const over = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.equal(over.kind, 'overflow');
      assert.equal(over.requests, MAX_POLL_PAGES);
      const after = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.ok(after.kind === 'changes' && after.changed.length === 0 && after.requests === 1, 'after an overflow the feed follows from what it read');
    });

    it('a server that does not sort by updated_at is reported, not trusted', async () => {
      const world = new World();
      for (let i = 0; i < 10; i++) world.add();
      world.api.sorts = false; // oldest first, as stored
      const feed = new ChangeFeed(pollQuery(settings()));
      const outcome = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.equal(outcome.kind, 'unsorted');
      const noTimes = new World();
      for (let i = 0; i < 4; i++) noTimes.add({ updatedAt: undefined });
      const blind = await new ChangeFeed(pollQuery(settings())).poll(noTimes.api.listSessions, new AbortController().signal);
      assert.ok(blind.kind === 'unsorted' && /no readable updated_at/.test(blind.reason));
    });

    it('a new query starts over with a baseline', async () => {
      const world = new World();
      world.add();
      const feed = new ChangeFeed(pollQuery(settings()));
      await feed.poll(world.api.listSessions, new AbortController().signal);
      feed.setQuery(pollQuery(settings()));
      const same = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.ok(same.kind === 'changes' && !same.baseline, 'the same query continues');
      feed.setQuery({ ...pollQuery(settings()), type: 'chat' });
      const other = await feed.poll(world.api.listSessions, new AbortController().signal);
      assert.ok(other.kind === 'changes' && other.baseline);
    });
  });

  describe('applying a poll to the model', () => {
    async function setUp() {
      const world = new World();
      for (const type of SESSION_TYPES) for (let i = 0; i < 7; i++) world.add({ type, status: i % 2 === 0 ? 'running' : 'completed' });
      world.add({ type: 'weird', status: 'running' });
      const { model, fired } = modelOf(world, settings());
      const groups = await expandAll(model);
      assert.equal(groups.length, 8, 'seven types and Other types, all expanded');
      const feed = new ChangeFeed(pollQuery(settings()));
      await pollAndApply(feed, model, world);
      world.api.requests.length = 0;
      fired.length = 0;
      return { world, model, fired, feed };
    }

    it('with 8 groups expanded a tick where nothing changed costs exactly 1 request and fires nothing', async () => {
      const { world, model, fired, feed } = await setUp();
      await pollAndApply(feed, model, world);
      assert.equal(world.api.requests.length, 1);
      assert.deepEqual(fired, []);
    });

    it('a status change moves the session between status groups, firing those two groups only', async () => {
      const { world, model, fired, feed } = await setUp();
      const chat = groupOf(model.rootGroups(), 'chat');
      const before = await model.getChildren(chat);
      const running = groupOf(before, 'running');
      const completed = groupOf(before, 'completed');
      await model.getChildren(running);
      await model.getChildren(completed);
      const target = running.stream.root.at(['running'])?.ids[1] as string;
      world.update(target, { status: 'completed' });
      await pollAndApply(feed, model, world);
      assert.equal(world.api.requests.length, 1);
      assert.equal(fired.length, 1);
      assert.deepEqual([...(fired[0] ?? [])].sort(), [completed.id, running.id].sort());
      assert.ok(!chat.stream.root.at(['running'])?.ids.includes(target));
      assert.equal(chat.stream.root.at(['completed'])?.ids[0], target, 'newest update first: it leads its new group');
      assert.equal(chat.stream.entry(target)?.session.status, 'completed');
    });

    it('a new session appears at the top of its group, the count grows, and the group is fired', async () => {
      const { world, model, fired, feed } = await setUp();
      const email = groupOf(model.rootGroups(), 'email');
      const totalBefore = email.stream.total as number;
      const created = world.add({ type: 'email', status: 'queued' });
      await pollAndApply(feed, model, world);
      assert.equal(email.stream.total, totalBefore + 1);
      assert.equal([...email.stream.entries.keys()][0], created.id);
      assert.deepEqual(fired, [[email.id]], 'a new status bucket: the type group is fired');
      // Other types saw it too (the unfiltered stream) but does not accept documented types.
      assert.equal(groupOf(model.rootGroups(), 'other').stream.entry(created.id), undefined);
    });

    it('a title change of a row in place fires that row only', async () => {
      const world = new World();
      for (let i = 0; i < 3; i++) world.add({ type: 'chat', status: 'completed' });
      const s = settings({ sortBy: 'created_at', groupBy: 'none' });
      const { model, fired } = modelOf(world, s);
      const rows = await model.getChildren();
      const feed = new ChangeFeed(pollQuery(s));
      await pollAndApply(feed, model, world);
      fired.length = 0;
      const middle = rows[1];
      assert.ok(middle.kind === 'session');
      world.update(middle.entry.session.id, { title: 'Renamed' });
      await pollAndApply(feed, model, world);
      assert.deepEqual(fired, [[middle.id]]);
      assert.equal(middle.entry.session.title, 'Renamed', 'the row object is live');
    });

    it('an older copy never takes a row back (a refresh answer that was on its way)', async () => {
      const world = new World();
      const a = world.add({ type: 'chat', status: 'running' });
      const { model } = modelOf(world, settings({ groupBy: 'none' }));
      await model.getChildren();
      const stale = world.api.data[0];
      const fresh = world.update(a.id, { status: 'completed' });
      model.applyChanges([fresh], undefined);
      model.applyChanges([stale], undefined);
      assert.equal(model.overview.findSession(a.id)?.status, 'completed');
    });

    it('a session leaving a status filter leaves the view; one entering it appears', async () => {
      const world = new World();
      const a = world.add({ status: 'running' });
      const b = world.add({ status: 'completed' });
      world.add({ status: 'running' });
      const s = settings({ groupBy: 'none', filter: { status: 'running', types: [], companyId: '', search: '' } });
      const { model } = modelOf(world, s);
      await model.getChildren();
      const stream = model.allStreams()[0];
      assert.equal(stream.total, 2);
      const feed = new ChangeFeed(pollQuery(s));
      await pollAndApply(feed, model, world);
      const third = world.api.data[2];
      world.update(third.id, { status: 'failed' });
      await pollAndApply(feed, model, world);
      assert.equal(stream.total, 1, 'one left the query');
      world.update(a.id, { status: 'completed' });
      world.update(b.id, { status: 'running' });
      await pollAndApply(feed, model, world);
      assert.deepEqual(model.overview.loadedSessions().map((x) => x.id), [b.id]);
    });

    it('under a sort the client does not know, a new session waits behind an “N new sessions” row until the group reloads', async () => {
      const world = new World();
      for (let i = 0; i < 8; i++) world.add({ type: 'chat', status: 'completed' });
      const s = settings({ groupBy: 'none', sortBy: 'priority', pageSize: 25 });
      const { model, fired } = modelOf(world, s);
      const before = await model.getChildren();
      assert.ok(!before.some((n) => n.kind === 'newSessions'));
      const feed = new ChangeFeed(pollQuery(s));
      await pollAndApply(feed, model, world);
      const loadedRow = before.find((n) => n.kind === 'session');
      assert.ok(loadedRow?.kind === 'session');
      world.update(loadedRow.entry.session.id, { status: 'running' });
      const created = world.add({ type: 'chat', status: 'queued' });
      fired.length = 0;
      await pollAndApply(feed, model, world);
      const rows = model.childrenNow();
      assert.equal(rows[0].kind, 'newSessions');
      assert.equal(rows.filter((n) => n.kind === 'newSessions').length, 1);
      assert.equal(model.allStreams()[0].unplacedCount, 1);
      assert.equal(loadedRow.entry.session.status, 'running', 'a loaded one is updated in place');
      assert.deepEqual(fired, [undefined], 'a flat root list changed shape: the whole (flat) tree');
      await model.reload(rows[0]);
      const after = model.childrenNow();
      assert.ok(!after.some((n) => n.kind === 'newSessions'));
      assert.ok(model.allStreams()[0].entry(created.id), 'the reload shows it');
    });

    it('property: after each poll every loaded stream is exactly the start of the server’s list for its query', async () => {
      const op = fc.oneof(
        fc.record({ kind: fc.constant('add' as const), type: fc.constantFrom('chat', 'email', 'odd'), status: fc.constantFrom('running', 'queued', 'completed') }),
        fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom('running', 'waiting_for_input', 'completed', 'failed') }),
        fc.record({ kind: fc.constant('title' as const), pick: fc.nat() }),
        fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
        fc.record({ kind: fc.constant('poll' as const) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.constantFrom('typeThenStatus', 'status', 'none'), async (ops, groupBy) => {
          const world = new World();
          for (let i = 0; i < 12; i++) world.add({ type: i % 3 === 0 ? 'email' : 'chat', status: i % 2 ? 'running' : 'completed' });
          const s = settings({ groupBy: groupBy as SessionsSettings['groupBy'], pageSize: 4 });
          const { model } = modelOf(world, s);
          if (groupBy === 'typeThenStatus') await expandAll(model);
          else await model.getChildren();
          const feed = new ChangeFeed(pollQuery(s));
          await pollAndApply(feed, model, world);
          let overflowed = false;
          for (const step of ops) {
            const live = world.api.data;
            const target = live.length > 0 && 'pick' in step ? live[step.pick % live.length] : undefined;
            if (step.kind === 'add') world.add({ type: step.type, status: step.status });
            else if (step.kind === 'status' && target) world.update(target.id, { status: step.status });
            else if (step.kind === 'title' && target) world.update(target.id, { title: `${target.title}!` });
            else if (step.kind === 'remove' && target) world.remove(target.id);
            else if (step.kind === 'poll') overflowed = (await pollAndApply(feed, model, world)).kind === 'overflow' || overflowed;
          }
          await pollAndApply(feed, model, world);
          if (overflowed) return;
          for (const stream of model.allStreams()) {
            if (stream.pagesLoaded === 0) continue;
            const loaded = [...stream.entries.values()].map((e) => e.session);
            const server = world.list(stream.spec.query).filter((x) => stream.accepts(x));
            // Removed sessions are not in a poll: they go at the next reload, so compare what still exists.
            const existing = loaded.filter((x) => world.api.data.some((d) => d.id === x.id));
            assert.deepEqual(existing.map((x) => x.id), server.slice(0, existing.length).map((x) => x.id), `stream ${stream.spec.id}`);
            for (const x of existing) assert.deepEqual(x, world.api.data.find((d) => d.id === x.id));
            // Every bucket holds its sessions in the stream's order.
            const order = new Map([...stream.entries.keys()].map((id, i) => [id, i]));
            const walk = (b: typeof stream.root): void => {
              for (let i = 1; i < b.ids.length; i++) assert.ok((order.get(b.ids[i - 1]) as number) < (order.get(b.ids[i]) as number));
              for (const child of b.children.values()) walk(child);
            };
            walk(stream.root);
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});

describe('core/sessions/changePoll: nothing a server sends breaks the view', () => {
  it('property: hostile sessions in polls (bidi, lone surrogates, 100 KB, duplicate ids, any times) never throw, and every stream stays whole', async () => {
    const polled = fc.array(fc.oneof(hostileSession, hostileSession.map((s) => ({ ...s, id: 'same-id' }))), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(polled, { minLength: 1, maxLength: 4 }), fc.constantFrom('typeThenStatus', 'statusThenType', 'none'), async (polls, groupBy) => {
        const world = new World();
        for (let i = 0; i < 6; i++) world.add({ type: i % 2 ? 'chat' : 'email', status: i % 3 ? 'running' : 'completed' });
        const s = settings({ groupBy: groupBy as SessionsSettings['groupBy'] });
        const { model } = modelOf(world, s);
        if (groupBy === 'typeThenStatus') await expandAll(model);
        else await model.getChildren();
        for (const raw of polls) {
          const sessions = raw.map((r) => parseSession(r));
          model.applyChanges(sessions, Date.parse('2026-12-01T09:00:00.000Z'));
          for (const stream of model.allStreams()) {
            // Every listed id is in exactly one bucket, and the counts add up.
            const inBuckets: string[] = [];
            const walk = (b: typeof stream.root): number => {
              if (b.children.size === 0) {
                inBuckets.push(...b.ids);
                assert.equal(b.count, b.ids.length);
                return b.count;
              }
              let sum = 0;
              for (const child of b.children.values()) sum += walk(child);
              assert.equal(b.count, sum);
              return sum;
            };
            walk(stream.root);
            assert.deepEqual([...inBuckets].sort(), [...stream.entries.keys()].sort());
          }
          // And the tree can be drawn from what is there.
          const walkTree = (nodes: readonly TreeNode[]): void => {
            for (const n of nodes) if (n.kind === 'group') walkTree(model.childrenNow(n));
          };
          walkTree(model.childrenNow());
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('core/sessions/changePoll: what the tree is told after a poll', () => {
  /** What VS Code would show for a node: its item's words, and its children's ids when expanded (everything is). */
  function itemText(node: TreeNode): string {
    if (node.kind === 'group') return `${groupLabel(node)}|${groupDescription(node)}`;
    if (node.kind === 'session') return JSON.stringify([node.entry.session.title, node.entry.session.status, node.entry.session.updatedAt]);
    if (node.kind === 'loadMore') return loadMoreLabel(node.stream);
    if (node.kind === 'newSessions') return newSessionsLabel(node.stream);
    return node.kind;
  }

  /** A stand-in for VS Code's tree: rendered items and children by id, re-rendered only below the nodes it is told changed. */
  class ShownTree {
    readonly items = new Map<string, string>();
    readonly children = new Map<string, string[]>();
    constructor(private readonly model: SessionsModel) {
      this.render(undefined);
    }
    render(node: TreeNode | undefined): void {
      const id = node?.id ?? '';
      if (node) this.items.set(id, itemText(node));
      const kids = node === undefined || node.kind === 'group' ? this.model.childrenNow(node) : [];
      this.children.set(id, kids.map((k) => k.id));
      for (const kid of kids) this.render(kid);
    }
    snapshot(): string {
      const out: string[] = [];
      const walk = (id: string, depth: number): void => {
        for (const kid of this.children.get(id) ?? []) {
          out.push(`${'  '.repeat(depth)}${kid} ${this.items.get(kid)}`);
          walk(kid, depth + 1);
        }
      };
      walk('', 0);
      return out.join('\n');
    }
  }

  it('property: re-rendering only the fired nodes shows exactly what a fresh render shows, and every fired node changed', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), type: fc.constantFrom('chat', 'email', 'odd'), status: fc.constantFrom('running', 'queued', 'completed') }),
      fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom('running', 'waiting_for_input', 'completed', 'failed', 'mystery') }),
      fc.record({ kind: fc.constant('title' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('typeThenStatus', 'statusThenType', 'status', 'none'), fc.constantFrom('updated_at', 'created_at', 'priority'), async (rounds, groupBy, sortBy) => {
        const world = new World();
        for (let i = 0; i < 10; i++) world.add({ type: i % 3 === 0 ? 'email' : 'chat', status: i % 2 ? 'running' : 'completed' });
        const s = settings({ groupBy: groupBy as SessionsSettings['groupBy'], sortBy, pageSize: 4 });
        let fired: (readonly TreeNode[] | undefined)[] = [];
        const timers = new FakeTimers();
        const model = new SessionsModel(s, { fetchPage: world.api.listSessions, onDidChange: (nodes) => fired.push(nodes), timers, now: () => timers.now });
        // Expand everything there is, as far down as it goes.
        const open = async (nodes: readonly TreeNode[]): Promise<void> => {
          for (const n of nodes) {
            if (n.kind !== 'group') continue;
            model.setExpanded(n, true);
            await open(await model.getChildren(n));
          }
        };
        await open(await model.getChildren());
        await flush();
        const feed = new ChangeFeed(pollQuery(s));
        await pollAndApply(feed, model, world);
        await open(model.childrenNow());
        const shown = new ShownTree(model);
        for (const round of rounds) {
          for (const step of round) {
            const live = world.api.data;
            const target = 'pick' in step ? live[step.pick % live.length] : undefined;
            if (step.kind === 'add') world.add({ type: step.type, status: step.status });
            else if (step.kind === 'status' && target) world.update(target.id, { status: step.status });
            else if (step.kind === 'title' && target) world.update(target.id, { title: `${target.title}!` });
          }
          fired = [];
          const before = new ShownTree(model).snapshot();
          await pollAndApply(feed, model, world);
          for (const nodes of fired) {
            if (nodes === undefined) {
              shown.render(undefined);
              continue;
            }
            for (const node of nodes) {
              const subtreeBefore = [...shown.items.entries()].filter(([id]) => id === node.id || id.startsWith(`${node.id}/`)).map((e) => e.join(' ')).join('\n') + JSON.stringify(shown.children.get(node.id));
              shown.render(node);
              const subtreeAfter = [...shown.items.entries()].filter(([id]) => id === node.id || id.startsWith(`${node.id}/`)).map((e) => e.join(' ')).join('\n') + JSON.stringify(shown.children.get(node.id));
              assert.notEqual(subtreeAfter, subtreeBefore, `fired ${node.id}, which did not change`);
            }
          }
          const fresh = new ShownTree(model).snapshot();
          assert.equal(shown.snapshot(), fresh, `what the tree shows after the poll (before it: ${before.length} chars)`);
        }
      }),
      { numRuns: 120 },
    );
  });
});
