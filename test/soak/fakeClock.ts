// A fake clock for the soak: replaces the global setTimeout/clearTimeout/setInterval/
// clearInterval and Date.now while installed, and keeps every pending timer with the stack that
// created it, so "no timer left behind" can be checked for timers created by our own code
// (src/). Real I/O (loopback sockets) keeps running; `settle()` waits for a promise in real time
// and only moves the fake clock when nothing else can make progress.

interface FakeTimer {
  readonly id: number;
  at: number;
  readonly callback: () => void;
  readonly interval?: number;
  readonly stack: string;
}

const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  dateNow: Date.now,
};

/** A handle that looks enough like Node's Timeout for code that calls unref/ref/hasRef. */
class FakeHandle {
  constructor(readonly id: number) {}
  unref(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

export class FakeClock {
  now: number;
  private readonly timers = new Map<number, FakeTimer>();
  private nextId = 1;
  private installed = false;
  /** Fake timers fired so far. */
  fired = 0;

  constructor(start: number) {
    this.now = start;
  }

  /** Real-time helpers (unaffected by install()). */
  static realDelay(ms: number): Promise<void> {
    return new Promise((resolve) => real.setTimeout(resolve, ms));
  }

  install(): void {
    if (this.installed) return;
    this.installed = true;
    const add = (callback: () => void, ms: number | undefined, interval: boolean): FakeHandle => {
      const id = this.nextId++;
      const delay = Math.max(0, Number(ms) || 0);
      this.timers.set(id, { id, at: this.now + delay, callback, interval: interval ? Math.max(1, delay) : undefined, stack: new Error().stack ?? '' });
      return new FakeHandle(id);
    };
    const remove = (handle: unknown) => {
      if (handle instanceof FakeHandle) this.timers.delete(handle.id);
      else if (typeof handle === 'number') this.timers.delete(handle);
    };
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => add(() => callback(...args), ms, false);
    g.setInterval = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => add(() => callback(...args), ms, true);
    g.clearTimeout = remove;
    g.clearInterval = remove;
    Date.now = () => this.now;
  }

  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = real.setTimeout;
    g.clearTimeout = real.clearTimeout;
    g.setInterval = real.setInterval;
    g.clearInterval = real.clearInterval;
    Date.now = real.dateNow;
  }

  /** Pending timers whose creation stack passes through `pathPart` (e.g. '/src/'). */
  pendingFrom(pathPart: string): string[] {
    const out: string[] = [];
    for (const timer of this.timers.values()) {
      const frames = timer.stack.split('\n').slice(2);
      const ours = frames.find((frame) => frame.includes(pathPart) && !frame.includes('/node_modules/'));
      if (ours) out.push(`${ours.trim()} (due in ${timer.at - this.now} ms)`);
    }
    return out;
  }

  get pendingCount(): number {
    return this.timers.size;
  }

  private due(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at <= limit && (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id))) best = timer;
    }
    return best;
  }

  private fire(timer: FakeTimer): void {
    if (timer.interval !== undefined) timer.at += timer.interval;
    else this.timers.delete(timer.id);
    this.fired++;
    timer.callback();
  }

  /** Moves the clock forward by `ms`, firing every timer due on the way (in order). */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      const timer = this.due(target);
      if (!timer) break;
      this.now = Math.max(this.now, timer.at);
      this.fire(timer);
      await flush();
    }
    this.now = target;
    await flush();
  }

  /**
   * Waits for `promise`: lets real I/O run, and when the promise is still pending after
   * `patienceMs` of real time, jumps the clock to the next timer (a timeout, a backoff).
   */
  async settle<T>(promise: Promise<T>, patienceMs = 15): Promise<T> {
    let done = false;
    const tracked = promise.finally(() => {
      done = true;
    });
    tracked.catch(() => undefined);
    let idle = 0;
    for (let guard = 0; guard < 100_000; guard++) {
      await flush();
      if (done) return tracked;
      await FakeClock.realDelay(1);
      if (done) return tracked;
      idle += 1;
      if (idle >= patienceMs) {
        idle = 0;
        const next = this.due(Number.POSITIVE_INFINITY);
        if (next) await this.advance(Math.max(0, next.at - this.now));
      }
    }
    throw new Error('FakeClock.settle: the promise never settled');
  }
}

/** Lets pending promise callbacks run (a few real turns of the event loop). */
async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => real.setImmediate(resolve));
}
