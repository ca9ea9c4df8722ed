// Applying sessions a change poll found to a model's streams, and telling which tree nodes to
// fire: a bucket whose rows, sub-groups, count or tail changed, or else only the rows whose
// content changed. The streams decide where a session goes (SessionList.applyChange); this
// decides whether it belongs to a stream's query at all.
import type { ListQuery, Session } from '../../api/types';
import type { Bucket } from './buckets';
import { bucketGroupId, sessionRowId, type GroupNode, type TreeNode } from './nodes';
import type { NodeStore } from './nodeStore';
import { parseTime } from './relativeTime';
import { sortCompare } from './sortOrder';
import type { Stream } from './stream';

/**
 * Whether a session belongs to a query's filters: true, false, or undefined when the client
 * cannot tell (a search the server matches by rules it does not document; a title containing
 * the search text is the one sure match). `missingMatches`: a session without a type or status
 * may be of the filtered one (a create's answer that left them out); a listed session without
 * them is not.
 */
export function matchesQuery(query: ListQuery, session: Session, missingMatches = false): boolean | undefined {
  if (query.type !== undefined && session.type !== query.type && !(missingMatches && session.type === undefined)) return false;
  if (query.status && session.status !== query.status && !(missingMatches && session.status === undefined)) return false;
  if (query.companyId && session.companyId !== query.companyId) return false;
  if (query.search && !(session.title ?? '').toLowerCase().includes(query.search.toLowerCase())) return undefined;
  return true;
}

/** Each bucket's rows or sub-groups and count, by path ("" the stream's root), plus the tail. */
function shapeOf(stream: Stream): Map<string, string> {
  const shapes = new Map<string, string>();
  const walk = (bucket: Bucket, path: string): void => {
    const inner = bucket.children.size > 0;
    shapes.set(path, `${bucket.count}|${inner ? [...bucket.children.keys()].join('\u0000') : bucket.ids.join('\u0000')}`);
    for (const [key, child] of bucket.children) walk(child, `${path}\u0001${key}`);
  };
  walk(stream.root, '');
  shapes.set('', `${shapes.get('')}|${stream.tail}|${stream.total}|${stream.unplacedCount}`);
  return shapes;
}

export interface Applied {
  /** Nodes to fire; undefined: the whole tree. */
  readonly nodes: TreeNode[] | undefined;
  /** Whether anything changed at all. */
  readonly changed: boolean;
}

/**
 * Applies `sessions` (newest first) to one stream that has loaded pages. `since`: the newest
 * update time the poll before saw (a session created after it is new to the query);
 * `updateOnly`: only sessions already loaded change (a first poll, which cannot tell new).
 */
export function applyToStream(
  stream: Stream,
  sessions: readonly Session[],
  options: { readonly since: number | undefined; readonly updateOnly: boolean },
  nodes: NodeStore,
  owner: GroupNode | undefined,
): Applied {
  const before = shapeOf(stream);
  const compare = sortCompare(stream.spec.query);
  const contentChanged: Session[] = [];
  for (const session of sessions) {
    const loaded = stream.entry(session.id) !== undefined;
    if (options.updateOnly && !loaded) continue;
    const matches = matchesQuery(stream.spec.query, session);
    // A loaded session the client cannot judge stays (it matched when the server listed it).
    if (matches === undefined && !loaded) continue;
    const created = parseTime(session.createdAt);
    const isNew = options.since !== undefined && created !== undefined && created > options.since;
    if (stream.applyChange(session, matches ?? true, compare, isNew)) contentChanged.push(session);
  }
  if (contentChanged.length === 0) return { nodes: [], changed: false };
  const after = shapeOf(stream);
  const fired = new Set<string>();
  /** Whether a fired bucket holds `path` (firing it redraws everything below it). */
  const below = (path: string): boolean => [...fired].some((p) => p === '' || path.startsWith(`${p}\u0001`));
  const out: TreeNode[] = [];
  const groupNode = (path: string): TreeNode | undefined | 'root' => {
    if (path === '') return owner ?? 'root';
    let id = owner?.id;
    const keys = path.split('\u0001').slice(1);
    keys.forEach((key, depth) => {
      id = bucketGroupId(id, stream.spec.levels[depth] === 'status' ? 'status' : 'type', key);
    });
    return id === undefined ? undefined : nodes.get(id);
  };
  const paths = new Set([...before.keys(), ...after.keys()]);
  // Outermost first, so a fired bucket covers everything below it.
  for (const path of [...paths].sort((a, b) => a.split('\u0001').length - b.split('\u0001').length)) {
    if (before.get(path) === after.get(path)) continue;
    if (below(path)) continue;
    const node = groupNode(path);
    if (node === 'root') return { nodes: undefined, changed: true };
    if (node === undefined) continue;
    fired.add(path);
    out.push(node);
  }
  for (const session of contentChanged) {
    const entry = stream.entry(session.id);
    if (!entry) continue;
    let path = '';
    for (const key of entry.keys) path = `${path}\u0001${key}`;
    if (fired.has(path) || below(path)) continue;
    const bucket = groupNode(path);
    const parentId = bucket === 'root' ? undefined : bucket?.id;
    if (bucket !== 'root' && bucket === undefined) continue;
    const row = nodes.get(sessionRowId(parentId, session.id));
    if (row) out.push(row);
  }
  return { nodes: out, changed: true };
}
