// The elements of the Sessions tree. Objects are stable (one per id, kept by the model) because
// VS Code finds the elements it is told to refresh or reveal by identity. Ids are deterministic
// paths ("t:chat/s:completed/#<session id>") so VS Code keeps expansion across reloads.
import { createHash } from 'node:crypto';
import type { Entry } from './sessionList';
import type { Stream } from './stream';

export type GroupDimension = 'type' | 'status';

interface NodeBase {
  readonly id: string;
  readonly parent: GroupNode | undefined;
}

export interface GroupNode extends NodeBase {
  readonly kind: 'group';
  readonly dimension: GroupDimension;
  /** Type key ("chat", "other") or raw status ("" = none). */
  readonly key: string;
  readonly stream: Stream;
  /** Bucket path inside the stream; empty when the group owns (pages) the stream. */
  readonly path: readonly string[];
}

export interface SessionNode extends NodeBase {
  readonly kind: 'session';
  /** Live: updated in place when a later page or a refresh brings a newer copy. */
  readonly entry: Entry;
  readonly stream: Stream;
}

export interface LoadMoreNode extends NodeBase {
  readonly kind: 'loadMore';
  readonly stream: Stream;
}

interface ErrorNode extends NodeBase {
  readonly kind: 'error';
  readonly stream: Stream;
}

interface EmptyNode extends NodeBase {
  readonly kind: 'empty';
  readonly stream: Stream;
}

/** Sessions a change check found that the client cannot place in the loaded order: "3 new sessions". */
interface NewSessionsNode extends NodeBase {
  readonly kind: 'newSessions';
  readonly stream: Stream;
}

export type TreeNode = GroupNode | SessionNode | LoadMoreNode | ErrorNode | EmptyNode | NewSessionsNode;

/** A well-formed run of UTF-16, a surrogate pair, or a lone surrogate. */
const CHUNKS = /[^\uD800-\uDFFF]+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;

/** Longer encoded keys are replaced by a digest, so that no item id grows with the server's text. */
const MAX_ENCODED_KEY = 200;

/**
 * A key (a status, a session id: text from the server) as one short id segment, and total.
 * Percent-encoded; encodeURIComponent throws URIError on a lone surrogate (valid JSON,
 * `"bad-\ud800"`), so those become `%uD800`; a key over 200 characters encoded (a 100 KB id)
 * becomes `%h` and its SHA-256. encodeURIComponent never produces `%u` or `%h`, so distinct keys
 * stay distinct.
 */
export function encodeKey(key: string): string {
  // Encoding never shortens, so a long key is digested at once (its UTF-16 units, so that
  // keys differing only in lone surrogates differ here too).
  if (key.length > MAX_ENCODED_KEY) return digest(key);
  const encoded = key.replace(CHUNKS, (chunk) =>
    chunk.length === 1 && chunk >= '\uD800' && chunk <= '\uDFFF' ? `%u${chunk.charCodeAt(0).toString(16).toUpperCase()}` : encodeURIComponent(chunk),
  );
  return encoded.length <= MAX_ENCODED_KEY ? encoded : digest(key);
}

/** Digests of recent long keys: a node id is computed on every redraw. */
const digests = new Map<string, string>();

function digest(key: string): string {
  let value = digests.get(key);
  if (value === undefined) {
    value = `%h${createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('hex')}`;
    if (digests.size >= 256) digests.delete(digests.keys().next().value as string);
    digests.set(key, value);
  }
  return value;
}

export function childId(parentId: string | undefined, segment: string): string {
  return parentId === undefined ? segment : `${parentId}/${segment}`;
}

/** The id of a bucket group (a status or type below the group that pages the stream). */
export function bucketGroupId(parentId: string | undefined, dimension: GroupDimension, key: string): string {
  return childId(parentId, `${dimension === 'status' ? 's' : 't'}:${encodeKey(key)}`);
}

/** The id of a session's row under its group. */
export function sessionRowId(parentId: string | undefined, sessionId: string): string {
  return childId(parentId, `#${encodeKey(sessionId)}`);
}

export function isTreeNode(value: unknown): value is TreeNode {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return (
    (kind === 'group' || kind === 'session' || kind === 'loadMore' || kind === 'error' || kind === 'empty' || kind === 'newSessions') &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}
