// What a status looks like. PG:AI does not document its statuses, so a status is classified by
// name into a small set of kinds, and anything unrecognised (or missing) gets a neutral look and
// its own name, humanised ("waiting_for_input" → "Waiting for input").
//
// Statuses of one kind share one status group ("in_progress" and "running" are both "Running"):
// two groups with the same meaning and the same spinner read as a mistake. Each kind has its
// own icon shape, so kinds differ without relying on colour; a row's exact status stays in its
// tooltip. Unrecognised statuses keep a group of their own.
import { cleanText, truncate } from './text';

export type StatusKind =
  | 'running' // work in progress: spins
  | 'active' // open, not necessarily working
  | 'queued' // accepted, not started yet
  | 'needsInput' // blocked on the user
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'archived'
  | 'unknown' // a status we do not recognise
  | 'none'; // no status at all

export interface StatusInfo {
  readonly kind: StatusKind;
  /** Human label ("In progress"). */
  readonly label: string;
  /** Codicon id (may carry a modifier such as `~spin`). */
  readonly icon: string;
  /** Theme colour id, or undefined for the default foreground. */
  readonly color?: string;
}

const KIND_BY_NAME: Readonly<Record<string, StatusKind>> = {
  running: 'running',
  in_progress: 'running',
  inprogress: 'running',
  processing: 'running',
  started: 'running',
  executing: 'running',
  working: 'running',
  generating: 'running',
  thinking: 'running',
  streaming: 'running',
  active: 'active',
  open: 'active',
  idle: 'active',
  waiting: 'needsInput',
  waiting_for_input: 'needsInput',
  awaiting_input: 'needsInput',
  needs_input: 'needsInput',
  input_required: 'needsInput',
  paused: 'needsInput',
  queued: 'queued',
  pending: 'queued',
  scheduled: 'queued',
  created: 'queued',
  completed: 'completed',
  complete: 'completed',
  done: 'completed',
  finished: 'completed',
  succeeded: 'completed',
  success: 'completed',
  resolved: 'completed',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  errored: 'failed',
  timed_out: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
  stopped: 'cancelled',
  archived: 'archived',
  closed: 'archived',
  deleted: 'archived',
};

const LOOK: Readonly<Record<StatusKind, { icon: string; color?: string }>> = {
  running: { icon: 'loading~spin', color: 'charts.blue' },
  active: { icon: 'circle-filled', color: 'charts.blue' },
  queued: { icon: 'clock' },
  needsInput: { icon: 'bell-dot', color: 'charts.yellow' },
  completed: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  archived: { icon: 'archive', color: 'disabledForeground' },
  unknown: { icon: 'circle-outline' },
  none: { icon: 'question' },
};

/** Sort order of status groups: what needs attention first, then done, then unknown. */
const KIND_RANK: Readonly<Record<StatusKind, number>> = {
  needsInput: 0,
  running: 1,
  queued: 2,
  active: 3,
  failed: 4,
  completed: 5,
  cancelled: 6,
  archived: 7,
  unknown: 8,
  none: 9,
};

/** The status a kind's group is keyed and labelled by. */
const GROUP_STATUS: Readonly<Record<Exclude<StatusKind, 'unknown' | 'none'>, string>> = {
  running: 'running',
  active: 'active',
  queued: 'queued',
  needsInput: 'waiting_for_input',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  archived: 'archived',
};

const NO_STATUS_LABEL = 'No status';
const STATUS_LABEL_MAX = 40;
/** Statuses come from the server: only this much of one is read (a 100 KB status costs no more). */
const STATUS_READ_MAX = 200;

function head(status: string): string {
  return status.length > STATUS_READ_MAX ? status.slice(0, STATUS_READ_MAX) : status;
}

function normalise(status: string): string {
  return status.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** "in_progress" → "In progress"; cleaned of control characters and capped. */
export function humaniseStatus(status: string): string {
  const words = cleanText(head(status).replace(/[_-]+/g, ' '));
  if (words === '') return NO_STATUS_LABEL;
  return truncate(words.charAt(0).toUpperCase() + words.slice(1).toLowerCase(), STATUS_LABEL_MAX);
}

export function statusKind(status: string | null | undefined): StatusKind {
  if (typeof status !== 'string' || cleanText(head(status)) === '') return 'none';
  return KIND_BY_NAME[normalise(head(status))] ?? 'unknown';
}

export function statusInfo(status: string | null | undefined): StatusInfo {
  const kind = statusKind(status);
  const label = kind === 'none' ? NO_STATUS_LABEL : humaniseStatus(status as string);
  return { kind, label, ...LOOK[kind] };
}

/**
 * The status group a session belongs to: its kind's group for a recognised status, else its
 * own status (trimmed; '' for none).
 */
export function statusGroupKey(status: string | null | undefined): string {
  const kind = statusKind(status);
  if (kind === 'none') return '';
  if (kind === 'unknown') return (status as string).trim();
  return GROUP_STATUS[kind];
}

/** Compare two status group keys for display order (kind rank, then label). */
export function compareStatusKeys(a: string, b: string): number {
  const ka = statusKind(a);
  const kb = statusKind(b);
  if (ka !== kb) return KIND_RANK[ka] - KIND_RANK[kb];
  return a < b ? -1 : a > b ? 1 : 0;
}
