// What goes over the wire, apart from how it is sent: the list request's query string, the
// create request's body, and a response body read as JSON (or a clear error saying why not).
import { invalidResponse, requestIdOf } from './errorMap';
import type { Redactor } from './redact';
import type { RawResponse } from './transport';
import { type CreateSessionInput, type ListQuery, clampPerPage } from './types';

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b|^text\/json\b/i;

/** A value worth sending: trimmed, and undefined when blank. */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function clampPage(page: number | undefined): number {
  if (page === undefined || !Number.isFinite(page)) return 1;
  return Math.max(1, Math.floor(page));
}

/** The list request's page, page size and query string (blank filters left out). */
export function listSearch(query: ListQuery): { readonly page: number; readonly perPage: number; readonly search: string } {
  const page = clampPage(query.page);
  const perPage = clampPerPage(query.perPage);
  const params = new URLSearchParams({ page: String(page), per_page: String(perPage) });
  const filters: [string, string | undefined][] = [
    ['status', query.status],
    ['type', query.type],
    ['company_id', query.companyId],
    ['search', query.search],
    ['sort_by', query.sortBy],
    ['sort_order', query.sortOrder],
  ];
  for (const [name, value] of filters) {
    const kept = present(value);
    if (kept !== undefined) params.set(name, kept);
  }
  return { page, perPage, search: params.toString() };
}

/** The create request's JSON body (blank fields left out, so the server applies its defaults). */
export function createBody(input: CreateSessionInput): string {
  const body: Record<string, string> = {};
  const title = present(input.title);
  const type = present(input.type);
  const companyId = present(input.companyId);
  if (title !== undefined) body.title = title;
  if (type !== undefined) body.type = type;
  if (companyId !== undefined) body.company_id = companyId;
  return JSON.stringify(body);
}

/** A 2xx body as JSON; an InvalidResponse error (with the request id) when it is not JSON. */
export function readJson(raw: RawResponse, redact: Redactor): unknown {
  const requestId = () => requestIdOf(raw.headers, redact);
  const type = raw.headers['content-type'];
  const contentType = (Array.isArray(type) ? type[0] : type)?.trim();
  if (contentType && !JSON_TYPE.test(contentType)) {
    const shown = redact(contentType.split(';')[0].slice(0, 60));
    throw invalidResponse(`PG:AI sent a response that is not JSON (${shown}).`, requestId(), raw.status);
  }
  const text = raw.body.toString('utf8').trim();
  if (text === '') throw invalidResponse('PG:AI sent an empty response.', requestId(), raw.status);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidResponse('PG:AI sent a response that is not valid JSON.', requestId(), raw.status);
  }
}
