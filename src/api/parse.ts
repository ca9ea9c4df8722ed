// Tolerant parsing of PG:AI responses. The API docs leave open where a list's items sit (a bare
// array, or under items, data, sessions or results, possibly one level down), how paging is
// reported (at the top, under `pagination` or `meta`, in snake_case or camelCase) and which
// session fields are present; its other endpoints use several envelopes. So every such shape is
// accepted, and anything unrecognisable becomes PgaiError('invalidResponse').

import { PgaiError } from './errors';
import type { Session, SessionPage } from './types';

type Json = Record<string, unknown>;

/** Keys under which a list of sessions may sit, in order of preference. */
const LIST_KEYS = ['items', 'data', 'sessions', 'results'] as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer reached us, so the request did reach the server (PgaiError's default). */
function invalid(message: string): PgaiError {
  return new PgaiError('invalidResponse', message);
}

/** A finite number, or a numeric string; otherwise undefined. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

function positiveInt(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}

function nonNegative(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && n >= 0 ? n : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function first(obj: Json, ...keys: string[]): unknown {
  for (const key of keys) {
    const value = obj[key];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** `first` for two keys, without the rest-argument array (it runs for every field of every session). */
function either(obj: Json, a: string, b: string): unknown {
  const value = obj[a];
  return value !== undefined && value !== null ? value : (obj[b] ?? undefined);
}

/** A session from one list item or create response, or undefined when it has no usable id. */
export function toSession(item: unknown): Session | undefined {
  if (!isObject(item)) return undefined;
  const rawId = item.id;
  let id: string | undefined;
  if (typeof rawId === 'string' && rawId.trim() !== '') id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
  if (id === undefined) return undefined;
  return {
    id,
    title: text(either(item, 'title', 'name')),
    type: text(either(item, 'type', 'session_type')),
    status: text(item.status ?? undefined),
    companyId: text(either(item, 'company_id', 'companyId')),
    createdAt: text(either(item, 'created_at', 'createdAt')),
    updatedAt: text(either(item, 'updated_at', 'updatedAt')),
    // The parsed body belongs to this client alone, so its object is kept as is, not copied:
    // copying every item doubled the garbage of a page and slowed concurrent paging.
    raw: item,
  };
}

/** Paging hints an envelope may carry. */
interface Meta {
  page?: number;
  perPage?: number;
  total?: number;
  pageTotal?: number;
  /** true/false when the envelope says outright whether a next page exists. */
  next?: boolean;
}

interface Envelope {
  items: unknown[];
  meta: Meta;
}

function readMeta(obj: Json): Meta {
  const meta: Meta = {
    page: positiveInt(first(obj, 'page', 'curPage', 'current_page', 'currentPage')),
    perPage: positiveInt(first(obj, 'per_page', 'perPage', 'limit', 'page_size', 'pageSize')),
    total: nonNegative(first(obj, 'total', 'itemsTotal', 'total_count', 'totalCount')),
    pageTotal: nonNegative(first(obj, 'pageTotal', 'total_pages', 'totalPages', 'page_count')),
  };
  if ('nextPage' in obj || 'next_page' in obj) {
    const next = obj.nextPage ?? obj.next_page;
    meta.next = next !== null && next !== undefined && next !== false;
  } else {
    const more = first(obj, 'has_more', 'hasMore', 'has_next', 'hasNext');
    if (typeof more === 'boolean') meta.next = more;
  }
  return meta;
}

function mergeMeta(inner: Meta, outer: Meta): Meta {
  return {
    page: inner.page ?? outer.page,
    perPage: inner.perPage ?? outer.perPage,
    total: inner.total ?? outer.total,
    pageTotal: inner.pageTotal ?? outer.pageTotal,
    next: inner.next ?? outer.next,
  };
}

function findEnvelope(body: unknown, depth: number): Envelope | undefined {
  if (Array.isArray(body)) return { items: body, meta: {} };
  if (!isObject(body)) return undefined;
  const own = readMeta(body);
  const pagination = isObject(body.pagination)
    ? readMeta(body.pagination)
    : isObject(body.meta)
      ? readMeta(body.meta)
      : {};
  const meta = mergeMeta(pagination, own);
  for (const key of LIST_KEYS) {
    const value = body[key];
    if (Array.isArray(value)) return { items: value, meta };
  }
  // The list nested one level down: {data: {items: [...], total: ...}}.
  if (depth === 0) {
    for (const key of LIST_KEYS) {
      const value = body[key];
      if (isObject(value)) {
        const inner = findEnvelope(value, depth + 1);
        if (inner) return { items: inner.items, meta: mergeMeta(inner.meta, meta) };
      }
    }
  }
  // An explicit null list, or `{}` (the documented example), is an empty list.
  if (LIST_KEYS.some((key) => key in body && body[key] === null)) return { items: [], meta };
  if (Object.keys(body).length === 0) return { items: [], meta };
  return undefined;
}

function describe(body: unknown): string {
  // (An array is always a list, so it never comes here.)
  if (body === null) return 'null';
  if (typeof body === 'object') return 'an object without a list of sessions';
  return `a ${typeof body}`;
}

/**
 * One page of sessions from a GET /agent/sessions body, whatever the envelope. Items that are not
 * objects or have no id are counted in `skipped`. Throws PgaiError('invalidResponse').
 */
export function parseSessionList(body: unknown, asked: { page: number; perPage: number }): SessionPage {
  const envelope = findEnvelope(body, 0);
  if (!envelope) {
    throw invalid(`PG:AI sent an unexpected response to the session list (${describe(body)}).`);
  }
  const { items, meta } = envelope;
  const sessions: Session[] = [];
  for (const item of items) {
    const session = toSession(item);
    if (session) sessions.push(session);
  }
  const page = meta.page ?? asked.page;
  const perPage = meta.perPage ?? asked.perPage;
  let hasMore: boolean;
  if (items.length === 0) hasMore = false;
  else if (meta.next !== undefined) hasMore = meta.next;
  else if (meta.pageTotal !== undefined) hasMore = page < meta.pageTotal;
  else if (meta.total !== undefined) hasMore = (page - 1) * perPage + items.length < meta.total;
  else hasMore = items.length >= perPage;
  return {
    sessions,
    page,
    perPage,
    total: meta.total,
    hasMore,
    skipped: items.length - sessions.length,
  };
}

/**
 * The session in a POST /agent/sessions response: a bare object, or one wrapped in `data` or
 * `session`. Throws PgaiError('invalidResponse') (the request did reach the server).
 */
export function parseSession(body: unknown): Session {
  const candidates: unknown[] = [body];
  if (isObject(body)) candidates.push(body.data, body.session);
  for (const candidate of candidates) {
    const session = toSession(candidate);
    if (session) return session;
  }
  throw invalid('PG:AI accepted the request but its reply did not include the new session.');
}

const MAX_MESSAGE = 300;

function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if (trimmed === '') return undefined;
  return trimmed.length > MAX_MESSAGE ? `${trimmed.slice(0, MAX_MESSAGE - 1)}…` : trimmed;
}

/**
 * The server's message from an error body: `{"error": "msg"}`,
 * `{"error": {"type", "code", "message"}}`, `{"message": "msg"}` or `{"detail": "msg"}`.
 */
export function parseErrorBody(body: unknown): string | undefined {
  if (typeof body === 'string') return clean(body);
  if (!isObject(body)) return undefined;
  const { error } = body;
  if (isObject(error)) {
    const message = clean(error.message) ?? clean(error.detail) ?? clean(error.code) ?? clean(error.type);
    if (message) return message;
  } else if (clean(error)) {
    return clean(error);
  }
  if (Array.isArray(body.errors)) {
    for (const entry of body.errors) {
      const message = clean(entry) ?? (isObject(entry) ? clean(entry.message) : undefined);
      if (message) return message;
    }
  }
  return clean(body.message) ?? clean(body.detail) ?? clean(body.error_description);
}
