// Sessions that live: with the `life` option, sessions in progress move queued -> running ->
// waiting_for_input (and back to running) -> completed or failed, like real agent sessions.
// The life runs on "life time": the sandbox clock's time x speed, plus every advance(). Nothing
// runs on a timer; the server catches the life up with its clock on each request, and
// advance()/step() run it forward at once. Every choice (next status, how long a step takes)
// comes from a seeded PRNG drawn in the order the changes happen, so the same seed and the same
// sequence of operations give the same changes.
import { mulberry32, type Rng } from './data';
import type { LifeChange, LifeState, SessionRecord } from './types';

/** The statuses of a session that is still moving. */
export const IN_PROGRESS: readonly string[] = ['queued', 'running', 'waiting_for_input'];
/** Where a session's life ends; it never leaves them. */
export const FINISHED: readonly string[] = ['completed', 'failed'];

/** How long steps take, in life time (= ms at speed 1). */
const LIFE_TIMING = {
  /** A seeded session in progress makes its first change within this (spread, so changes keep coming). */
  firstMaxMs: 600_000,
  /** queued -> running and running -> next: between these. */
  stepMinMs: 45_000,
  stepMaxMs: 150_000,
  /** waiting_for_input -> running (someone answers): between these. */
  waitMinMs: 60_000,
  waitMaxMs: 300_000,
} as const;

/** With the life on, this share of all sessions (the newest `active` ones) starts queued. */
const QUEUED_SHARE = 0.02;

/** From running: the chances of each next status; after MAX_WAITS waits a session only finishes. */
const FROM_RUNNING: ReadonlyArray<readonly [string, number]> = [
  ['completed', 0.6],
  ['waiting_for_input', 0.25],
  ['failed', 0.15],
];
const FROM_RUNNING_TIRED: ReadonlyArray<readonly [string, number]> = [
  ['completed', 0.8],
  ['failed', 0.2],
];
const MAX_WAITS = 2;
const MAX_RECENT = 100;
const LIFE_SALT = 0x11fe_5eed;

/** What the life needs from the store. */
export interface LifeHost {
  /** Every session, in a stable order. */
  records(): readonly SessionRecord[];
  setStatuses(changes: readonly { id: string; status: string; atMs?: number }[]): void;
}

interface Entry {
  id: string;
  status: string;
  /** Life time of the next change. */
  dueMs: number;
  /** Schedule order, the tie-break between changes due at the same time. */
  seq: number;
  waits: number;
}

function isInProgress(status: unknown): status is string {
  return typeof status === 'string' && IN_PROGRESS.includes(status);
}

/** Checks a `life` option; returns the speed, or undefined when the life is off. Throws on a bad speed. */
export function lifeSpeed(option: boolean | { speed?: number } | undefined): number | undefined {
  if (option === undefined || option === false) return undefined;
  const speed = option === true ? 1 : (option.speed ?? 1);
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0) throw new RangeError('life.speed must be a finite number >= 0');
  return speed;
}

export class Life {
  private readonly rng: Rng;
  /** Life time run so far. */
  private elapsed = 0;
  /** The latest clock time the life has caught up with. */
  private lastClock: number;
  private lastStamp = -Infinity;
  private readonly entries = new Map<string, Entry>();
  private seq = 0;
  private made = 0;
  private readonly recent: LifeChange[] = [];

  constructor(
    seed: number,
    readonly speed: number,
    nowMs: number,
    private readonly host: LifeHost,
  ) {
    this.rng = mulberry32((seed ^ LIFE_SALT) >>> 0);
    this.lastClock = nowMs;
    const records = host.records();
    // A few of the newest sessions wait in the queue (the seeded data has no queued status).
    const newestActive = records
      .filter((s) => s.status === 'active')
      .sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? 1 : -1) : a.id < b.id ? 1 : -1));
    const queued = newestActive.slice(0, Math.round(records.length * QUEUED_SHARE));
    host.setStatuses(queued.map((s) => ({ id: s.id, status: 'queued' })));
    for (const s of records) {
      if (isInProgress(s.status)) this.schedule(s.id, s.status, this.between(0, LIFE_TIMING.firstMaxMs), s.status === 'waiting_for_input' ? 1 : 0);
    }
  }

  /** Runs the life up to the clock's `nowMs`; changes are stamped with the clock time they were due. */
  catchUp(nowMs: number): LifeChange[] {
    if (!(nowMs > this.lastClock)) return [];
    const fromClock = this.lastClock;
    const fromLife = this.elapsed;
    this.lastClock = nowMs;
    if (this.speed === 0) return [];
    const target = fromLife + (nowMs - fromClock) * this.speed;
    return this.runUntil(target, (due) => Math.min(nowMs, fromClock + Math.ceil((due - fromLife) / this.speed)));
  }

  /** Catches up with the clock, then runs `ms` of life time at once; those changes are stamped `nowMs`. */
  advance(ms: number, nowMs: number): LifeChange[] {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError('ms must be a finite number >= 0');
    const changes = this.catchUp(nowMs);
    changes.push(...this.runUntil(this.elapsed + ms, () => nowMs));
    return changes;
  }

  /** Catches up with the clock, then makes the next `count` scheduled changes, stamped `nowMs`. */
  step(count: number, nowMs: number): LifeChange[] {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
    const changes = this.catchUp(nowMs);
    const made: LifeChange[] = [];
    for (let i = 0; i < count; i++) {
      const e = this.next();
      if (!e) break;
      made.push(this.fire(e, nowMs));
    }
    this.commit(made);
    return [...changes, ...made];
  }

  /** A session created (or changed from outside) with this status joins or leaves the life. */
  sync(id: string, status: unknown): void {
    if (!isInProgress(status)) {
      this.entries.delete(id);
      return;
    }
    const e = this.entries.get(id);
    if (e) e.status = status;
    else this.schedule(id, status, this.delayAfter(status), 0);
  }

  state(): LifeState {
    return {
      enabled: true,
      speed: this.speed,
      elapsedMs: this.elapsed,
      changes: this.made,
      pending: [...this.entries.values()].sort(byDue).map((e) => ({ id: e.id, status: e.status, nextInMs: e.dueMs - this.elapsed })),
      recent: this.recent.map((c) => ({ ...c })),
    };
  }

  private runUntil(target: number, stampOf: (dueMs: number) => number): LifeChange[] {
    const made: LifeChange[] = [];
    for (let e = this.next(); e && e.dueMs <= target; e = this.next()) made.push(this.fire(e, stampOf(e.dueMs)));
    this.elapsed = Math.max(this.elapsed, target);
    this.commit(made);
    return made;
  }

  /** Makes one entry's change (not yet written to the store) and schedules its next one. */
  private fire(e: Entry, stampMs: number): LifeChange {
    this.elapsed = Math.max(this.elapsed, e.dueMs);
    const from = e.status;
    const to = from === 'running' ? this.weighted(e.waits >= MAX_WAITS ? FROM_RUNNING_TIRED : FROM_RUNNING) : 'running';
    const stamp = Math.max(Math.floor(stampMs), this.lastStamp + 1);
    this.lastStamp = stamp;
    if (isInProgress(to)) {
      this.schedule(e.id, to, this.delayAfter(to), e.waits + (to === 'waiting_for_input' ? 1 : 0));
    } else {
      this.entries.delete(e.id);
    }
    return { id: e.id, from, to, at: new Date(stamp).toISOString() };
  }

  private commit(made: readonly LifeChange[]): void {
    if (made.length === 0) return;
    this.host.setStatuses(made.map((c) => ({ id: c.id, status: c.to, atMs: Date.parse(c.at) })));
    this.made += made.length;
    this.recent.push(...made.map((c) => ({ ...c })));
    if (this.recent.length > MAX_RECENT) this.recent.splice(0, this.recent.length - MAX_RECENT);
  }

  private next(): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.entries.values()) if (!best || byDue(e, best) < 0) best = e;
    return best;
  }

  private schedule(id: string, status: string, delayMs: number, waits: number): void {
    this.entries.set(id, { id, status, dueMs: this.elapsed + delayMs, seq: this.seq++, waits });
  }

  private delayAfter(status: string): number {
    return status === 'waiting_for_input'
      ? this.between(LIFE_TIMING.waitMinMs, LIFE_TIMING.waitMaxMs)
      : this.between(LIFE_TIMING.stepMinMs, LIFE_TIMING.stepMaxMs);
  }

  private between(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min));
  }

  private weighted(choices: ReadonlyArray<readonly [string, number]>): string {
    let r = this.rng();
    for (const [value, p] of choices) {
      if (r < p) return value;
      r -= p;
    }
    return choices[choices.length - 1][0];
  }
}

function byDue(a: Entry, b: Entry): number {
  return a.dueMs !== b.dueMs ? a.dueMs - b.dueMs : a.seq - b.seq;
}
