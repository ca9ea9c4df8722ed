// The stateful, model-based test: fast-check generates sequences of what users, other windows
// and servers do (expand, collapse, Load more, Refresh, Retry, settings and grouping changes,
// base URL and key changes, creates, held responses, faults, rate limits, clock skew, sessions
// changing on the server), runs them against the real extension layers (see world.ts), and checks
// the promises after every step and once the faults stop:
// - no duplicate id in any group, and every loaded group equals what the server lists;
// - nothing stays loading; nothing is sent after dispose;
// - a key only ever reaches the origin it was saved for;
// - at most one POST per create, and a create is reported created exactly when it was;
// - no rejection, no unhandled rejection, no item that cannot be rendered, no key in the log.
// `npm test` runs a few hundred sequences, `npm run fuzz` at least 10,000 (seed printed).
import fc from 'fast-check';
import { SESSION_TYPES } from '../../src/api/types';
import type { LoadMoreNode } from '../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, GROUP_BY_VALUES, type SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import type { FaultAction } from '../../sandbox/server';
import { hostileSession } from '../fuzz/arbitraries';
import { ORIGINS, type OriginName, Servers, type StatefulTotals, World, type WorldStart } from './world';

/** What the model knows: only what the test itself decided (the world holds the rest). */
interface Model {
  origin: OriginName;
}

type Command = fc.AsyncCommand<Model, World>;

const COMPANY = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10';

/** A command from a name and an action; `check` always true (every command is valid anywhere). */
function command(name: string, run: (world: World, model: Model) => void | Promise<void>): Command {
  return {
    check: () => true,
    run: async (model, world) => {
      await run(world, model);
      // Let the operations started take their first steps before the invariants are read.
      await new Promise<void>((resolve) => setImmediate(resolve));
      world.checkAlways();
      if (world.violations.length > 0) throw new Error(`after ${name}:\n  ${world.violations.join('\n  ')}`);
    },
    toString: () => name,
  };
}

const origin = fc.constantFrom<OriginName>(...ORIGINS);
const index = fc.nat({ max: 40 });

const faults: fc.Arbitrary<{ then: FaultAction; method?: 'GET' | 'POST'; label: string }> = fc.oneof(
  fc.constantFrom(500, 502, 503, 504).map((status) => ({ then: { status, body: { error: 'boom' } }, label: `${status}` })),
  fc.constantFrom('0', '2', '86400').map((wait) => ({ then: { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': wait } }, label: `429 Retry-After ${wait}` })),
  fc.constant({ then: { status: 200, body: { items: [] }, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 86_400) } }, label: 'a reset a day away' }),
  fc.constantFrom<FaultAction>({ kind: 'drop' }, { kind: 'dropMidBody' }, { kind: 'nonJson' }, { kind: 'html' }, { kind: 'truncated' }, { kind: 'empty' }).map((then) => ({ then, label: 'kind' in then ? then.kind : '' })),
  fc.constantFrom<FaultAction>({ kind: 'createThenDrop' }, { kind: 'createNoBody' }, { kind: 'createHidden' }, { kind: 'createThenStatus', status: 502, body: { error: 'Bad gateway' } }, { kind: 'createThenStatus', status: 201, body: {} }).map((then) => ({
    then,
    method: 'POST' as const,
    label: 'kind' in then ? `POST ${then.kind}` : '',
  })),
  fc.array(hostileSession, { minLength: 1, maxLength: 4 }).map((items) => ({ then: { status: 200, body: { items } }, method: 'GET' as const, label: `a page of ${items.length} hostile session(s)` })),
);

function settingsArb(base: fc.Arbitrary<unknown> = fc.constant(undefined)): fc.Arbitrary<SessionsSettings> {
  return fc
    .record({
      groupBy: fc.constantFrom(...GROUP_BY_VALUES),
      pageSize: fc.integer({ min: 2, max: 6 }),
      sort: fc.constantFrom(['updated_at', 'desc'], ['created_at', 'desc'], ['created_at', 'asc'], ['title', 'asc'], ['updated_at', 'asc']),
      status: fc.constantFrom('', '', 'active', 'completed'),
      types: fc.constantFrom([], [], ['chat'], ['chat', 'email']),
      companyId: fc.constantFrom('', '', COMPANY),
      base,
    })
    .map((s) => ({
      ...DEFAULT_SETTINGS,
      groupBy: s.groupBy,
      pageSize: s.pageSize,
      sortBy: s.sort[0],
      sortOrder: s.sort[1],
      filter: { status: s.status, types: s.types as SessionsSettings['filter']['types'], companyId: s.companyId, search: '' },
    }));
}

const expand = index.map((i) =>
  command(`expand group #${i}`, (w) => {
    const groups = w.nodes('group');
    if (groups.length > 0) w.expand(groups[i % groups.length]);
  }),
);

const loadMore = index.map((i) =>
  command(`Load more #${i}`, (w) => {
    const more = w.nodes('loadMore');
    if (more.length > 0) w.track(w.provider.loadMore(more[i % more.length] as LoadMoreNode), 'loadMore');
  }),
);

const collapse = index.map((i) =>
  command(`collapse group #${i}`, (w) => {
    const groups = w.nodes('group');
    if (groups.length > 0) w.collapse(groups[i % groups.length]);
  }),
);

const retry = index.map((i) =>
  command(`Retry #${i}`, (w) => {
    const errors = w.nodes('error');
    if (errors.length > 0) w.track(w.provider.retry(errors[i % errors.length]), 'retry');
  }),
);

/** What one user does in the view, by how often they do it. */
const inTheView: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(command('show the root', (w) => w.show())) },
  { weight: 5, arbitrary: expand },
  { weight: 1, arbitrary: collapse },
  { weight: 4, arbitrary: loadMore },
  { weight: 1, arbitrary: retry },
  { weight: 2, arbitrary: fc.boolean().map((user) => command(user ? 'Refresh (the user)' : 'refresh (automatic)', (w) => w.provider.refresh(user))) },
  { weight: 1, arbitrary: settingsArb().map((s) => command(`settings: ${s.groupBy} ${s.sortBy} ${s.sortOrder} ×${s.pageSize} ${JSON.stringify(s.filter)}`, (w) => w.changeSettings(s))) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...SESSION_TYPES), fc.boolean()).map(([type, company]) => command(`create ${type}${company ? ' for a company' : ''}`, (w) => w.create(type, company ? COMPANY : undefined))),
  },
  { weight: 1, arbitrary: fc.constant(command('Try Again (the last create, same values)', (w) => w.create('chat', undefined, true))) },
);

/** The base URL and keys changing, here or in another window. */
const theConnection: fc.Arbitrary<Command> = fc.oneof(
  origin.map((o) =>
    command(`switch to ${o}`, (w, m) => {
      m.origin = o;
      w.switchOrigin(o);
    }),
  ),
  origin.map((o) => command(`store the key of ${o} (another window)`, (w) => w.storeKey(o))),
  origin.map((o) => command(`delete the key of ${o} (another window)`, (w) => w.deleteKey(o))),
);

/** What the servers do: faults, slow answers, sessions changing, clocks off. */
const theServers: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(origin, faults).map(([o, f]) => command(`fault on ${o}: ${f.label}`, (w) => w.fault(o, f.then, f.method))) },
  { weight: 2, arbitrary: origin.map((o) => command(`hold ${o}'s responses`, (w) => w.servers.of(o).hold())) },
  { weight: 2, arbitrary: fc.tuple(origin, fc.integer({ min: 1, max: 3 })).map(([o, n]) => command(`release ${n} of ${o}'s responses`, (w) => w.servers.of(o).release(n))) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(origin, index, fc.constantFrom<Record<string, string>>({ status: 'completed' }, { status: 'failed' }, { status: 'active' }, { type: 'email' }, { type: 'chat' }))
      .map(([o, i, change]) =>
        command(`on ${o}, session #${i} changes ${JSON.stringify(change)}`, (w) => {
          const all = w.servers.of(o).sessions();
          if (all.length > 0) w.servers.of(o).update(all[i % all.length].id, change);
        }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(origin, fc.constantFrom(0, 10 * 60_000, -10 * 60_000, 3_600_000)).map(([o, ms]) =>
      command(`${o}'s clock off by ${ms / 60_000} min`, (w) => {
        w.servers.skew[o] = ms;
      }),
    ),
  },
);

/** One step of a sequence: mostly the user in the view, sometimes the connection or the servers. */
const commands: fc.Arbitrary<Command>[] = [
  fc.oneof(
    { weight: 10, arbitrary: inTheView },
    { weight: 2, arbitrary: theConnection },
    { weight: 5, arbitrary: theServers },
    { weight: 1, arbitrary: fc.constant(command('wait until nothing is in flight', (w) => w.settle())) },
  ),
];

const start: fc.Arbitrary<WorldStart> = fc.record({
  origin: fc.constantFrom<OriginName>('a', 'a', 'b'),
  // Mostly with the key of the first origin stored, so that most sequences list sessions.
  keys: fc.record({ a: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), b: fc.boolean() }),
  settings: settingsArb(),
  clientSkewMs: fc.constantFrom(0, 0, 10 * 60_000, -10 * 60_000),
});

let sequence = 0;

/**
 * Runs `numRuns` generated sequences (each up to `maxCommands` steps) against one pair of
 * sandboxes. Throws fast-check's report (with the seed and the shrunk sequence) on a failure.
 */
export async function runStateful(numRuns: number, seed: number, maxCommands = 40): Promise<StatefulTotals> {
  const totals: StatefulTotals = { sequences: 0, commands: 0, requests: 0, faultsFired: 0, sessionsLoaded: 0, creates: {} };
  const servers = await Servers.start();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await fc.assert(
      fc.asyncProperty(start, fc.commands(commands, { maxCommands, size: 'max' }), async (initial, cmds) => {
        servers.reset();
        const world = await World.create(servers, initial, String(++sequence), totals);
        totals.commands += [...cmds].length;
        // The user opens the view and its first group, as most sessions start.
        await world.settle();
        const first = world.nodes('group')[0];
        if (first) world.expand(first);
        try {
          await fc.asyncModelRun(() => ({ model: { origin: initial.origin }, real: world }), cmds);
          await world.finish();
        } finally {
          await world.dispose();
        }
        if (world.violations.length > 0) throw new Error(`at the end:\n  ${world.violations.join('\n  ')}`);
        if (unhandled.length > 0) throw new Error(`unhandled rejection: ${String(unhandled[0])}`);
      }),
      { numRuns, seed },
    );
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await servers.close();
  }
  return totals;
}
