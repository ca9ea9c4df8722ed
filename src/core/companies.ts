// What Create Session… remembers about companies (only a UUID in this API): the ones used last
// on each API origin (kept in a small key-value store across restarts, ids only), and for each
// company seen in loaded sessions a hint that says which it is: its latest session's title and
// when it was updated.
import type { Session } from '../api/types';
import { isUuid } from './createFlow';
import { parseTime, relativeTime } from './sessions/relativeTime';
import { sessionLabel, truncate } from './sessions/text';
import { readIdList, withFirst, writeIdList, type IdStore } from './idList';

/** Companies remembered per origin: the most recently used. */
export const RECENT_COMPANIES_MAX = 8;
const KEY_PREFIX = 'pgai.recentCompanies:';
const HINT_TITLE_MAX = 60;

export class RecentCompanies {
  constructor(
    private readonly store: IdStore,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The companies used last on `origin`, most recent first (garbage in the store reads as nothing). */
  list(origin: string | undefined): string[] {
    if (origin === undefined) return [];
    return readIdList(this.store, KEY_PREFIX + origin, { max: RECENT_COMPANIES_MAX, accept: (id) => id.length <= 64 && isUuid(id), normalise: (id) => id.trim().toLowerCase() }, this.onError);
  }

  /** Remembers `companyId` as used on `origin` (an empty or non-UUID value is not a company). */
  use(origin: string | undefined, companyId: string | undefined): void {
    const id = companyId?.trim().toLowerCase() ?? '';
    if (origin === undefined || id === '' || !isUuid(id)) return;
    writeIdList(this.store, KEY_PREFIX + origin, withFirst(this.list(origin), id, RECENT_COMPANIES_MAX), this.onError);
  }
}

/** Per company (lower-case id): "Latest: “Acme discovery” · 2 h ago", from its most recently updated loaded session. */
export function companyHints(sessions: readonly Session[], now: number): Map<string, string> {
  const latest = new Map<string, { session: Session; at: number }>();
  for (const session of sessions) {
    if (!session.companyId) continue;
    const id = session.companyId.trim().toLowerCase();
    const at = parseTime(session.updatedAt ?? session.createdAt) ?? -Infinity;
    const seen = latest.get(id);
    if (!seen || at > seen.at) latest.set(id, { session, at });
  }
  const hints = new Map<string, string>();
  for (const [id, { session }] of latest) {
    const when = relativeTime(session.updatedAt ?? session.createdAt, now);
    const title = truncate(sessionLabel(session.title), HINT_TITLE_MAX);
    hints.set(id, when ? `Latest: “${title}” · ${when}` : `Latest: “${title}”`);
  }
  return hints;
}
