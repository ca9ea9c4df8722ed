// Parses and validates the query of GET /agent/sessions (the 400s the sandbox decides on).
import type { SessionFilter } from './types';

export type SortBy = 'created_at' | 'updated_at' | 'title';
export type SortOrder = 'asc' | 'desc';

export interface ListQuery extends SessionFilter {
  page: number;
  perPage: number;
  sortBy: SortBy;
  sortOrder: SortOrder;
}

export const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 50;

const SORT_BY: readonly string[] = ['created_at', 'updated_at', 'title'];
const SORT_ORDER: readonly string[] = ['asc', 'desc'];

function positiveInt(raw: string | null): number | undefined | 'bad' {
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw)) return 'bad';
  const n = Number(raw);
  return n >= 1 ? n : 'bad';
}

/** Empty filter values count as absent (the client never sends them, curl users might). */
function filter(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v === '' ? undefined : v;
}

export function parseListQuery(params: URLSearchParams): { query: ListQuery } | { error: string } {
  const page = positiveInt(params.get('page'));
  if (page === 'bad') return { error: 'page must be a positive integer' };
  const perPage = positiveInt(params.get('per_page'));
  if (perPage === 'bad' || (perPage !== undefined && perPage > MAX_PER_PAGE)) {
    return { error: `per_page must be between 1 and ${MAX_PER_PAGE}` };
  }
  const sortBy = filter(params, 'sort_by') ?? 'created_at';
  if (!SORT_BY.includes(sortBy)) return { error: 'Invalid sort_by' };
  const sortOrder = filter(params, 'sort_order') ?? 'desc';
  if (!SORT_ORDER.includes(sortOrder)) return { error: 'Invalid sort_order' };
  return {
    query: {
      page: page ?? 1,
      perPage: perPage ?? DEFAULT_PER_PAGE,
      sortBy: sortBy as SortBy,
      sortOrder: sortOrder as SortOrder,
      status: filter(params, 'status'),
      type: filter(params, 'type'),
      company_id: filter(params, 'company_id'),
      search: filter(params, 'search'),
    },
  };
}
