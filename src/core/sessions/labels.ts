// The words on the tree's items, as pure functions of the model's state.
import { isPgaiError, withRequestId } from '../../api/errors';
import { formatWait } from '../../api/rateLimit';
import type { Session } from '../../api/types';
import type { Bucket } from './buckets';
import type { GroupNode } from './nodes';
import { relativeTime } from './relativeTime';
import { statusInfo } from './statusInfo';
import type { Stream } from './stream';
import { cleanText, truncate } from './text';
import { typeGroupInfo } from './typeInfo';

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function groupLabel(node: GroupNode): string {
  return node.dimension === 'type' ? typeGroupInfo(node.key).label : statusInfo(node.key).label;
}

/**
 * Honest counts: "12 of 41" when the server gave a total for exactly this group's query,
 * "12" when everything is loaded, "12 loaded" while more may exist; for a client-side filtered
 * stream, "3 found · 50 of 1,200 searched" or "3 found so far".
 */
function streamDescription(stream: Stream): string | undefined {
  if (stream.pagesLoaded === 0) return stream.loading ? 'loading…' : undefined;
  const loaded = stream.loaded;
  if (!stream.acceptsAll) {
    if (!stream.hasMore) return formatCount(loaded);
    if (stream.total !== undefined) {
      return `${formatCount(loaded)} found · ${formatCount(Math.min(stream.rowsSeen, stream.total))} of ${formatCount(stream.total)} searched`;
    }
    return `${formatCount(loaded)} found so far`;
  }
  if (stream.total !== undefined && (stream.hasMore || stream.total !== loaded)) {
    return `${formatCount(loaded)} of ${formatCount(Math.max(stream.total, loaded))}`;
  }
  if (!stream.hasMore) return formatCount(loaded);
  return `${formatCount(loaded)} loaded`;
}

function bucketDescription(bucket: Bucket, stream: Stream): string {
  return stream.hasMore ? `${formatCount(bucket.count)} loaded` : formatCount(bucket.count);
}

export function groupDescription(node: GroupNode): string | undefined {
  if (node.path.length === 0) return streamDescription(node.stream);
  const bucket = node.stream.root.at(node.path);
  return bucket ? bucketDescription(bucket, node.stream) : undefined;
}

/** "Load 25 more (16 remaining)", "Load 16 more", "Load 25 more…", "Search 25 more (…)" */
export function loadMoreLabel(stream: Stream): string {
  if (stream.loading === 'more') return 'Loading…';
  const remaining = stream.remaining;
  const known = remaining !== undefined && remaining > 0;
  const n = known ? Math.min(stream.perPage, remaining) : stream.perPage;
  const verb = stream.acceptsAll ? 'Load' : 'Search';
  if (!known) return `${verb} ${formatCount(n)} more…`;
  if (remaining <= stream.perPage) return `${verb} ${formatCount(n)} more`;
  return stream.acceptsAll
    ? `${verb} ${formatCount(n)} more (${formatCount(remaining)} remaining)`
    : `${verb} ${formatCount(n)} more (${formatCount(remaining)} not yet searched)`;
}

function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** One readable line for an error item. */
export function errorLabel(stream: Stream, now: number): string {
  const error = stream.error;
  if (!error) return '';
  if (isPgaiError(error, 'rateLimited')) {
    if (stream.retryAt !== undefined) {
      return `Rate limited by PG:AI: retrying automatically at ${clock(stream.retryAt)} (in ${formatWait(stream.retryAt - now)})`;
    }
    if (error.retryAfterMs !== undefined) return `Rate limited by PG:AI: try again in ${formatWait(error.retryAfterMs)}`;
    return 'Rate limited by PG:AI: try again in a minute';
  }
  return truncate(cleanText(error.message) || 'Loading sessions failed', 200);
}

/** The error item's hover: the whole message (request id included) and what a click does. */
export function errorTooltip(stream: Stream, now: number): string {
  const error = stream.error;
  if (!error) return '';
  const full = isPgaiError(error, 'rateLimited') ? errorLabel(stream, now) : truncate(cleanText(withRequestId(error)) || 'Loading sessions failed', 400);
  return `${full}\nClick to retry.`;
}

/**
 * "In progress · 2 h ago"; with `showStatus` false (a row inside a status group, which already
 * says the status) just "2 h ago", so the narrow row keeps room for the time.
 */
export function sessionDescription(session: Session, now: number, showStatus = true): string {
  const when = relativeTime(session.updatedAt ?? session.createdAt, now);
  if (!showStatus) return when ?? '';
  return statusAndTime(statusInfo(session.status).label, when);
}

/** "Completed · 2 h ago", or the status alone when there is no time. */
export function statusAndTime(statusLabel: string, when: string | undefined): string {
  return when ? `${statusLabel} · ${when}` : statusLabel;
}

/** Whether a status group is among the node's ancestors (its status is shown there). */
export function underStatusGroup(node: { readonly parent: GroupNode | undefined }): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.dimension === 'status') return true;
  return false;
}
