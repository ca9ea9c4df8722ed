// Response builders for the API tests: sessions and each list envelope PG:AI uses.

export interface RawSession {
  id?: unknown;
  [field: string]: unknown;
}

export function session(n: number, extra: Record<string, unknown> = {}): RawSession {
  return {
    id: `sess-${n}`,
    title: `Session ${n}`,
    type: 'chat',
    status: 'active',
    company_id: null,
    created_at: `2026-01-${String((n % 28) + 1).padStart(2, '0')}T10:00:00Z`,
    updated_at: null,
    ...extra,
  };
}

export function sessions(count: number, from = 1): RawSession[] {
  return Array.from({ length: count }, (_, i) => session(from + i));
}

export const envelopes = {
  items: (items: unknown[], meta: { total?: number; page?: number; perPage?: number } = {}) => ({
    items,
    total: meta.total,
    page: meta.page,
    per_page: meta.perPage,
  }),
  territories: (items: unknown[], page: number, perPage: number, total: number) => {
    const pageTotal = Math.ceil(total / perPage);
    return {
      itemsReceived: items.length,
      curPage: page,
      nextPage: page < pageTotal ? page + 1 : null,
      prevPage: page > 1 ? page - 1 : null,
      offset: (page - 1) * perPage,
      perPage,
      itemsTotal: total,
      pageTotal,
      items,
    };
  },
  dataPagination: (items: unknown[], page: number, perPage: number, total: number) => ({
    data: items,
    pagination: { page, per_page: perPage, total },
  }),
  dataLimit: (items: unknown[], page: number, limit: number, total: number) => ({
    data: items,
    pagination: { page, limit, total },
  }),
  nestedData: (items: unknown[], page: number, perPage: number, total: number) => ({
    data: { items, total, page, per_page: perPage },
  }),
};
