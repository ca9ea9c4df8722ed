// Which streams (paged queries) the tree is built from, per grouping and filters.
//
// - Type at the top (typeThenStatus, type): one group per documented type, each paging its own
//   stream with the API's `type` filter, so expanding or paging "Chat" fetches only chat
//   sessions. Plus "Other types" (only when no type filter is set): sessions whose type is
//   missing or undocumented can only be found in the unfiltered list, so that group pages the
//   unfiltered stream and keeps only such sessions ("Search 25 more…", counts say "searched").
//   typeThenStatus buckets each type group's stream by status below it.
// - Status at the top (status, statusThenType) or no grouping (none): statuses are undocumented
//   and cannot be enumerated, so the root pages ONE stream and buckets it by status (then
//   type); its "Load more" item sits at the end of the root.
// - filter.type: in type groupings only those types' groups appear. Elsewhere one type is sent
//   as `type`; several types (the API takes one) page the unfiltered stream and keep the chosen
//   types client-side (counts then say "searched", not "of total").
import type { ListQuery, Session } from '../../api/types';
import { SESSION_TYPES } from '../../api/types';
import { baseQuery, type SessionsSettings } from './sessionsSettings';
import { statusGroupKey } from './statusInfo';
import { OTHER_TYPE, typeKeyOf, type TypeKey } from './typeInfo';

/** A dimension sessions are bucketed by below the stream. */
export type Level = 'status' | 'type';

export interface StreamSpec {
  readonly id: string;
  /** The query without `page`. */
  readonly query: ListQuery;
  /** Client-side filter; absent = every session of the query belongs to the stream. */
  readonly accept?: (session: Session) => boolean;
  readonly levels: readonly Level[];
}

export function levelKey(level: Level, session: Session): string {
  if (level === 'type') return typeKeyOf(session.type);
  return statusGroupKey(session.status);
}

interface TypeGroupSpec {
  readonly key: TypeKey;
  readonly stream: StreamSpec;
}

export type Layout =
  | { readonly kind: 'groups'; readonly groups: readonly TypeGroupSpec[] }
  | { readonly kind: 'stream'; readonly stream: StreamSpec };

const ROOT_STREAM_ID = 'root';

function isOther(session: Session): boolean {
  return typeKeyOf(session.type) === OTHER_TYPE;
}

export function planLayout(settings: SessionsSettings): Layout {
  const base: ListQuery = baseQuery(settings);
  const types = settings.filter.types;
  const { groupBy } = settings;
  if (groupBy === 'typeThenStatus' || groupBy === 'type') {
    const levels: Level[] = groupBy === 'typeThenStatus' ? ['status'] : [];
    const shown = types.length > 0 ? types : SESSION_TYPES;
    const groups: TypeGroupSpec[] = shown.map((type) => ({
      key: type,
      stream: { id: `t:${type}`, query: { ...base, type }, levels },
    }));
    if (types.length === 0) {
      groups.push({ key: OTHER_TYPE, stream: { id: `t:${OTHER_TYPE}`, query: base, accept: isOther, levels } });
    }
    return { kind: 'groups', groups };
  }
  const levels: Level[] = groupBy === 'status' ? ['status'] : groupBy === 'statusThenType' ? ['status', 'type'] : [];
  if (types.length === 1) {
    return { kind: 'stream', stream: { id: ROOT_STREAM_ID, query: { ...base, type: types[0] }, levels } };
  }
  if (types.length > 1) {
    const wanted = new Set<string>(types);
    const accept = (s: Session) => typeof s.type === 'string' && wanted.has(s.type);
    return { kind: 'stream', stream: { id: ROOT_STREAM_ID, query: base, accept, levels } };
  }
  return { kind: 'stream', stream: { id: ROOT_STREAM_ID, query: base, levels } };
}
