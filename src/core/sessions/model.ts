// The Sessions tree's model: the streams (paged queries) of the layout and the stable node
// objects built from what they loaded. A stream's first page is fetched only when its group's
// children are asked for, and loaded pages stay across collapse/expand; each stream owns its
// loading (stream.ts), the model turns what changed into the nodes to fire.
// No vscode import: the adapter passes a fetch function and a change callback in.
import { silentLogger } from '../../api/logger';
import type { Session } from '../../api/types';
import { planLayout, type Layout } from './layout';
import { bucketGroupId, childId, type GroupNode, type LoadMoreNode, type SessionNode, type TreeNode } from './nodes';
import { NodeStore } from './nodeStore';
import { isUnreachable, Overview } from './overview';
import type { SessionsSettings } from './sessionsSettings';
import { Stream, type StreamHost, type Tail } from './stream';
import { defaultTimers, type LoadedMore, type ModelDeps } from './modelDeps';
import type { IngestResult } from './sessionList';
import { loadedMoreMessage } from './labels';
import { applyToStream, matchesQuery } from './liveApply';
import { OTHER_TYPE, typeKeyOf } from './typeInfo';

export class SessionsModel {
  readonly layout: Layout;
  private readonly streams = new Map<string, Stream>();
  private readonly rootStream: Stream | undefined;
  private readonly nodes = new NodeStore();
  private typeGroups: GroupNode[] | undefined;
  /** The stream of "Other types" (the whole list, filtered): also the model's look at the whole list. */
  private readonly otherStream: Stream | undefined;
  /** What is known across the streams (loaded sessions, emptiness, reachability). */
  readonly overview: Overview;
  /** `rootState()` when the root was last told to redraw (or at the start). */
  private shownRootState: string;
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
      changed: (stream, result, tailBefore) => {
        this.overview.noteOutcome(stream);
        // The other group appearing, the list turning out empty, PG:AI becoming (un)reachable:
        // the root's children change.
        const rootState = this.overview.rootState();
        const rootChanged = rootState !== this.shownRootState;
        this.shownRootState = rootState;
        if (rootChanged && !this.disposed) this.deps.onDidChange(undefined);
        else this.fireStream(stream, result, tailBefore);
      },
      onAuthFailure: (error) => deps.onAuthFailure?.(error),
      logger: deps.logger ?? silentLogger,
      timers: deps.timers ?? defaultTimers,
      now: deps.now ?? Date.now,
      maxAutoRetries: deps.maxAutoRetries ?? 3,
    };
    if (this.layout.kind === 'groups') {
      for (const group of this.layout.groups) this.streams.set(group.stream.id, new Stream(group.stream, host));
      this.otherStream = this.streams.get(`t:${OTHER_TYPE}`);
    } else {
      this.rootStream = new Stream(this.layout.stream, host);
      this.rootStream.expanded = true;
      this.streams.set(this.rootStream.spec.id, this.rootStream);
    }
    this.overview = new Overview(this.streams, this.rootStream ?? this.otherStream, this.otherStream, deps.lookAtWholeList === true);
    this.shownRootState = this.overview.rootState();
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

  /**
   * The type groups. "Other types" shows once a session of an undocumented type was found: the
   * first time the groups are shown, its stream's first page (the whole list) is fetched in the
   * background, which also tells whether there are sessions at all (see `emptiness`).
   */
  rootGroups(): GroupNode[] {
    if (this.layout.kind !== 'groups') return [];
    if (!this.typeGroups) {
      this.typeGroups = this.layout.groups.map((group) => this.nodes.group(undefined, 'type', group.key, this.streams.get(group.stream.id) as Stream, []));
      if (this.deps.lookAtWholeList) void this.otherStream?.prefetch();
    }
    return this.overview.otherShown() ? this.typeGroups : this.typeGroups.filter((g) => g.stream !== this.otherStream);
  }

  private async streamChildren(stream: Stream, owner: GroupNode | undefined): Promise<TreeNode[]> {
    await stream.shown();
    if (this.disposed) return [];
    return this.buildStreamChildren(stream, owner);
  }

  private buildStreamChildren(stream: Stream, owner: GroupNode | undefined): TreeNode[] {
    const parentId = owner?.id ?? '';
    const { root } = stream;
    const tail = stream.tail === 'error' && this.overview.unreachableError !== undefined && isUnreachable(stream.error) ? 'unreachable' : stream.tail;
    const shape = `${tail}|${stream.unplacedCount}`;
    const built = this.nodes.builtChildren(parentId, root, shape);
    if (built) return built;
    const children = this.nodes.bucketNodes(stream, owner, root, []);
    if (stream.unplacedCount > 0) children.unshift(this.nodes.leaf('newSessions', stream, owner));
    // While PG:AI cannot be reached the view says so once (with Retry), not in every group.
    if (tail === 'error') children.push(this.nodes.leaf('error', stream, owner));
    else if (tail === 'more') children.push(this.nodes.leaf('loadMore', stream, owner));
    else if (tail === 'empty') children.push(this.nodes.leaf('empty', stream, owner));
    this.nodes.remember(parentId, root, shape, children);
    return children;
  }

  private bucketChildren(node: GroupNode): TreeNode[] {
    const bucket = node.stream.root.at(node.path);
    if (!bucket) return [];
    const built = this.nodes.builtChildren(node.id, bucket, '');
    if (built) return built;
    const children = this.nodes.bucketNodes(node.stream, node, bucket, node.path);
    this.nodes.remember(node.id, bucket, '', children);
    return children;
  }

  // ---- Fetching --------------------------------------------------------------------------

  private ownerOf(stream: Stream): GroupNode | undefined {
    if (stream === this.rootStream) return undefined;
    const node = this.nodes.get(stream.spec.id);
    return node?.kind === 'group' ? node : undefined;
  }

  /** The group that pages `stream`, built if not shown yet; none for the root stream. */
  private pagingGroup(stream: Stream): GroupNode | undefined {
    return stream === this.rootStream ? undefined : (this.ownerOf(stream) ?? this.rootGroups().find((g) => g.stream === stream));
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
      const node = this.nodes.get(bucketGroupId(undefined, 'status', key));
      if (node) changed.push(node);
    }
    const more = this.nodes.get('more');
    if (more && stream.hasMore) changed.push(more);
    if (changed.length > 0) this.deps.onDidChange(changed);
  }

  /**
   * Fetches exactly the next page of the load-more node's stream (nothing while one is running)
   * and says what it added: how many sessions, the first of them (to reveal) and one sentence.
   */
  async loadMore(node: LoadMoreNode | Stream): Promise<LoadedMore | undefined> {
    const stream = node instanceof Stream ? node : node.stream;
    if (!this.owns(stream) || stream.loading !== undefined || !stream.hasMore) {
      if (this.owns(stream)) await stream.loadMore();
      return undefined;
    }
    await stream.loadMore();
    if (!this.owns(stream) || stream.error !== undefined) return undefined;
    const added = stream.lastAdded;
    const owner = this.ownerOf(stream);
    const first = added.length > 0 ? this.nodes.sessionPath(stream, added[0], owner) : undefined;
    return { added: added.length, ...(first ? { first } : {}), message: loadedMoreMessage(stream, owner, added.length) };
  }

  /** Repeats what failed: the first page, the next page, or a refresh. `probe`: the user asked. */
  retry(node: TreeNode | Stream, probe = true): Promise<void> {
    const stream = node instanceof Stream ? node : node.stream;
    return this.owns(stream) ? stream.retry(probe) : Promise.resolve();
  }

  /** Reloads one stream's loaded pages, as the user's Refresh does. */
  reload(node: TreeNode): Promise<void> {
    const stream = node.kind === 'group' || node.kind === 'newSessions' ? node.stream : undefined;
    return stream && this.owns(stream) ? (stream.refresh(true) ?? Promise.resolve()) : Promise.resolve();
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
    // The look at the whole list is taken again even while "Other types" is collapsed.
    if (this.otherStream && this.overview.wholeListLookDue()) pending.push(this.otherStream.prefetch());
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

  /** Puts a just-created session at the top of its group; undefined when the filters have no place for it. */
  insertCreated(session: Session): SessionNode | undefined {
    if (this.disposed) return undefined;
    const stream = this.rootStream ?? this.streams.get(`t:${typeKeyOf(session.type)}`);
    // A search the client cannot judge: the session shows once the server lists it.
    if (!stream || !stream.accepts(session) || matchesQuery(stream.spec.query, session, true) !== true) return undefined;
    const tailBefore = stream.tail;
    const result = stream.prepend(session);
    const node = this.nodes.sessionPath(stream, session.id, this.pagingGroup(stream));
    this.fireStream(stream, result, tailBefore);
    return node;
  }

  /**
   * Applies what a change poll found (newest first) to every stream with loaded pages, firing
   * only the nodes that changed (liveApply.ts). `since`: the newest update time the poll before
   * saw; `updateOnly`: a first poll, which cannot tell new.
   */
  applyChanges(sessions: readonly Session[], since: number | undefined, updateOnly = false): boolean {
    if (this.disposed || sessions.length === 0) return false;
    const fire: TreeNode[] = [];
    let whole = false;
    let changed = false;
    for (const stream of this.streams.values()) {
      if (stream.pagesLoaded === 0) continue;
      const applied = applyToStream(stream, sessions, { since, updateOnly }, this.nodes, this.ownerOf(stream));
      changed ||= applied.changed;
      if (applied.nodes === undefined) whole = true;
      else fire.push(...applied.nodes);
    }
    const rootState = this.overview.rootState();
    if (rootState !== this.shownRootState) whole = true;
    this.shownRootState = rootState;
    if (whole) this.deps.onDidChange(undefined);
    else if (fire.length > 0) this.deps.onDidChange(fire);
    return changed;
  }

  /** The row of a loaded session (in the first stream that has it), with the groups above it. */
  nodeOfSession(id: string): SessionNode | undefined {
    const stream = [...this.streams.values()].find((s) => s.entry(id) !== undefined && (s !== this.otherStream || this.overview.otherShown()));
    return stream && this.nodes.sessionPath(stream, id, this.pagingGroup(stream));
  }

  get isDisposed(): boolean {
    return this.disposed;
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
