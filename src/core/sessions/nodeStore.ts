// The tree's node objects, one per id, and each parent's children as last built. VS Code finds
// the elements it is told to refresh or reveal by identity, so a node is reused while it stands
// for the same thing; when a parent's children are rebuilt, the nodes it no longer has are
// forgotten with everything below them, so the store stays as large as what the tree shows.
import type { Bucket } from './buckets';
import { bucketGroupId, childId, sessionRowId, type GroupDimension, type GroupNode, type SessionNode, type TreeNode } from './nodes';
import { compareStatusKeys } from './statusInfo';
import type { Stream } from './stream';
import { typeRank } from './typeInfo';

interface Children {
  readonly bucket: Bucket;
  readonly version: number;
  /** The rows besides the sessions as shown (the tail; 'unreachable': its error row is left to the view). */
  readonly tail: string;
  readonly nodes: TreeNode[];
}

export class NodeStore {
  private readonly nodes = new Map<string, TreeNode>();
  /** By parent id ('' for the root). */
  private readonly children = new Map<string, Children>();

  get(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** The children last built for `parentId`, if built from this bucket as it is now. */
  builtChildren(parentId: string, bucket: Bucket, tail: string): TreeNode[] | undefined {
    const built = this.children.get(parentId);
    return built && built.bucket === bucket && built.version === bucket.version && built.tail === tail ? built.nodes : undefined;
  }

  /** Keeps a parent's children and forgets the nodes (and their subtrees) it no longer has. */
  remember(parentId: string, bucket: Bucket, tail: string, nodes: TreeNode[]): void {
    const previous = this.children.get(parentId)?.nodes;
    this.children.set(parentId, { bucket, version: bucket.version, tail, nodes });
    if (!previous) return;
    const kept = new Set(nodes);
    for (const old of previous) if (!kept.has(old)) this.forget(old.id);
  }

  /** Drops a node that left the tree, and everything below it (ids are paths). */
  private forget(id: string): void {
    const below = `${id}/`;
    for (const key of this.nodes.keys()) if (key === id || key.startsWith(below)) this.nodes.delete(key);
    for (const key of this.children.keys()) if (key === id || key.startsWith(below)) this.children.delete(key);
  }

  group(parent: GroupNode | undefined, dimension: GroupDimension, key: string, stream: Stream, path: readonly string[]): GroupNode {
    const id = path.length === 0 ? stream.spec.id : bucketGroupId(parent?.id, dimension, key);
    const existing = this.nodes.get(id);
    if (existing?.kind === 'group' && existing.stream === stream) return existing;
    const node: GroupNode = { kind: 'group', id, parent, dimension, key, stream, path };
    this.nodes.set(id, node);
    return node;
  }

  session(parent: GroupNode | undefined, stream: Stream, sessionId: string): SessionNode {
    const id = sessionRowId(parent?.id, sessionId);
    const entry = stream.entry(sessionId);
    const existing = this.nodes.get(id);
    if (existing?.kind === 'session' && existing.entry === entry) return existing;
    const node: SessionNode = { kind: 'session', id, parent, entry: entry ?? { session: { id: sessionId, raw: {} }, keys: [] }, stream };
    this.nodes.set(id, node);
    return node;
  }

  /** The row after a stream's sessions (`parent`: the group that pages it; undefined: the root). */
  leaf(kind: 'loadMore' | 'error' | 'empty' | 'newSessions', stream: Stream, parent: GroupNode | undefined): TreeNode {
    const id = childId(parent?.id, kind === 'loadMore' ? 'more' : kind === 'newSessions' ? 'new' : kind);
    const existing = this.nodes.get(id);
    if (existing?.kind === kind && existing.stream === stream) return existing;
    const node = { kind, id, parent, stream } as TreeNode;
    this.nodes.set(id, node);
    return node;
  }

  clear(): void {
    this.nodes.clear();
    this.children.clear();
  }

  /** Sub-group nodes of a bucket (inner level) or its session nodes (leaf level). */
  bucketNodes(stream: Stream, parent: GroupNode | undefined, bucket: Bucket, path: readonly string[]): TreeNode[] {
    const levels = stream.spec.levels;
    if (path.length < levels.length) {
      const dimension = levels[path.length] === 'status' ? 'status' : 'type';
      const keys = [...bucket.children.keys()];
      keys.sort(dimension === 'status' ? compareStatusKeys : (a, b) => typeRank(a) - typeRank(b));
      return keys.map((key) => this.group(parent, dimension, key, stream, [...path, key]));
    }
    return bucket.ids.map((id) => this.session(parent, stream, id));
  }

  /** The node of a loaded session, with the group nodes above it (built if not yet shown). */
  sessionPath(stream: Stream, id: string, owner: GroupNode | undefined): SessionNode | undefined {
    const entry = stream.entry(id);
    if (!entry) return undefined;
    let parent = owner;
    entry.keys.forEach((key, depth) => {
      const dimension = stream.spec.levels[depth] === 'status' ? 'status' : 'type';
      parent = this.group(parent, dimension, key, stream, entry.keys.slice(0, depth + 1));
    });
    return this.session(parent, stream, id);
  }
}
