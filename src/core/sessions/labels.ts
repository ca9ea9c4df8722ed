// The words on the tree's items, as pure functions of the model's state.
import { isPgaiError, withRequestId } from '../../api/errors';
import { formatWait } from '../../api/rateLimit';
import type { Session } from '../../api/types';
import type { Bucket } from './buckets';
import type { GroupNode } from './nodes';
import { relativeTime } from './relativeTime';
import { statusInfo } from './statusInfo';
import type { Stream } from './stream';
import { cleanText, sessionLabel, truncate, UNTITLED } from './text';
import { OTHER_TYPE, typeGroupInfo } from './typeInfo';

/** A count in the user's locale ("1,234", "1.234"). */
function formatCount(n: number): string {
  return n.toLocaleString();
}

export function groupLabel(node: GroupNode): string {
  return node.dimension === 'type' ? typeGroupInfo(node.key).label : statusInfo(node.key).label;
}

/** "Chat sessions", "Other sessions", "sessions" (a stream without a type group). */
export function streamNoun(owner: GroupNode | undefined): string {
  if (!owner || owner.dimension !== 'type') return 'sessions';
  const info = typeGroupInfo(owner.key);
  return info.key === OTHER_TYPE ? 'sessions of other types' : `${info.label} sessions`;
}

/**
 * The count beside a group, plain where it is honest: "50 of 135" when the server gave a total
 * for exactly this query, "12" when everything is loaded, "12+" while more may exist. The
 * tooltip explains (streamCountExplanation).
 */
export function streamDescription(stream: Stream): string | undefined {
  if (stream.pagesLoaded === 0) return stream.loading ? 'Loading…' : undefined;
  const loaded = stream.loaded;
  // A total that disagrees with what arrived is shown too, even at the end ("4 of 6").
  if (stream.acceptsAll && stream.total !== undefined && (stream.hasMore || stream.total !== loaded)) {
    return `${formatCount(loaded)} of ${formatCount(Math.max(stream.total, loaded))}`;
  }
  if (!stream.hasMore) return formatCount(loaded);
  return `${formatCount(loaded)}+`;
}

/** What the count means, for the tooltip: "50 of the 135 Chat sessions loaded so far". */
function streamCountExplanation(stream: Stream, noun: string): string | undefined {
  if (stream.pagesLoaded === 0) return stream.loading ? `Loading ${noun}…` : `Expand to load the ${noun}.`;
  const loaded = formatCount(stream.loaded);
  if (!stream.acceptsAll) {
    const searched = stream.total !== undefined ? `${formatCount(Math.min(stream.rowsSeen, stream.total))} of ${formatCount(stream.total)}` : formatCount(stream.rowsSeen);
    return stream.hasMore ? `${loaded} ${noun} found in the ${searched} sessions searched so far.` : `${loaded} ${noun}, all sessions searched.`;
  }
  if (!stream.hasMore) return `${loaded} ${noun}, all loaded.`;
  if (stream.total !== undefined) return `${loaded} of the ${formatCount(Math.max(stream.total, stream.loaded))} ${noun} loaded so far.`;
  return `${loaded} ${noun} loaded so far; more to load.`;
}

/** A status sub-group's count: the sessions loaded into it (the tooltip says so). */
function bucketDescription(bucket: Bucket): string {
  return formatCount(bucket.count);
}

/** "2 of the 50 Chat sessions loaded so far are Failed." / "2 of the 135 Chat sessions are Failed." */
function bucketCountExplanation(bucket: Bucket, stream: Stream, noun: string, label: string): string {
  const count = formatCount(bucket.count);
  if (!stream.hasMore) return `${count} of the ${formatCount(stream.loaded)} ${noun}: ${label}.`;
  return `${count} of the ${formatCount(stream.loaded)} ${noun} loaded so far: ${label}. Load more to see the rest.`;
}

export function groupDescription(node: GroupNode): string | undefined {
  if (node.path.length === 0) return streamDescription(node.stream);
  const bucket = node.stream.root.at(node.path);
  return bucket ? bucketDescription(bucket) : undefined;
}

/** The group's tooltip: what it holds, and what its count means. */
export function groupTooltip(node: GroupNode): string {
  const owner = typeOwner(node);
  const noun = streamNoun(owner);
  if (node.path.length === 0) {
    const about = node.dimension === 'type' ? typeGroupInfo(node.key).description : `Status: ${groupLabel(node)}`;
    const counts = streamCountExplanation(node.stream, noun);
    return counts ? `${about}\n${counts}` : about;
  }
  const bucket = node.stream.root.at(node.path);
  const label = groupLabel(node);
  return bucket ? bucketCountExplanation(bucket, node.stream, noun, label) : label;
}

function typeOwner(node: GroupNode): GroupNode | undefined {
  let top: GroupNode = node;
  while (top.parent) top = top.parent;
  return top.dimension === 'type' && top.path.length === 0 ? top : undefined;
}

/** What a finished Load more added, said once: "Loaded 25 more Chat sessions · 50 of 135". */
export function loadedMoreMessage(stream: Stream, owner: GroupNode | undefined, added: number): string {
  const noun = streamNoun(owner);
  if (added === 0) return stream.hasMore ? `No new ${noun} on that page` : `All ${noun} are loaded`;
  const what = `Loaded ${formatCount(added)} more ${added === 1 ? noun.replace(/sessions/, 'session') : noun}`;
  const counts = streamDescription(stream);
  return counts ? `${what} · ${counts}` : what;
}

/** "3 new sessions": found by a change check where the loaded order cannot place them. */
export function newSessionsLabel(stream: Stream): string {
  const n = stream.unplacedCount;
  return `${formatCount(n)} new ${n === 1 ? 'session' : 'sessions'}`;
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

/** "14:05"; a time more than 12 hours from `now` also names its day ("Tue 14:05"). */
export function clockTime(ms: number, now: number = ms): string {
  const far = Math.abs(ms - now) > 12 * 3_600_000;
  return new Date(ms).toLocaleString(undefined, { ...(far ? { weekday: 'short' } : {}), hour: '2-digit', minute: '2-digit' });
}

/** One readable line for an error item: a rate limit leads with when it resolves itself. */
export function errorLabel(stream: Stream, now: number): string {
  const error = stream.error;
  if (!error) return '';
  if (isPgaiError(error, 'rateLimited')) {
    if (stream.retryAt !== undefined) return `Retrying at ${clockTime(stream.retryAt, now)} · rate limited by PG:AI`;
    if (error.retryAfterMs !== undefined) return `Retry after ${clockTime(now + error.retryAfterMs, now)} · rate limited by PG:AI`;
    return 'Rate limited by PG:AI · select to retry';
  }
  return truncate(cleanText(error.message) || 'Loading sessions failed', 200);
}

/** The error item's hover: the whole message (request id included) and what selecting it does. */
export function errorTooltip(stream: Stream, now: number): string {
  const error = stream.error;
  if (!error) return '';
  if (isPgaiError(error, 'rateLimited')) {
    const wait = stream.retryAt !== undefined ? stream.retryAt - now : error.retryAfterMs;
    const when = wait !== undefined ? ` It resolves itself in ${formatWait(Math.max(0, wait))}.` : '';
    return `PG:AI is limiting how often it is asked.${when}\nSelect to retry now.`;
  }
  return `${truncate(cleanText(withRequestId(error)) || 'Loading sessions failed', 400)}\nSelect to retry.`;
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

/**
 * A row's description: the time (and the status outside a status group); an untitled session
 * adds the start of its id, so that several "Untitled" rows can be told apart.
 */
export function rowDescription(session: Session, statusLabel: string, when: string | undefined, showStatus: boolean): string {
  const base = showStatus ? statusAndTime(statusLabel, when) : (when ?? '');
  if (sessionLabel(session.title) !== UNTITLED) return base;
  const short = `#${cleanText(session.id.slice(0, 64)).slice(0, 8)}`;
  return base ? `${base} · ${short}` : short;
}
