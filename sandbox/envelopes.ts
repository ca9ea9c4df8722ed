// Wraps one page of sessions in each of the list envelopes PG:AI uses across its endpoints.
import type { EnvelopeKind, SessionRecord } from './types';

export interface PageInfo {
  page: number;
  perPage: number;
  total: number;
}

export function envelope(kind: EnvelopeKind, items: readonly SessionRecord[], { page, perPage, total }: PageInfo): unknown {
  switch (kind) {
    case 'items':
      return { items, total, page, per_page: perPage };
    case 'territories': {
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
    }
    case 'dataPagination':
      return { data: items, pagination: { page, per_page: perPage, total } };
    case 'dataLimit':
      return { data: items, pagination: { page, limit: perPage, total } };
    case 'array':
      return items;
    case 'nestedData':
      return { data: { items, total, page, per_page: perPage } };
  }
}
