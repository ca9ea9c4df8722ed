// Where the API's sort places a session, as far as the client can tell: the known sorts
// (`updated_at`, `created_at`, `title`, either order) compare two sessions; any other sort, or a
// session without the sort's field, cannot be placed by the client.
import type { ListQuery, Session } from '../../api/types';
import { parseTime } from './relativeTime';

/** Negative: `a` sorts before `b`; undefined: the client cannot tell. */
export type SortCompare = (a: Session, b: Session) => number | undefined;

function timeKey(field: 'createdAt' | 'updatedAt'): (s: Session) => number | undefined {
  return (s) => parseTime(s[field]);
}

function titleKey(s: Session): string | undefined {
  return typeof s.title === 'string' ? s.title.toLowerCase() : undefined;
}

/** The comparison a query's sort implies, or undefined for a sort the client does not know. */
export function sortCompare(query: ListQuery): SortCompare | undefined {
  const { sortBy, sortOrder } = query;
  const key = sortBy === 'updated_at' ? timeKey('updatedAt') : sortBy === 'created_at' ? timeKey('createdAt') : sortBy === 'title' ? titleKey : undefined;
  if (key === undefined) return undefined;
  const sign = sortOrder === 'asc' ? 1 : -1;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === undefined || kb === undefined) return undefined;
    return ka < kb ? -sign : ka > kb ? sign : 0;
  };
}

/**
 * Whether a loaded session that is not on a refreshed (full) first page may still belong to the
 * query, further down. Only a sort on a time that cannot move a session later tells: creation
 * time (fixed) in either order, or update time newest first (an update moves a session up).
 * Then a session whose key sorts strictly inside page 1's range would be on page 1 if it still
 * matched. Any other sort (title, oldest update first, unknown), or a missing time, keeps it.
 */
export function mayHaveMovedDown(query: ListQuery, session: Session, pageSessions: readonly Session[]): boolean {
  const { sortBy, sortOrder } = query;
  const field = sortBy === 'created_at' ? 'createdAt' : sortBy === 'updated_at' && sortOrder !== 'asc' ? 'updatedAt' : undefined;
  if (field === undefined) return true;
  const last = parseTime(pageSessions[pageSessions.length - 1]?.[field]);
  const key = parseTime(session[field]);
  if (last === undefined || key === undefined) return true;
  return sortOrder === 'asc' ? key >= last : key <= last;
}

/**
 * The newer of two copies of one session by `updated_at` (the server's clock on both): an
 * answer that was on its way while a newer copy arrived never takes the view back. Without both
 * times, the incoming copy wins.
 */
export function newerCopy(current: Session | undefined, incoming: Session): Session {
  if (current === undefined) return incoming;
  const a = parseTime(current.updatedAt);
  const b = parseTime(incoming.updatedAt);
  return a !== undefined && b !== undefined && a > b ? current : incoming;
}
