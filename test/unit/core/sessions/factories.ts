// Small builders for sessions, pages and a fake API with canned, controllable responses.
import { PgaiError } from '../../../../src/api/errors';
import type { ListQuery, Session, SessionPage } from '../../../../src/api/types';
import type { StreamHost } from '../../../../src/core/sessions/stream';

let counter = 0;

export function session(overrides: Partial<Omit<Session, 'raw'>> & { raw?: Record<string, unknown> } = {}): Session {
  counter++;
  const id = overrides.id ?? `s-${String(counter).padStart(6, '0')}`;
  const base = {
    id,
    title: `Session ${counter}`,
    type: 'chat',
    status: 'completed',
    createdAt: '2026-03-01T12:00:00.000Z',
    updatedAt: '2026-03-02T12:00:00.000Z',
    ...overrides,
  };
  const raw: Record<string, unknown> = overrides.raw ?? {
    id,
    title: base.title,
    type: base.type,
    status: base.status,
    company_id: base.companyId ?? null,
    created_at: base.createdAt,
    updated_at: base.updatedAt,
  };
  return { ...base, id, raw };
}

export function sessions(n: number, overrides: Partial<Omit<Session, 'raw'>> = {}): Session[] {
  return Array.from({ length: n }, () => session(overrides));
}

export function page(list: readonly Session[], pageNumber: number, perPage: number, extra: Partial<SessionPage> = {}): SessionPage {
  return { sessions: list, page: pageNumber, perPage, hasMore: list.length === perPage, skipped: 0, ...extra };
}

interface Deferred {
  readonly query: ListQuery;
  readonly signal: AbortSignal;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * An in-memory GET /agent/sessions: filters by type/status/company like the API, pages with
 * page/per_page, and reports a total (unless `withTotal` is off). `hold` keeps responses back
 * until released, to test ordering; `failNext` makes the next request throw.
 */
export class FakeApi {
  data: Session[] = [];
  readonly requests: ListQuery[] = [];
  withTotal = true;
  hold = false;
  /** Held responses ignore their signal (a transport that answers after an abort). */
  ignoreAbort = false;
  ignorePage = false;
  /** Sorts by `sortBy=updated_at|created_at` like the API (off: the data's own order). */
  sorts = false;
  readonly held: Deferred[] = [];
  private failures: Error[] = [];

  constructor(data: Session[] = []) {
    this.data = data;
  }

  failNext(error: Error): void {
    this.failures.push(error);
  }

  matching(query: ListQuery): Session[] {
    const found = this.data.filter(
      (s) =>
        (query.type === undefined || s.type === query.type) &&
        (query.status === undefined || s.status === query.status) &&
        (query.companyId === undefined || s.companyId === query.companyId),
    );
    const field = query.sortBy === 'updated_at' ? 'updatedAt' : query.sortBy === 'created_at' ? 'createdAt' : undefined;
    if (!this.sorts || field === undefined) return found;
    const sign = query.sortOrder === 'asc' ? 1 : -1;
    return found.sort((a, b) => sign * ((a[field] ?? '') < (b[field] ?? '') ? -1 : (a[field] ?? '') > (b[field] ?? '') ? 1 : 0));
  }

  private answer(query: ListQuery): SessionPage {
    const perPage = Math.min(50, Math.max(1, query.perPage ?? 25));
    const pageNumber = this.ignorePage ? 1 : (query.page ?? 1);
    const all = this.matching(query);
    const slice = all.slice((pageNumber - 1) * perPage, pageNumber * perPage);
    return {
      sessions: slice,
      page: pageNumber,
      perPage,
      total: this.withTotal ? all.length : undefined,
      hasMore: this.withTotal ? pageNumber * perPage < all.length : slice.length === perPage,
      skipped: 0,
    };
  }

  listSessions = (query: ListQuery, signal: AbortSignal): Promise<SessionPage> => {
    this.requests.push(query);
    const failure = this.failures.shift();
    if (!this.hold) {
      return failure === undefined ? Promise.resolve(this.answer(query)) : Promise.reject(failure);
    }
    return new Promise<SessionPage>((resolve, reject) => {
      const deferred: Deferred = {
        query,
        signal,
        // Answers from the data as it is when released.
        resolve: () => (failure === undefined ? resolve(this.answer(query)) : reject(failure)),
        reject,
      };
      if (!this.ignoreAbort) signal.addEventListener('abort', () => reject(new PgaiError('cancelled', 'Cancelled.')));
      this.held.push(deferred);
    });
  };

  /** Releases the oldest held response. */
  release(): void {
    this.held.shift()?.resolve();
  }
}

/** Waits for pending promise callbacks. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeTimers {
  private next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();
  now = 1_000_000;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const handle = this.next++;
    this.pending.set(handle, { at: this.now + ms, callback });
    return handle;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  advance(ms: number): void {
    this.now += ms;
    for (const [handle, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(handle);
        timer.callback();
      }
    }
  }
}

/** A Stream's host for stream-level tests: fake timers, warnings collected, nothing else wired. */
export function streamHost(fetchPage: StreamHost['fetchPage'], warnings: string[] = []): StreamHost {
  const timers = new FakeTimers();
  return {
    fetchPage,
    loadStarted: () => undefined,
    changed: () => undefined,
    logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined },
    timers,
    now: () => timers.now,
    maxAutoRetries: 3,
  };
}
