// The Sessions tree's model: the streams (paged queries) of the layout and the stable node
// objects built from what they loaded. A stream's first page is fetched only when its group's
// children are asked for, and loaded pages stay across collapse/expand; each stream owns its
// loading (stream.ts), the model turns what changed into the nodes to fire.
// No vscode import: the adapter passes a fetch function and a change callback in.
import type { PgaiError } from '../../api/errors';
import { silentLogger, type Logger } from '../../api/logger';
import type { CallOptions, Session, SessionPage, ListQuery } from '../../api/types';
import { planLayout, type Layout } from './layout';
import { childId, encodeKey, type GroupNode, type LoadMoreNode, type SessionNode, type TreeNode } from './nodes';
import { NodeStore } from './nodeStore';
import type { SessionsSettings } from './sessionsSettings';
import { compareStatusKeys } from './statusInfo';
import { Stream, type StreamHost, type Tail, type Timers } from './stream';
import type { IngestResult } from './sessionList';
import type { Bucket } from './buckets';
import { typeKeyOf, typeRank } from './typeInfo';

export interface ModelDeps {
  fetchPage(query: ListQuery, signal: AbortSignal, options?: CallOptions): Promise<SessionPage>;
  /** Nodes whose content or children changed; undefined = the whole tree. */
  onDidChange(nodes: readonly TreeNode[] | undefined): void;
  /** A 401/403 came back. */
  onAuthFailure?(error: PgaiError): void;
  logger?: Logger;
  timers?: Timers;
  now?: () => number;
  /** Automatic retries after a rate-limit answer with a known wait (default 3 in a row). */
  maxAutoRetries?: number;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SessionsModel {
  readonly layout: Layout;
  private readonly streams = new Map<string, Stream>();
  private readonly rootStream: Stream | undefined;
  private readonly nodes = new NodeStore();
  private typeGroups: GroupNode[] | undefined;
  private disposed = false;

  constructor(
    readonly settings: SessionsSettings,
    private readonly deps: ModelDeps,
  ) {
    this.layout = planLayout(settings);
    const host: StreamHost = {
      fetchPage: (query, signal, options) => deps.fetchPage(query, signal, options),
      loadStarted: (stream, mode) => {
        const more = mode === 'more' ? this.nodes.get(childId(this.ownerOf(stream)?.id, 'more')) : undefined;
        if (more) deps.onDidChange([more]);
      },
      changed: (stream, result, tailBefore) => this.fireStream(stream, result, tailBefore),
      onAuthFailure: (error) => deps.onAuthFailure?.(error),
      logger: deps.logger ?? silentLogger,
      timers: deps.timers ?? defaultTimers,
      now: deps.now ?? Date.now,
      maxAutoRetries: deps.maxAutoRetries ?? 3,
    };
    if (this.layout.kind === 'groups') {
      for (const group of this.layout.groups) this.streams.set(group.stream.id, new Stream(group.stream, host));
    } else {
      this.rootStream = new Stream(this.layout.stream, host);
      this.rootStream.expanded = true;
      this.streams.set(this.rootStream.spec.id, this.rootStream);
    }
  }

  // ---- Tree data -------------------------------------------------------------------------

  /** Children of a node (root when undefined). Fetches a stream's first page when first asked. */
  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (this.disposed) return [];
    if (node === undefined) {
      if (this.rootStream) return this.streamChildren(this.rootStream, undefined);
      return this.rootGroups();
    }
    if (node.kind !== 'group') return [];
    if (node.path.length === 0) return this.streamChildren(node.stream, node);
    return this.bucketChildren(node);
  }

  /** Children as already loaded, without fetching (for benchmarks and tests). */
  childrenNow(node?: TreeNode): TreeNode[] {
    if (node === undefined) return this.rootStream ? this.buildStreamChildren(this.rootStream, undefined) : this.rootGroups();
    if (node.kind !== 'group') return [];
    if (node.path.length === 0) return this.buildStreamChildren(node.stream, node);
    return this.bucketChildren(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  rootGroups(): GroupNode[] {
    if (this.layout.kind !== 'groups') return [];
    this.typeGroups ??= this.layout.groups.map((group) =>
      this.nodes.group(undefined, 'type', group.key, this.streams.get(group.stream.id) as Stream, []),
    );
    return this.typeGroups;
  }

  private async streamChildren(stream: Stream, owner: GroupNode | undefined): Promise<TreeNode[]> {
    await stream.shown();
    if (this.disposed) return [];
    return this.buildStreamChildren(stream, owner);
  }

  private buildStreamChildren(stream: Stream, owner: GroupNode | undefined): TreeNode[] {
    const parentId = owner?.id ?? '';
    const { root, tail } = stream;
    const built = this.nodes.builtChildren(parentId, root, tail);
    if (built) return built;
    const children = this.bucketNodes(stream, owner, root, []);
    if (tail === 'error') children.push(this.nodes.leaf('error', stream, owner));
    else if (tail === 'more') children.push(this.nodes.leaf('loadMore', stream, owner));
    else if (tail === 'empty') children.push(this.nodes.leaf('empty', stream, owner));
    this.nodes.remember(parentId, root, tail, children);
    return children;
  }

  private bucketChildren(node: GroupNode): TreeNode[] {
    const bucket = node.stream.root.at(node.path);
    if (!bucket) return [];
    const built = this.nodes.builtChildren(node.id, bucket, '');
    if (built) return built;
    const children = this.bucketNodes(node.stream, node, bucket, node.path);
    this.nodes.remember(node.id, bucket, '', children);
    return children;
  }

  /** Sub-group nodes of a bucket (inner level) or its session nodes (leaf level). */
  private bucketNodes(stream: Stream, parent: GroupNode | undefined, bucket: Bucket, path: readonly string[]): TreeNode[] {
    const levels = stream.spec.levels;
    if (path.length < levels.length) {
      const dimension = levels[path.length] === 'status' ? 'status' : 'type';
      const keys = [...bucket.children.keys()];
      keys.sort(dimension === 'status' ? compareStatusKeys : (a, b) => typeRank(a) - typeRank(b));
      return keys.map((key) => this.nodes.group(parent, dimension, key, stream, [...path, key]));
    }
    return bucket.ids.map((id) => this.nodes.session(parent, stream, id));
  }

  // ---- Fetching --------------------------------------------------------------------------

  private ownerOf(stream: Stream): GroupNode | undefined {
    if (stream === this.rootStream) return undefined;
    const node = this.nodes.get(stream.spec.id);
    return node?.kind === 'group' ? node : undefined;
  }

  private fireStream(stream: Stream, result: IngestResult | undefined, tailBefore: Tail): void {
    if (this.disposed) return;
    const owner = this.ownerOf(stream);
    if (stream !== this.rootStream) {
      if (owner) this.deps.onDidChange([owner]);
      return;
    }
    if (!result || result.structureChanged || stream.spec.levels.length === 0 || stream.tail !== tailBefore) {
      this.deps.onDidChange(undefined);
      return;
    }
    const changed: TreeNode[] = [];
    for (const key of result.touched) {
      const node = this.nodes.get(`s:${encodeKey(key)}`);
      if (node) changed.push(node);
    }
    const more = this.nodes.get('more');
    if (more && stream.hasMore) changed.push(more);
    if (changed.length > 0) this.deps.onDidChange(changed);
  }

  /** Fetches exactly the next page of the load-more node's stream (nothing while one is running). */
  loadMore(node: LoadMoreNode | Stream): Promise<void> {
    const stream = node instanceof Stream ? node : node.stream;
    return this.owns(stream) ? stream.loadMore() : Promise.resolve();
  }

  /** Repeats what failed: the first page, the next page, or a refresh. `probe`: the user asked. */
  retry(node: TreeNode | Stream, probe = true): Promise<void> {
    const stream = node instanceof Stream ? node : node.stream;
    return this.owns(stream) ? stream.retry(probe) : Promise.resolve();
  }

  /**
   * Reloads every stream that was loaded (see Stream.refresh): expanded groups and the root now,
   * collapsed groups when next expanded. `probe`: the user asked (Refresh).
   */
  refresh(probe = false): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const stream of this.streams.values()) {
      const started = stream.refresh(probe);
      if (started) pending.push(started);
    }
    return Promise.all(pending).then(() => undefined);
  }

  /** From the view's expand/collapse events. */
  setExpanded(node: TreeNode, expanded: boolean): void {
    if (node.kind === 'group' && node.path.length === 0) node.stream.expanded = expanded;
  }

  private owns(stream: Stream): boolean {
    return !this.disposed && this.streams.get(stream.spec.id) === stream;
  }

  // ---- Created sessions ------------------------------------------------------------------

  /**
   * Puts a just-created session at the top of its group (creating bucket groups as needed) and
   * returns its node, or undefined when the current filters/grouping have no place for it.
   */
  insertCreated(session: Session): SessionNode | undefined {
    if (this.disposed) return undefined;
    const stream = this.rootStream ?? this.streams.get(`t:${typeKeyOf(session.type)}`);
    if (!stream || !stream.accepts(session)) return undefined;
    const { query } = stream.spec;
    if (query.type !== undefined && session.type !== undefined && query.type !== session.type) return undefined;
    if (query.status && session.status !== undefined && session.status !== query.status) return undefined;
    if (query.companyId && session.companyId !== query.companyId) return undefined;
    const tailBefore = stream.tail;
    const result = stream.prepend(session);
    const owner = stream === this.rootStream ? undefined : this.rootGroups().find((g) => g.stream === stream);
    let parent = owner;
    const entry = stream.entry(session.id);
    if (!entry) return undefined;
    entry.keys.forEach((key, depth) => {
      const dimension = stream.spec.levels[depth] === 'status' ? 'status' : 'type';
      parent = this.nodes.group(parent, dimension, key, stream, entry.keys.slice(0, depth + 1));
    });
    const node = this.nodes.session(parent, stream, session.id);
    this.fireStream(stream, result, tailBefore);
    return node;
  }

  // ---- Queries ---------------------------------------------------------------------------

  /** Every loaded session once (by id), in stream order. */
  loadedSessions(): Session[] {
    const seen = new Map<string, Session>();
    for (const stream of this.streams.values()) {
      for (const [id, entry] of stream.entries) if (!seen.has(id)) seen.set(id, entry.session);
    }
    return [...seen.values()];
  }

  knownCompanyIds(): string[] {
    const ids = new Set<string>();
    for (const session of this.loadedSessions()) if (session.companyId) ids.add(session.companyId);
    return [...ids];
  }

  seenStatuses(): string[] {
    const statuses = new Set<string>();
    for (const session of this.loadedSessions()) if (session.status) statuses.add(session.status);
    return [...statuses].sort(compareStatusKeys);
  }

  /** A loaded session by id (first stream that has it). */
  findSession(id: string): Session | undefined {
    for (const stream of this.streams.values()) {
      const entry = stream.entry(id);
      if (entry) return entry.session;
    }
    return undefined;
  }

  /** Node objects kept for identity (bounded by what the tree shows; for tests). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  allStreams(): readonly Stream[] {
    return [...this.streams.values()];
  }

  dispose(): void {
    if (this.disposed) return;
    for (const stream of this.streams.values()) stream.dispose();
    this.disposed = true;
    this.nodes.clear();
  }
}
