// The sessions the sandbox holds: seeded ones plus created ones; filter, sort, paginate, create.
import { anchorFor, generateSessions, TYPES, UUID_RE } from './data';
import { loadData, saveData } from './persist';
import type { ListQuery, SortBy, SortOrder } from './query';
import type { SessionFilter, SessionRecord } from './types';
import { uuid7Factory } from './uuid7';

const MAX_TITLE = 500;

export interface CreateInput {
  title: string;
  type: string;
  company_id: string | null;
}

export interface ListResult {
  items: SessionRecord[];
  total: number;
  page: number;
  perPage: number;
}

export interface StoreOptions {
  seed: number;
  count: number;
  nowMs: number;
  dataFile?: string;
}

/** Validates a POST body (already JSON-parsed; undefined when the body was empty). */
export function parseCreateBody(body: unknown): { input: CreateInput } | { error: string } {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) return { error: 'Body must be a JSON object' };
  const { title, company_id: companyId, type } = body as Record<string, unknown>;
  if (title !== undefined && title !== null && typeof title !== 'string') return { error: 'title must be a string' };
  if (typeof title === 'string' && [...title].length > MAX_TITLE) {
    return { error: `title must be at most ${MAX_TITLE} characters` };
  }
  if (companyId !== undefined && companyId !== null && (typeof companyId !== 'string' || !UUID_RE.test(companyId))) {
    return { error: 'company_id must be a UUID' };
  }
  return {
    input: {
      title: typeof title === 'string' && title.trim() !== '' ? title : 'Untitled',
      // The docs: "defaults to chat if missing or invalid".
      type: typeof type === 'string' && (TYPES as readonly string[]).includes(type) ? type : 'chat',
      company_id: typeof companyId === 'string' ? companyId : null,
    },
  };
}

function compareBy(sortBy: SortBy, order: SortOrder): (a: SessionRecord, b: SessionRecord) => number {
  const sign = order === 'asc' ? 1 : -1;
  const key = (s: SessionRecord): string =>
    sortBy === 'title' ? (typeof s.title === 'string' ? s.title.toLowerCase() : '') : String(s[sortBy] ?? '');
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -sign : sign;
    // Tie-break by id in the same direction, so desc is exactly asc reversed.
    return a.id === b.id ? 0 : a.id < b.id ? -sign : sign;
  };
}

function matches(s: SessionRecord, f: SessionFilter): boolean {
  if (f.status !== undefined && s.status !== f.status) return false;
  if (f.type !== undefined && s.type !== f.type) return false;
  if (f.company_id !== undefined && s.company_id !== f.company_id) return false;
  if (f.search !== undefined && f.search !== '') {
    if (typeof s.title !== 'string' || !s.title.toLowerCase().includes(f.search.toLowerCase())) return false;
  }
  return true;
}

export class SessionStore {
  private seeded: SessionRecord[];
  private created: SessionRecord[] = [];
  private hidden = new Set<string>();
  private sorted = new Map<string, SessionRecord[]>();
  private readonly newId = uuid7Factory();

  constructor(private readonly options: StoreOptions) {
    this.seeded = generateSessions(options.seed, options.count, anchorFor(options.nowMs));
    if (options.dataFile) {
      const data = loadData(options.dataFile);
      this.created = data.created;
      this.hidden = new Set(data.hidden);
    }
  }

  /** Every session, hidden ones included, in the given order (cached until the next change). */
  private ordered(sortBy: SortBy = 'created_at', order: SortOrder = 'desc'): SessionRecord[] {
    const cacheKey = `${sortBy} ${order}`;
    let list = this.sorted.get(cacheKey);
    if (!list) {
      list = [...this.created, ...this.seeded].sort(compareBy(sortBy, order));
      this.sorted.set(cacheKey, list);
    }
    return list;
  }

  all(): SessionRecord[] {
    return this.ordered();
  }

  /** Visible sessions matching the filter, default order. */
  filter(f: SessionFilter, sortBy?: SortBy, order?: SortOrder): SessionRecord[] {
    return this.ordered(sortBy, order).filter((s) => !this.hidden.has(s.id) && matches(s, f));
  }

  list(q: ListQuery, ignorePage = false): ListResult {
    const all = this.filter(q, q.sortBy, q.sortOrder);
    const page = ignorePage ? 1 : q.page;
    const start = (page - 1) * q.perPage;
    return { items: all.slice(start, start + q.perPage), total: all.length, page, perPage: q.perPage };
  }

  /** Every session, hidden ones included, seeded ones first then created ones in order (the records themselves). */
  records(): readonly SessionRecord[] {
    return [...this.seeded, ...this.created];
  }

  get(id: string): SessionRecord | undefined {
    return this.created.find((s) => s.id === id) ?? this.seeded.find((s) => s.id === id);
  }

  create(input: CreateInput, nowMs: number, hidden = false, status = 'active'): SessionRecord {
    const at = new Date(nowMs).toISOString();
    const record: SessionRecord = {
      id: this.newId(nowMs),
      title: input.title,
      type: input.type,
      status,
      company_id: input.company_id,
      created_at: at,
      updated_at: at,
    };
    this.created.push(record);
    if (hidden) this.hidden.add(record.id);
    this.changed();
    return record;
  }

  /**
   * Changes a session as the agent or another user would (status, type, title, company), bumping
   * its `updated_at`. Returns the updated record, or undefined for an unknown id.
   */
  update(id: string, changes: Partial<Pick<SessionRecord, 'status' | 'type' | 'title' | 'company_id'>>, nowMs: number): SessionRecord | undefined {
    const record = this.get(id);
    if (!record) return undefined;
    Object.assign(record, changes, { updated_at: new Date(nowMs).toISOString() });
    this.changed();
    return record;
  }

  /**
   * Sets several sessions' statuses at once (one cache flush, one save). Each change with `atMs`
   * bumps updated_at to it; without, the session's times are kept (a starting state).
   */
  setStatuses(changes: readonly { id: string; status: string; atMs?: number }[]): void {
    if (changes.length === 0) return;
    for (const c of changes) {
      const record = this.get(c.id);
      if (!record) continue;
      record.status = c.status;
      if (c.atMs !== undefined) record.updated_at = new Date(c.atMs).toISOString();
    }
    this.changed();
  }

  /** Back to the seeded data only (the data file, if any, is emptied too). */
  reset(): void {
    this.seeded = generateSessions(this.options.seed, this.options.count, anchorFor(this.options.nowMs));
    this.created = [];
    this.hidden.clear();
    this.changed();
  }

  private changed(): void {
    this.sorted.clear();
    if (this.options.dataFile) {
      saveData(this.options.dataFile, { created: this.created, hidden: [...this.hidden] });
    }
  }
}
