// The Sessions tree's model: streams (paged queries) and the stable node objects built from them.
// It fetches lazily (a stream's first page only when its group's children are asked for), keeps
// loaded pages across collapse/expand, drops responses to outdated requests (a generation per
// stream, bumped by every new request, refresh and dispose), and cancels superseded requests.
// No vscode import: the adapter passes a fetch function and a change callback in.
import { isPgaiError, keyProblemOf, type PgaiError, withRequestId } from '../../api/errors';
import { silentLogger, type Logger } from '../../api/logger';
import type { CallOptions, Session, SessionPage, ListQuery } from '../../api/types';
import { planLayout, type Layout } from './layout';
import { childId, encodeKey, type GroupNode, type LoadMoreNode, type SessionNode, type TreeNode } from './nodes';
import type { SessionsSettings } from './settings';
import { compareStatusKeys } from './statusInfo';
import { MAX_RELOAD_PAGES, Stream, type IngestResult, type LoadMode } from './stream';
import type { Bucket } from './buckets';
import { typeKeyOf, typeRank } from './typeInfo';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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

interface ChildCache {
  readonly bucket: Bucket;
  readonly version: number;
  readonly tail: string;
  readonly children: TreeNode[];
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SessionsModel {
  readonly layout: Layout;
  private readonly streams = new Map<string, Stream>();
  private readonly rootStream: Stream | undefined;
  private readonly nodes = new Map<string, TreeNode>();
  private readonly cache = new Map<string, ChildCache>();
  private readonly retryTimers = new Map<Stream, unknown>();
  private typeGroups: GroupNode[] | undefined;
  private disposed = false;
  private readonly logger: Logger;
  private readonly timers: Timers;
  private readonly now: () => number;

  constructor(
    readonly settings: SessionsSettings,
    private readonly deps: ModelDeps,
  ) {
    this.layout = planLayout(settings);
    this.logger = deps.logger ?? silentLogger;
    this.timers = deps.timers ?? defaultTimers;
    this.now = deps.now ?? Date.now;
    if (this.layout.kind === 'groups') {
      for (const group of this.layout.groups) this.streams.set(group.stream.id, new Stream(group.stream));
    } else {
      this.rootStream = new Stream(this.layout.stream);
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
      this.groupNode(undefined, 'type', group.key, this.streams.get(group.stream.id) as Stream, []),
    );
    return this.typeGroups;
  }

  private async streamChildren(stream: Stream, owner: GroupNode | undefined): Promise<TreeNode[]> {
    stream.expanded = true;
    const needsLoad = (stream.pagesLoaded === 0 && stream.error === undefined) || stream.stale;
    if (stream.loading === undefined && needsLoad) void this.load(stream, stream.pagesLoaded === 0 ? 'first' : 'refresh');
    // Wait only when there is nothing (valid) to show yet; otherwise show what is loaded now.
    // (A refresh may replace the request meanwhile: then wait for the new one.)
    let pending = stream.pending;
    while (pending && (stream.pagesLoaded === 0 || stream.stale) && !this.disposed) {
      await pending;
      if (stream.pending === pending) break;
      pending = stream.pending;
    }
    if (this.disposed) return [];
    return this.buildStreamChildren(stream, owner);
  }

  private tail(stream: Stream): string {
    if (stream.error) return 'error';
    if (stream.pagesLoaded === 0) return '';
    if (stream.hasMore) return 'more';
    return stream.loaded === 0 ? 'empty' : '';
  }

  private buildStreamChildren(stream: Stream, owner: GroupNode | undefined): TreeNode[] {
    const ownerId = owner?.id;
    const cacheKey = ownerId ?? '';
    const tail = this.tail(stream);
    const cached = this.cache.get(cacheKey);
    if (cached && cached.bucket === stream.root && cached.version === stream.root.version && cached.tail === tail) {
      return cached.children;
    }
    const children = this.bucketNodes(stream, owner, stream.root, []);
    if (tail === 'error') children.push(this.leafNode('error', ownerId, stream, owner));
    else if (tail === 'more') children.push(this.leafNode('loadMore', ownerId, stream, owner));
    else if (tail === 'empty') children.push(this.leafNode('empty', ownerId, stream, owner));
    this.remember(cacheKey, { bucket: stream.root, version: stream.root.version, tail, children });
    return children;
  }

  private bucketChildren(node: GroupNode): TreeNode[] {
    const bucket = node.stream.root.at(node.path);
    if (!bucket) return [];
    const cached = this.cache.get(node.id);
    if (cached && cached.bucket === bucket && cached.version === bucket.version) return cached.children;
    const children = this.bucketNodes(node.stream, node, bucket, node.path);
    this.remember(node.id, { bucket, version: bucket.version, tail: '', children });
    return children;
  }

  /** Caches a parent's children and forgets the nodes (and their subtrees) it no longer has. */
  private remember(key: string, entry: ChildCache): void {
    const previous = this.cache.get(key)?.children;
    this.cache.set(key, entry);
    if (!previous) return;
    const kept = new Set(entry.children);
    for (const old of previous) if (!kept.has(old)) this.forget(old.id);
  }

  /** Drops a node that left the tree, and everything below it (ids are paths). */
  private forget(id: string): void {
    const below = `${id}/`;
    for (const key of this.nodes.keys()) if (key === id || key.startsWith(below)) this.nodes.delete(key);
    for (const key of this.cache.keys()) if (key === id || key.startsWith(below)) this.cache.delete(key);
  }

  /** Sub-group nodes of a bucket (inner level) or its session nodes (leaf level). */
  private bucketNodes(stream: Stream, parent: GroupNode | undefined, bucket: Bucket, path: readonly string[]): TreeNode[] {
    const levels = stream.spec.levels;
    if (path.length < levels.length) {
      const dimension = levels[path.length] === 'status' ? 'status' : 'type';
      const keys = [...bucket.children.keys()];
      keys.sort(dimension === 'status' ? compareStatusKeys : (a, b) => typeRank(a) - typeRank(b));
      return keys.map((key) => this.groupNode(parent, dimension, key, stream, [...path, key]));
    }
    const parentId = parent?.id;
    const out: TreeNode[] = new Array<TreeNode>(bucket.ids.length);
    for (let i = 0; i < bucket.ids.length; i++) {
      out[i] = this.sessionNode(parentId, parent, stream, bucket.ids[i]);
    }
    return out;
  }

  private groupNode(
    parent: GroupNode | undefined,
    dimension: 'type' | 'status',
    key: string,
    stream: Stream,
    path: readonly string[],
  ): GroupNode {
    const id = path.length === 0 ? stream.spec.id : childId(parent?.id, `${dimension === 'status' ? 's' : 't'}:${encodeKey(key)}`);
    const existing = this.nodes.get(id);
    if (existing?.kind === 'group' && existing.stream === stream) return existing;
    const node: GroupNode = { kind: 'group', id, parent, dimension, key, stream, path };
    this.nodes.set(id, node);
    return node;
  }

  private sessionNode(parentId: string | undefined, parent: GroupNode | undefined, stream: Stream, sessionId: string): SessionNode {
    const id = childId(parentId, `#${encodeKey(sessionId)}`);
    const entry = stream.entry(sessionId);
    const existing = this.nodes.get(id);
    if (existing?.kind === 'session' && existing.entry === entry) return existing;
    const node: SessionNode = { kind: 'session', id, parent, entry: entry ?? { session: { id: sessionId, raw: {} }, keys: [] }, stream };
    this.nodes.set(id, node);
    return node;
  }

  private leafNode(kind: 'loadMore' | 'error' | 'empty', ownerId: string | undefined, stream: Stream, parent: GroupNode | undefined): TreeNode {
    const id = childId(ownerId, kind === 'loadMore' ? 'more' : kind);
    const existing = this.nodes.get(id);
    if (existing?.kind === kind && existing.stream === stream) return existing;
    const node = { kind, id, parent, stream } as TreeNode;
    this.nodes.set(id, node);
    return node;
  }

  // ---- Fetching --------------------------------------------------------------------------

  private ownerOf(stream: Stream): GroupNode | undefined {
    if (stream === this.rootStream) return undefined;
    const node = this.nodes.get(stream.spec.id);
    return node?.kind === 'group' ? node : undefined;
  }

  private isOutdated(stream: Stream, generation: number): boolean {
    return this.disposed || stream.generation !== generation;
  }

  private cancel(stream: Stream): void {
    stream.generation++;
    stream.controller?.abort();
    stream.controller = undefined;
    stream.pending = undefined;
    stream.loading = undefined;
    const timer = this.retryTimers.get(stream);
    if (timer !== undefined) {
      this.timers.clearTimeout(timer);
      this.retryTimers.delete(stream);
    }
    stream.retryAt = undefined;
  }

  /** Starts `mode` for `stream`, cancelling what it was doing. `probe`: the user asked for it. */
  private load(stream: Stream, mode: LoadMode, probe = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    // What the tree shows now (an error row included), to tell afterwards what changed.
    const tailBefore = this.tail(stream);
    this.cancel(stream);
    const generation = stream.generation;
    const controller = new AbortController();
    stream.controller = controller;
    stream.loading = mode;
    stream.error = undefined;
    stream.errorMode = undefined;
    const pageNumber = mode === 'more' ? stream.nextPage : 1;
    const query: ListQuery = { ...stream.spec.query, page: pageNumber };
    const wasStale = stream.stale;
    const options = probe ? { probe } : undefined;
    const run = async (): Promise<void> => {
      let result: IngestResult | undefined;
      try {
        if (mode === 'reload') {
          const pages: SessionPage[] = [];
          const count = Math.min(MAX_RELOAD_PAGES, Math.max(1, stream.pagesLoaded));
          for (let n = 1; n <= count; n++) {
            const page = await this.deps.fetchPage({ ...stream.spec.query, page: n }, controller.signal, options);
            if (this.isOutdated(stream, generation)) return;
            pages.push(page);
            if (!page.hasMore || page.sessions.length === 0) break;
          }
          result = stream.replaceAll(pages);
        } else {
          const page = await this.deps.fetchPage(query, controller.signal, options);
          if (this.isOutdated(stream, generation)) return;
          // A first page replaces what was there before it (a created session put in meanwhile).
          result = mode === 'refresh' ? stream.replaceFirst(page) : mode === 'first' ? stream.replaceAll([page]) : stream.ingest(page, pageNumber);
          if (page.skipped > 0) this.logger.warn(`Sessions: ${page.skipped} item(s) on page ${pageNumber} could not be shown (not objects, or no id).`);
          if (mode === 'more' && result.added === 0 && page.sessions.length > 0) {
            this.logger.warn(`Sessions: page ${pageNumber} of ${stream.spec.id} added no new sessions (the server may ignore \`page\`); stopping there.`);
          }
        }
        stream.stale = false;
        stream.autoRetries = 0;
      } catch (err) {
        if (this.isOutdated(stream, generation)) return;
        if (wasStale) stream.stale = false;
        this.fail(stream, mode, err);
      } finally {
        if (!this.isOutdated(stream, generation)) {
          stream.loading = undefined;
          stream.controller = undefined;
          stream.pending = undefined;
        }
      }
      this.fireStream(stream, result, tailBefore);
      // A refresh asked for while this page was on its way runs now, so neither is lost.
      if (stream.refreshQueued !== undefined && !this.disposed) {
        const queuedProbe = stream.refreshQueued;
        stream.refreshQueued = undefined;
        void this.refreshStream(stream, queuedProbe);
      }
    };
    const promise = run();
    stream.pending = promise;
    if (mode === 'more') {
      const more = this.nodes.get(childId(this.ownerOf(stream)?.id, 'more'));
      if (more) this.deps.onDidChange([more]);
    }
    return promise;
  }

  private fail(stream: Stream, mode: LoadMode, err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    stream.error = error;
    stream.errorMode = mode;
    this.logger.warn(`Sessions: loading ${stream.spec.id} (${mode}) failed: ${withRequestId(error)}`);
    if (isPgaiError(err) && keyProblemOf(err)) {
      this.deps.onAuthFailure?.(err);
      return;
    }
    const max = this.deps.maxAutoRetries ?? 3;
    if (isPgaiError(err, 'rateLimited') && err.retryAfterMs !== undefined && stream.autoRetries < max) {
      stream.autoRetries++;
      const wait = Math.max(1000, err.retryAfterMs);
      stream.retryAt = this.now() + wait;
      const generation = stream.generation;
      const handle = this.timers.setTimeout(() => {
        this.retryTimers.delete(stream);
        if (this.isOutdated(stream, generation) || !stream.error) return;
        void this.retry(stream, false);
      }, wait);
      this.retryTimers.set(stream, handle);
    }
  }

  private fireStream(stream: Stream, result: IngestResult | undefined, tailBefore: string): void {
    if (this.disposed) return;
    const owner = this.ownerOf(stream);
    if (stream !== this.rootStream) {
      if (owner) this.deps.onDidChange([owner]);
      return;
    }
    if (!result || result.structureChanged || stream.spec.levels.length === 0 || this.tail(stream) !== tailBefore) {
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
    if (!this.owns(stream)) return Promise.resolve();
    if (stream.loading !== undefined) return stream.pending ?? Promise.resolve();
    if (!stream.hasMore || stream.pagesLoaded === 0) return Promise.resolve();
    return this.load(stream, 'more');
  }

  /** Repeats what failed: the first page, the next page, or a refresh. `probe`: the user asked. */
  retry(node: TreeNode | Stream, probe = true): Promise<void> {
    const stream = node instanceof Stream ? node : node.stream;
    if (!this.owns(stream)) return Promise.resolve();
    if (stream.loading !== undefined) return stream.pending ?? Promise.resolve();
    const failed = stream.errorMode;
    const mode: LoadMode = stream.pagesLoaded === 0 ? 'first' : failed === 'more' || failed === 'reload' ? failed : 'refresh';
    return this.load(stream, mode, probe);
  }

  /**
   * Reloads page 1 of every stream that was loaded: now for expanded groups (and the root);
   * collapsed groups are marked stale and reload when next expanded. A first page or refresh
   * already on its way is fresh enough and is left to finish (restarting it on every tick of a
   * slow server would never finish); a "Load more" on its way finishes first, then the refresh
   * runs. Streams never expanded cost nothing. `probe`: the user asked (Refresh), so the
   * requests go out even while the client believes the rate limit is used up.
   */
  refresh(probe = false): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const stream of this.streams.values()) {
      // Never asked for: nothing to refresh.
      if (stream.pagesLoaded === 0 && stream.error === undefined && stream.loading === undefined) continue;
      if (stream.loading === 'more') {
        stream.refreshQueued = (stream.refreshQueued ?? false) || probe;
        if (stream.pending) pending.push(stream.pending);
        continue;
      }
      if (stream.loading !== undefined) {
        if (stream.pending) pending.push(stream.pending);
        continue;
      }
      const started = this.refreshStream(stream, probe);
      if (started) pending.push(started);
    }
    return Promise.all(pending).then(() => undefined);
  }

  /**
   * Reloads one stream now if it is on screen, else marks it stale: the user's Refresh (`probe`)
   * reloads its loaded pages (at most MAX_RELOAD_PAGES) and replaces them, so sessions that left
   * go; an automatic refresh re-reads page 1 and merges it (one request).
   */
  private refreshStream(stream: Stream, probe: boolean): Promise<void> | undefined {
    const mode: LoadMode = stream.pagesLoaded === 0 ? 'first' : probe ? 'reload' : 'refresh';
    if (stream.expanded || stream === this.rootStream) return this.load(stream, mode, probe);
    this.cancel(stream);
    stream.stale = true;
    const owner = this.ownerOf(stream);
    if (owner) this.deps.onDidChange([owner]);
    return undefined;
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
    const tailBefore = this.tail(stream);
    const result = stream.prepend(session);
    const owner = stream === this.rootStream ? undefined : this.rootGroups().find((g) => g.stream === stream);
    let parent = owner;
    const entry = stream.entry(session.id);
    if (!entry) return undefined;
    entry.keys.forEach((key, depth) => {
      const dimension = stream.spec.levels[depth] === 'status' ? 'status' : 'type';
      parent = this.groupNode(parent, dimension, key, stream, entry.keys.slice(0, depth + 1));
    });
    const node = this.sessionNode((parent)?.id, parent, stream, session.id);
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
    for (const stream of this.streams.values()) this.cancel(stream);
    this.disposed = true;
    this.nodes.clear();
    this.cache.clear();
  }
}
