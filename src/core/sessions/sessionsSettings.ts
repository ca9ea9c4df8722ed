// The view's settings (`pgai.sessions.*`), normalised, and their mapping onto the API's query
// parameters. Pure: the VS Code layer reads raw values and passes a getter in.
import { clampPerPage, DEFAULT_PER_PAGE, isSessionType, SESSION_TYPES, type ListQuery, type SessionType } from '../../api/types';
import { cleanText, truncate } from './text';
import { typeGroupInfo } from './typeInfo';

export const GROUP_BY_VALUES = ['typeThenStatus', 'statusThenType', 'type', 'status', 'none'] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];

const MIN_AUTO_REFRESH_SECONDS = 30;
const MIN_POLL_SECONDS = 10;
const MAX_POLL_SECONDS = 600;

interface SessionsFilter {
  /** Empty = every status. */
  readonly status: string;
  /** Empty = every type (documented types only, deduplicated, in the documented order). */
  readonly types: readonly SessionType[];
  readonly companyId: string;
  readonly search: string;
}

export interface SessionsSettings {
  readonly groupBy: GroupBy;
  readonly filter: SessionsFilter;
  readonly sortBy: string;
  readonly sortOrder: string;
  /** 1..50. */
  readonly pageSize: number;
  /** 0 = off, else at least 30. */
  readonly autoRefreshSeconds: number;
  /** How often to look for changes while something watched is in progress (seconds; 0 = off, else 10..600). */
  readonly pollSeconds: number;
}

/** Names under `pgai.sessions.` */
export const SETTING_KEYS = {
  groupBy: 'groupBy',
  status: 'filter.status',
  types: 'filter.type',
  companyId: 'filter.companyId',
  search: 'filter.search',
  sortBy: 'sortBy',
  sortOrder: 'sortOrder',
  pageSize: 'pageSize',
  autoRefreshSeconds: 'autoRefreshSeconds',
  pollSeconds: 'pollSeconds',
} as const;

export const DEFAULT_SETTINGS: SessionsSettings = {
  groupBy: 'typeThenStatus',
  filter: { status: '', types: [], companyId: '', search: '' },
  sortBy: 'updated_at',
  sortOrder: 'desc',
  pageSize: DEFAULT_PER_PAGE,
  autoRefreshSeconds: 0,
  pollSeconds: 15,
};

function str(value: unknown, max = 200): string {
  return typeof value === 'string' ? cleanText(value.slice(0, max * 4 + 64)).slice(0, max) : '';
}


function clampAutoRefresh(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : 0;
  if (n <= 0) return 0;
  return Math.min(3600, Math.max(MIN_AUTO_REFRESH_SECONDS, n));
}

function clampPollSeconds(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_SETTINGS.pollSeconds;
  const n = Math.floor(value);
  if (n <= 0) return 0;
  return Math.min(MAX_POLL_SECONDS, Math.max(MIN_POLL_SECONDS, n));
}

/** Settings from a getter of raw values keyed by the names in SETTING_KEYS. */
export function readSettings(get: (key: string) => unknown): SessionsSettings {
  const groupBy = get(SETTING_KEYS.groupBy);
  const rawTypes = get(SETTING_KEYS.types);
  const typeList = Array.isArray(rawTypes) ? rawTypes : typeof rawTypes === 'string' ? [rawTypes] : [];
  const wanted = new Set(typeList.filter(isSessionType));
  const sortBy = str(get(SETTING_KEYS.sortBy), 64);
  const sortOrder = str(get(SETTING_KEYS.sortOrder), 16);
  return {
    groupBy: (GROUP_BY_VALUES as readonly unknown[]).includes(groupBy) ? (groupBy as GroupBy) : DEFAULT_SETTINGS.groupBy,
    filter: {
      status: str(get(SETTING_KEYS.status), 100),
      types: SESSION_TYPES.filter((t) => wanted.has(t)),
      companyId: str(get(SETTING_KEYS.companyId), 100),
      search: str(get(SETTING_KEYS.search), 200),
    },
    sortBy: sortBy === '' ? DEFAULT_SETTINGS.sortBy : sortBy,
    sortOrder: sortOrder === '' ? DEFAULT_SETTINGS.sortOrder : sortOrder,
    pageSize: clampPerPage(get(SETTING_KEYS.pageSize) ?? DEFAULT_PER_PAGE),
    autoRefreshSeconds: clampAutoRefresh(get(SETTING_KEYS.autoRefreshSeconds)),
    pollSeconds: clampPollSeconds(get(SETTING_KEYS.pollSeconds)),
  };
}

/**
 * The query every stream starts from: filters, sort and page size. The `type` parameter is
 * added per stream (see layout.ts); `page` per request. Empty values are left out.
 */
export function baseQuery(settings: SessionsSettings): ListQuery {
  const { filter } = settings;
  return {
    perPage: clampPerPage(settings.pageSize),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.companyId ? { companyId: filter.companyId } : {}),
    ...(filter.search ? { search: filter.search } : {}),
    ...(settings.sortBy ? { sortBy: settings.sortBy } : {}),
    ...(settings.sortOrder ? { sortOrder: settings.sortOrder } : {}),
  };
}

export function filtersActive(settings: SessionsSettings): boolean {
  const { filter } = settings;
  return filter.status !== '' || filter.types.length > 0 || filter.companyId !== '' || filter.search !== '';
}

/** "Filtered: status = active · type = Chat, Email · search = “acme”", or undefined. */
export function filterMessage(settings: SessionsSettings): string | undefined {
  const { filter } = settings;
  const parts: string[] = [];
  if (filter.status) parts.push(`status = ${truncate(filter.status, 40)}`);
  if (filter.types.length > 0) parts.push(`type = ${filter.types.map((t) => typeGroupInfo(t).label).join(', ')}`);
  if (filter.companyId) parts.push(`company = ${truncate(filter.companyId, 40)}`);
  if (filter.search) parts.push(`search = “${truncate(filter.search, 40)}”`);
  return parts.length === 0 ? undefined : `Filtered: ${parts.join(' · ')}`;
}
