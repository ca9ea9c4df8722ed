import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FINISHED, IN_PROGRESS, startSandbox, type LifeChange, type LifeState, type Sandbox, type SandboxOptions, type SessionRecord } from '../../../sandbox/server';
import { create, FakeClock, json, list, raw, type RawResponse } from './helpers';

/** Every move the life may make. */
const ALLOWED: Record<string, readonly string[]> = {
  queued: ['running'],
  running: ['waiting_for_input', 'completed', 'failed'],
  waiting_for_input: ['running'],
};

const MINUTE = 60_000;

/** Without the timestamps, which follow each sandbox's own clock. */
const moves = (changes: readonly LifeChange[]): string[] => changes.map((c) => `${c.id} ${c.from}>${c.to}`);

function byId(sessions: readonly SessionRecord[]): Map<string, SessionRecord> {
  return new Map(sessions.map((s) => [s.id, s]));
}

describe('sandbox life (sessions that move on)', () => {
  const opened: Sandbox[] = [];
  async function start(options: SandboxOptions): Promise<Sandbox> {
    const sb = await startSandbox({ rateLimit: false, sessionCount: 200, ...options });
    opened.push(sb);
    return sb;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((sb) => sb.close()));
  });

  it('is off by default: nothing moves with time, advance() and lifeStep() throw', async () => {
    const clock = new FakeClock();
    const sb = await start({ now: clock.now });
    const before = sb.sessions();
    clock.advance(60 * MINUTE);
    assert.deepEqual(json(await list(sb, 'per_page=50&sort_by=updated_at')).items, sb.query({ sortBy: 'updated_at' }).slice(0, 50));
    assert.deepEqual(sb.sessions(), before);
    assert.deepEqual(sb.lifeState(), { enabled: false, speed: 0, elapsedMs: 0, changes: 0, pending: [], recent: [] });
    assert.throws(() => sb.advance(MINUTE), /life is off/);
    assert.throws(() => sb.lifeStep(), /life is off/);
    assert.ok(!before.some((s) => s.status === 'queued'), 'no session is queued without the life');
  });

  it('starts with a realistic share of sessions in progress (queued, running, waiting), the ones it moves', async () => {
    const sb = await start({ life: true, now: new FakeClock().now, sessionCount: 520 });
    const sessions = sb.sessions();
    const inProgress = sessions.filter((s) => IN_PROGRESS.includes(s.status));
    assert.ok(inProgress.length > 520 * 0.05 && inProgress.length < 520 * 0.2, `${inProgress.length} in progress`);
    for (const status of IN_PROGRESS) assert.ok(inProgress.some((s) => s.status === status), status);
    assert.ok(sessions.filter((s) => FINISHED.includes(s.status)).length > 520 / 3, 'most sessions are finished');
    const state = sb.lifeState();
    assert.equal(state.enabled, true);
    assert.equal(state.speed, 1);
    assert.deepEqual(new Set(state.pending.map((p) => p.id)), new Set(inProgress.map((s) => s.id)));
    const nexts = state.pending.map((p) => p.nextInMs);
    assert.deepEqual(nexts, [...nexts].sort((a, b) => a - b), 'soonest first');
    assert.ok(nexts[0] >= 0);
  });

  it('is deterministic: the same seed and the same advances make the same changes; another seed others', async () => {
    async function run(seed: number): Promise<{ changes: LifeChange[][]; sessions: readonly SessionRecord[] }> {
      const clock = new FakeClock();
      const sb = await start({ life: true, seed, now: clock.now });
      const changes = [sb.advance(30_000), sb.advance(90_000), sb.lifeStep(3)];
      clock.advance(2 * MINUTE);
      changes.push(sb.advance(10 * MINUTE), sb.lifeStep(2));
      return { changes, sessions: sb.sessions() };
    }
    const a = await run(42);
    const b = await run(42);
    assert.ok(a.changes.flat().length > 10, `${a.changes.flat().length} changes`);
    assert.equal(a.changes[2].length, 3);
    assert.deepEqual(b.changes, a.changes);
    assert.deepEqual(b.sessions, a.sessions);
    const other = await run(7);
    assert.notDeepEqual(moves(other.changes.flat()), moves(a.changes.flat()));
  });

  it('follows the lifecycle: queued > running > waiting_for_input (and back) > completed or failed, never back from the end', async () => {
    const clock = new FakeClock();
    const sb = await start({ life: true, now: clock.now, sessionCount: 520 });
    const initial = byId(sb.sessions());
    const all: LifeChange[] = [];
    for (let i = 0; i < 120; i++) {
      clock.advance(1000);
      all.push(...sb.advance(MINUTE));
    }
    const current = new Map([...initial].map(([id, s]) => [id, s.status]));
    for (const c of all) {
      assert.equal(c.from, current.get(c.id), `${c.id} moved from the status it had`);
      assert.ok(ALLOWED[c.from]?.includes(c.to), `${c.from} > ${c.to}`);
      current.set(c.id, c.to);
    }
    const kinds = new Set(all.map((c) => `${c.from}>${c.to}`));
    for (const k of ['queued>running', 'running>waiting_for_input', 'waiting_for_input>running', 'running>completed', 'running>failed']) {
      assert.ok(kinds.has(k), k);
    }
    // Two hours on, every session that was in progress has finished; the others never moved.
    assert.deepEqual(sb.lifeState().pending, []);
    const end = sb.sessions();
    for (const s of end) {
      const before = initial.get(s.id)!;
      if (IN_PROGRESS.includes(before.status)) assert.ok(FINISHED.includes(s.status), `${s.id} ended ${s.status}`);
      else assert.deepEqual(s, before, 'a session not in progress is left alone');
    }
    assert.deepEqual(sb.advance(24 * 60 * MINUTE), [], 'finished sessions stay finished');
    assert.equal(sb.lifeState().changes, all.length);
  });

  it('bumps updated_at to the clock, and lists the just-changed sessions first by updated_at desc (sort cache dropped)', async () => {
    const clock = new FakeClock();
    const sb = await start({ life: true, now: clock.now });
    const byUpdated = 'sort_by=updated_at&sort_order=desc&per_page=50';
    const firstBefore = json(await list(sb, byUpdated)).items as SessionRecord[]; // fills the sort cache
    clock.advance(5000);
    sb.lifeState(); // catches up with the clock first
    const changes = sb.advance(4 * MINUTE);
    assert.ok(changes.length >= 3, `${changes.length} changes`);
    const ats = changes.map((c) => Date.parse(c.at));
    assert.ok(ats[0] >= clock.ms, 'stamped with the clock');
    for (let i = 1; i < ats.length; i++) assert.ok(ats[i] > ats[i - 1], 'each later change has a later updated_at');
    const sessions = byId(sb.sessions());
    const lastOf = new Map(changes.map((c) => [c.id, c]));
    for (const [id, c] of lastOf) {
      assert.equal(sessions.get(id)!.status, c.to);
      assert.equal(sessions.get(id)!.updated_at, c.at);
    }
    const body = json(await list(sb, byUpdated));
    assert.equal(body.total, 200);
    const expectedFirst = [...lastOf.values()].sort((a, b) => (a.at < b.at ? 1 : -1)).map((c) => c.id);
    assert.deepEqual((body.items as SessionRecord[]).slice(0, expectedFirst.length).map((s) => s.id), expectedFirst);
    assert.notDeepEqual(body.items, firstBefore);
    assert.deepEqual(body.items, sb.query({ sortBy: 'updated_at', sortOrder: 'desc' }).slice(0, 50));
  });

  it('status filters and totals see the new statuses', async () => {
    const clock = new FakeClock();
    const sb = await start({ life: true, now: clock.now });
    const count = async (status: string): Promise<number> => json(await list(sb, `status=${status}&per_page=1`)).total as number;
    const before = { running: await count('running'), completed: await count('completed') };
    const changes = sb.advance(30 * MINUTE);
    const last = new Map(changes.map((c) => [c.id, c.to]));
    for (const status of ['queued', 'running', 'waiting_for_input', 'completed', 'failed']) {
      const expected = sb.sessions().filter((s) => s.status === status).length;
      assert.equal(await count(status), expected, status);
    }
    const completedNow = [...last].filter(([, to]) => to === 'completed').map(([id]) => id);
    assert.ok(completedNow.length > 0);
    assert.ok(await count('completed') > before.completed);
    const listed = new Set((json(await list(sb, 'status=completed&sort_by=updated_at&per_page=50')).items as SessionRecord[]).map((s) => s.id));
    for (const id of completedNow.slice(0, 50)) assert.ok(listed.has(id), id);
    assert.notEqual(await count('running'), before.running);
    assert.equal(json(await list(sb)).total, 200, 'no session added or lost');
  });

  it('runs on the sandbox clock: changes come within minutes, stamped when they were due', async () => {
    const clock = new FakeClock();
    const start0 = clock.ms;
    const sb = await start({ life: true, now: clock.now });
    assert.equal(sb.lifeState().changes, 0);
    clock.advance(3 * MINUTE);
    const body = json(await list(sb, 'sort_by=updated_at&per_page=5'));
    const state = sb.lifeState();
    assert.equal(state.elapsedMs, 3 * MINUTE);
    assert.ok(state.changes > 0, 'something changed within three minutes');
    for (const c of state.recent) {
      const at = Date.parse(c.at);
      assert.ok(at > start0 && at <= clock.ms + state.changes, c.at);
    }
    assert.equal(body.items[0].updated_at, state.recent[state.recent.length - 1].at);
    const ats = state.recent.map((c) => c.at);
    assert.deepEqual(ats, [...ats].sort());
    assert.ok(Date.parse(ats[ats.length - 1]) - Date.parse(ats[0]) > 10_000, 'spread over the minutes, not all at the request');
  });

  it('speed multiplies how fast the clock drives it; 0 leaves it to advance()', async () => {
    const clocks = [new FakeClock(), new FakeClock(), new FakeClock()];
    const slow = await start({ life: true, now: clocks[0].now });
    const fast = await start({ life: { speed: 10 }, now: clocks[1].now });
    const manual = await start({ life: { speed: 0 }, now: clocks[2].now });
    clocks[0].advance(20 * MINUTE);
    clocks[1].advance(2 * MINUTE);
    clocks[2].advance(60 * MINUTE);
    const a = slow.lifeState();
    const b = fast.lifeState();
    assert.equal(a.elapsedMs, 20 * MINUTE);
    assert.equal(b.elapsedMs, 20 * MINUTE);
    assert.equal(b.speed, 10);
    assert.ok(a.changes > 10);
    assert.deepEqual(moves(b.recent), moves(a.recent));
    assert.equal(manual.lifeState().changes, 0, 'speed 0: an hour of clock moves nothing');
    assert.deepEqual(moves(manual.advance(20 * MINUTE)), moves(a.recent));
    await assert.rejects(start({ life: { speed: -1 } }), /speed/);
    await assert.rejects(start({ life: { speed: Number.NaN } }), /speed/);
  });

  it('created sessions start queued with the life on (active with it off) and move on', async () => {
    const off = await start({ now: new FakeClock().now });
    assert.equal(json(await create(off, { title: 'static' })).status, 'active');

    const clock = new FakeClock();
    const sb = await start({ life: { speed: 0 }, now: clock.now });
    const made = json(await create(sb, { title: 'alive', type: 'plan' })) as SessionRecord;
    assert.equal(made.status, 'queued');
    assert.ok(sb.lifeState().pending.some((p) => p.id === made.id && p.status === 'queued'));
    assert.ok((json(await list(sb, 'status=queued&per_page=50')).items as SessionRecord[]).some((s) => s.id === made.id));
    const path: string[] = ['queued'];
    for (let i = 0; i < 60 && !FINISHED.includes(path[path.length - 1]); i++) {
      clock.advance(1000);
      for (const c of sb.advance(MINUTE)) if (c.id === made.id) path.push(c.to);
    }
    assert.equal(path[1], 'running');
    assert.ok(FINISHED.includes(path[path.length - 1]), path.join(' > '));
    const now = json(await list(sb, 'per_page=1')).items[0] as SessionRecord;
    assert.equal(now.id, made.id, 'still the newest by created_at');
    assert.equal(now.status, path[path.length - 1]);
    assert.ok(now.updated_at > made.updated_at);
  });

  it('lifeStep(n) makes the next n changes, soonest first; [] when nothing is left', async () => {
    const sb = await start({ life: { speed: 0 }, now: new FakeClock().now, sessionCount: 30 });
    const { pending } = sb.lifeState();
    assert.ok(pending.length >= 2);
    const [one] = sb.lifeStep();
    assert.equal(one.id, pending[0].id);
    assert.equal(one.from, pending[0].status);
    assert.equal(sb.lifeState().elapsedMs, pending[0].nextInMs);
    assert.equal(sb.lifeStep(2).length, 2);
    const rest = sb.lifeStep(1000);
    assert.ok(rest.length < 1000);
    assert.deepEqual(sb.lifeState().pending, []);
    assert.deepEqual(sb.lifeStep(), []);
    assert.throws(() => sb.lifeStep(0), RangeError);
    assert.throws(() => sb.advance(-1), RangeError);
    assert.throws(() => sb.advance(Number.POSITIVE_INFINITY), RangeError);
  });

  it('update() takes a session into the life or out of it', async () => {
    const sb = await start({ life: { speed: 0 }, now: new FakeClock().now });
    const done = sb.sessions().find((s) => s.status === 'completed')!;
    const moving = sb.lifeState().pending[0];
    sb.update(done.id, { status: 'running' });
    sb.update(moving.id, { status: 'archived' });
    const pending = new Set(sb.lifeState().pending.map((p) => p.id));
    assert.ok(pending.has(done.id));
    assert.ok(!pending.has(moving.id));
    const changes = sb.advance(120 * MINUTE);
    assert.ok(changes.some((c) => c.id === done.id && c.from === 'running'));
    assert.ok(!changes.some((c) => c.id === moving.id));
    assert.equal(byId(sb.sessions()).get(moving.id)!.status, 'archived');
  });

  it('reset() starts the life again from the seed', async () => {
    const sb = await start({ life: { speed: 0 }, now: new FakeClock().now });
    const initial = sb.sessions();
    const first = sb.advance(10 * MINUTE);
    sb.reset();
    assert.deepEqual(sb.sessions(), initial);
    assert.equal(sb.lifeState().changes, 0);
    assert.deepEqual(sb.advance(10 * MINUTE), first);
  });

  it('keeps the rate limit, faults and hold() working, and a held request answers with the state at release', async () => {
    const clock = new FakeClock();
    const sb = await start({ life: { speed: 0 }, now: clock.now, rateLimit: { limit: 3, windowMs: MINUTE } });
    sb.addFault({ method: 'GET', nth: 1, then: { status: 503, body: { error: 'down' } } });
    assert.equal((await list(sb)).status, 503);
    sb.hold();
    const held = list(sb, 'sort_by=updated_at&per_page=1');
    while (sb.held === 0) await new Promise((r) => setImmediate(r));
    const changes = sb.advance(5 * MINUTE);
    assert.ok(changes.length > 0);
    sb.release();
    const r = await held;
    assert.equal(r.status, 200);
    assert.equal(json(r).items[0].id, changes[changes.length - 1].id);
    assert.equal(json(r).items[0].updated_at, changes[changes.length - 1].at);
    assert.equal((await list(sb)).status, 200);
    assert.equal((await list(sb)).status, 200);
    assert.equal((await list(sb)).status, 429, 'the held request counted too');
  });

  it('leaves no timer behind: with a real clock it runs when asked, and close() leaves nothing running', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await new Promise((r) => setImmediate(r)); // after mocha has set this test's own timeout
    const before = timers();
    const sb = await start({ life: { speed: 1_000_000 } });
    const startedAt = Date.now();
    while (Date.now() === startedAt) await new Promise((r) => setImmediate(r));
    assert.equal((await list(sb)).status, 200);
    assert.ok(sb.lifeState().changes > 0, 'a real millisecond is 1000 s of life at this speed');
    sb.advance(MINUTE);
    assert.equal(timers(), before, 'the life runs on no timer');
    await sb.close();
    assert.equal(timers(), before);
  });

  describe('over HTTP (/__sandbox/life), for tests in another process', () => {
    const control = (sb: Sandbox, path: string, method = 'GET', body?: unknown): Promise<RawResponse> =>
      raw(`${sb.origin}/__sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });

    it('GET /life shows the state; POST /life/advance and /life/step move it, and the API shows the changes', async () => {
      const sb = await start({ life: { speed: 0 } });
      const twin = await start({ life: { speed: 0 } });
      const state = json(await control(sb, '/life')) as LifeState;
      assert.equal(state.enabled, true);
      assert.equal(state.speed, 0);
      assert.deepEqual(state.pending.map((p) => p.id).sort(), sb.sessions().filter((s) => IN_PROGRESS.includes(s.status)).map((s) => s.id).sort());

      const r = await control(sb, '/life/advance', 'POST', { ms: 10 * MINUTE });
      assert.equal(r.status, 200);
      const { changes } = json(r) as { changes: LifeChange[] };
      assert.ok(changes.length > 0);
      assert.deepEqual(moves(changes), moves(twin.advance(10 * MINUTE)), 'the same as in process');
      const last = changes[changes.length - 1];
      const top = json(await list(sb, 'sort_by=updated_at&sort_order=desc&per_page=1')).items[0];
      assert.deepEqual({ id: top.id, status: top.status, updated_at: top.updated_at }, { id: last.id, status: last.to, updated_at: last.at });
      const held = (json(await control(sb, '/sessions')) as SessionRecord[]).find((s) => s.id === last.id)!;
      assert.equal(held.status, last.to);

      const stepped = (json(await control(sb, '/life/step', 'POST', { count: 2 })) as { changes: LifeChange[] }).changes;
      assert.deepEqual(moves(stepped), moves(twin.lifeStep(2)));
      const single = (json(await control(sb, '/life/step', 'POST')) as { changes: LifeChange[] }).changes;
      assert.equal(single.length, 1, 'one step without a body');
      const after = json(await control(sb, '/life')) as LifeState;
      assert.equal(after.changes, changes.length + 3);
      assert.deepEqual(after.recent.slice(-3), [...stepped, ...single]);
      assert.equal(sb.requests.filter((q) => q.path.startsWith('/__sandbox')).length, 0, 'control calls are not recorded');
    });

    it('answers 400 for a bad body and 409 when the life is off', async () => {
      const sb = await start({ life: { speed: 0 } });
      for (const body of [{}, { ms: -1 }, { ms: 'soon' }, [60_000], '{nope']) {
        assert.equal((await control(sb, '/life/advance', 'POST', body)).status, 400, JSON.stringify(body));
      }
      for (const body of [{ count: 0 }, { count: 1.5 }, { count: '2' }]) {
        assert.equal((await control(sb, '/life/step', 'POST', body)).status, 400, JSON.stringify(body));
      }
      assert.equal(sb.lifeState().changes, 0);
      const off = await start({});
      assert.equal(json(await control(off, '/life')).enabled, false);
      const refused = await control(off, '/life/advance', 'POST', { ms: MINUTE });
      assert.equal(refused.status, 409);
      assert.match((json(refused) as { error: string }).error, /life is off/);
      assert.equal((await control(off, '/life/step', 'POST', { count: 1 })).status, 409);
    });

    it('a process that used the life with a real clock ends by itself after close()', async function () {
      this.timeout(20_000);
      const root = join(__dirname, '..', '..', '..');
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'lifeThenClose.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, out);
      const m = /closed (\d+) (\d+) (\d+) (\d+)/.exec(out);
      assert.ok(m, out);
      assert.deepEqual(m.slice(1, 4), ['200', '200', '200']);
      assert.ok(Number(m[4]) > 0, 'the life moved');
    });
  });
});
