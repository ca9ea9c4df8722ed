// The system under test of the stateful test: the real connection, tree provider, sessions model,
// create command and PgaiClient (the VS Code layer through the stand-in), against two real
// sandboxes on loopback: two API origins, each with its own key. A small driver plays VS Code's
// tree view: it asks for children the way the view does, renders every item (label, description,
// tooltip, id, context value), and asks again after change events. The invariants are checked here.
import { standIn } from '../soak/standIn';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Session } from '../../src/api/types';
import { ApiKeyStore } from '../../src/core/keyStore';
import type { TreeNode } from '../../src/core/sessions/nodes';
import type { SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import type { Stream } from '../../src/core/sessions/stream';
import { registerCreateSessionCommand, type CreateFailure } from '../../src/vscode/commands/createSession';
import { createConnection, type PgaiConnection } from '../../src/vscode/connection';
import { SessionsTreeProvider } from '../../src/vscode/tree/provider';
import { sessionTooltip } from '../../src/vscode/tree/treeItems';
import { type FaultAction, type Sandbox, startSandbox } from '../../sandbox/server';

export type OriginName = 'a' | 'b';
export const ORIGINS: readonly OriginName[] = ['a', 'b'];
/** Each origin's own key; never real, distinctive so that a leak is easy to see. */
const KEYS: Readonly<Record<OriginName, string>> = { a: 'pgai_state_A-k3y_Zq8Lw2', b: 'pgai_state_B-k3y_Wm4Tx7' };

const ROOT = join(__dirname, '..', '..');

/** The two sandboxes, started once for a run and reset before each sequence. */
export class Servers {
  private constructor(
    readonly a: Sandbox,
    readonly b: Sandbox,
    /** How far each sandbox's clock is off (its Date header, created_at, rate-limit epochs). */
    readonly skew: Record<OriginName, number>,
  ) {}

  static async start(): Promise<Servers> {
    const skew: Record<OriginName, number> = { a: 0, b: 0 };
    const [a, b] = await Promise.all(
      ORIGINS.map((name, i) => startSandbox({ port: 0, apiKey: KEYS[name], rateLimit: false, sessionCount: i === 0 ? 60 : 25, seed: 11 + i, now: () => Date.now() + skew[name] })),
    );
    return new Servers(a, b, skew);
  }

  of(name: OriginName): Sandbox {
    return name === 'a' ? this.a : this.b;
  }

  reset(): void {
    for (const name of ORIGINS) {
      const sandbox = this.of(name);
      sandbox.release();
      sandbox.reset();
      sandbox.setOptions({ apiKey: KEYS[name], rateLimit: false, ignorePage: false, latencyMs: 0 });
      this.skew[name] = 0;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.a.close(), this.b.close()]);
  }
}

export interface WorldStart {
  readonly origin: OriginName;
  readonly keys: Readonly<Record<OriginName, boolean>>;
  readonly settings: SessionsSettings;
  /** How far this machine's clock is off. */
  readonly clientSkewMs: number;
}

/** What a run did, for its report. */
export interface StatefulTotals {
  sequences: number;
  commands: number;
  requests: number;
  faultsFired: number;
  sessionsLoaded: number;
  /** Creates by outcome: created, notCreated, unknown, ambiguous, createdUnseen, none (still running at the end). */
  creates: Record<string, number>;
}

interface CreateRecord {
  readonly title: string;
  readonly type: string;
  readonly companyId: string | undefined;
  /** The origin the connection used when the command ran (the POST goes there). */
  readonly origin: string | undefined;
  result?: Session | CreateFailure | undefined;
}

type LogLine = string;

/** A LogOutputChannel stand-in that keeps every line (for the key-leak check). */
function recordingChannel(lines: LogLine[]) {
  const at = (level: string) => (message: unknown, ...args: unknown[]) => {
    lines.push(`${level} ${[message, ...args].map((m) => (m instanceof Error ? `${m.message} ${m.stack ?? ''}` : String(m))).join(' ')}`);
  };
  return { name: 'PG:AI Sessions', logLevel: 1, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {}, onDidChangeLogLevel: () => ({ dispose() {} }) };
}

/** Instant waits (holds and backoff), still ending when aborted. */
function instantSleep(_ms: number, signal?: AbortSignal): Promise<void> {
  return signal?.aborted ? Promise.reject(new Error('aborted')) : new Promise((resolve) => setImmediate(resolve));
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class World {
  readonly violations: string[] = [];
  readonly logLines: LogLine[] = [];
  readonly creates: CreateRecord[] = [];
  /** Node ids the view has expanded, and every node it was given. */
  private readonly expanded = new Set<string>();
  private readonly known = new Map<string, TreeNode>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly context: ReturnType<typeof standIn.createContext>;
  readonly connection: PgaiConnection;
  readonly provider: SessionsTreeProvider;
  settings: SessionsSettings;
  private disposed = false;
  private creates_ = 0;

  private constructor(
    readonly servers: Servers,
    start: WorldStart,
    readonly label: string,
    private readonly totals: StatefulTotals,
  ) {
    this.settings = start.settings;
    standIn.setConfiguration('pgai.apiBaseUrl', servers.of(start.origin).baseUrl);
    this.context = standIn.createContext(ROOT);
    const channel = recordingChannel(this.logLines) as unknown as Parameters<typeof createConnection>[1];
    // Keys already stored when the window opens.
    for (const name of ORIGINS) if (start.keys[name]) void new ApiKeyStore(this.context.secrets).set(servers.of(name).origin, KEYS[name]);
    this.connection = createConnection(this.context as never, channel, {
      now: () => Date.now() + start.clientSkewMs,
      sleep: instantSleep,
      attemptTimeoutMs: 5_000,
      totalTimeoutMs: 45_000,
    });
    this.provider = new SessionsTreeProvider(this.connection, this.settings, channel);
    registerCreateSessionCommand(this.context as never, this.connection, this.provider, channel, () => tick());
    this.context.subscriptions.push(this.provider);
    this.provider.onDidChangeTreeData((change) => this.onTreeChange(change));
  }

  static async create(servers: Servers, start: WorldStart, label: string, totals: StatefulTotals): Promise<World> {
    const world = new World(servers, start, label, totals);
    await world.connection.whenReady();
    world.show();
    return world;
  }

  // ---- playing VS Code's tree view -------------------------------------------------------

  /** Keeps an operation's promise; a rejection is a violation (nothing may break the view). */
  track(promise: PromiseLike<unknown>, what: string): void {
    const kept = Promise.resolve(promise).then(undefined, (error: unknown) => {
      this.violations.push(`${what} rejected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.pending.add(kept);
    void kept.finally(() => this.pending.delete(kept));
  }

  /** Asks for a node's children (the root when undefined), renders each, and descends into expanded ones. */
  show(node?: TreeNode): void {
    if (this.disposed) return;
    const children = Promise.resolve(this.provider.getChildren(node)).then((list) => {
      if (this.disposed) return;
      for (const child of list) {
        this.render(child);
        this.known.set(child.id, child);
        if (child.kind === 'group' && this.expanded.has(child.id)) this.show(child);
      }
    });
    this.track(children, `getChildren(${node?.id ?? 'root'})`);
  }

  /** getTreeItem and resolveTreeItem, as VS Code calls them for a row on screen and its hover. */
  private render(node: TreeNode): void {
    try {
      const item = this.provider.getTreeItem(node);
      assert.equal(typeof item.label, 'string');
      assert.ok(typeof item.id === 'string' && item.id.length > 0 && item.id.length < 4_000, `id of ${node.kind}`);
      encodeURIComponent(item.id);
      if (typeof item.description === 'string') assert.ok(item.description.length <= 400, 'a description over 400 characters');
      assert.ok((item.label as string).length <= 200, 'a label over 200 characters');
      if (item.contextValue !== undefined) assert.match(item.contextValue, /^[A-Za-z ]+$/);
      const tooltip = sessionTooltip(node, Date.now());
      if (tooltip) {
        assert.equal(tooltip.isTrusted, false);
        assert.ok(tooltip.value.length < 5_000, 'a tooltip over 5,000 characters');
      }
      for (const text of [item.label, item.description, tooltip?.value]) {
        if (typeof text === 'string') assert.ok(!holdsKey(text), 'a key on screen');
      }
    } catch (error) {
      this.violations.push(`rendering ${node.kind} ${node.id.slice(0, 80)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onTreeChange(change: TreeNode | TreeNode[] | undefined | void): void {
    if (change === undefined || change === null) {
      this.show();
      return;
    }
    for (const node of Array.isArray(change) ? change : [change]) {
      this.render(node);
      if (node.kind === 'group' && this.expanded.has(node.id)) this.show(node);
    }
  }

  /** Known nodes of a kind, in a stable order, for commands to pick from. */
  nodes(kind: TreeNode['kind']): TreeNode[] {
    return [...this.known.values()].filter((n) => n.kind === kind).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  expand(node: TreeNode): void {
    this.expanded.add(node.id);
    this.view().expand(node);
    this.show(node);
  }

  collapse(node: TreeNode): void {
    this.expanded.delete(node.id);
    this.view().collapse(node);
  }

  /** The stand-in's TreeView: its expand/collapse fire what a user's clicks fire. */
  private view(): { expand(node: TreeNode): void; collapse(node: TreeNode): void } {
    return this.provider.view as unknown as { expand(node: TreeNode): void; collapse(node: TreeNode): void };
  }

  changeSettings(settings: SessionsSettings): void {
    this.settings = settings;
    this.known.clear();
    this.provider.applySettings(settings);
    // Settings that list the same sessions keep the model: what is shown is read again.
    this.show();
  }

  // ---- the world outside ----------------------------------------------------------------

  switchOrigin(name: OriginName): void {
    standIn.setConfiguration('pgai.apiBaseUrl', this.servers.of(name).baseUrl);
  }

  /** A key stored or removed as from another window (the change event arrives later). */
  storeKey(name: OriginName): void {
    this.track(new ApiKeyStore(this.context.secrets).set(this.servers.of(name).origin, KEYS[name]), 'store key');
  }

  deleteKey(name: OriginName): void {
    this.track(new ApiKeyStore(this.context.secrets).delete(this.servers.of(name).origin), 'delete key');
  }

  /**
   * Creates a session; `again`: the user's Try Again, offered only once the last create was
   * reported not created or unknown: the same values again.
   */
  create(type: string, companyId: string | undefined, again = false): void {
    const last = this.creates.at(-1);
    const failed = last?.result !== undefined && !('id' in last.result) && (last.result.outcome === 'notCreated' || last.result.outcome === 'unknown');
    if (again && !failed) return;
    const repeat = again && last !== undefined;
    const record: CreateRecord = {
      title: repeat ? last.title : `Stateful ${this.label} #${++this.creates_}`,
      type: repeat ? last.type : type,
      companyId: repeat ? last.companyId : companyId,
      origin: this.connection.origin,
    };
    this.creates.push(record);
    const run = standIn.vscode.commands.executeCommand('pgai.createSession', { noPrompt: true, type: record.type, title: record.title, ...(record.companyId ? { companyId: record.companyId } : {}) });
    this.track(
      Promise.resolve(run).then((result) => {
        record.result = result as Session | CreateFailure | undefined;
      }),
      'create',
    );
  }

  fault(name: OriginName, then: FaultAction, method?: 'GET' | 'POST'): void {
    this.servers.of(name).addFault({ nth: 1, times: 1, ...(method ? { method } : {}), then });
  }

  // ---- waiting and checking ---------------------------------------------------------------

  /** Lets every held request go and waits until nothing is in flight anywhere. */
  async settle(): Promise<void> {
    for (let round = 0; round < 500; round++) {
      for (const name of ORIGINS) this.servers.of(name).release();
      await Promise.allSettled([...this.pending]);
      await tick();
      const busy = this.pending.size > 0 || ORIGINS.some((n) => this.servers.of(n).inFlight > 0) || this.streams().some((s) => s.loading !== undefined);
      if (!busy) {
        // Change events fire after a load settles, and a request aborted just now may still be
        // on its way over loopback: quiet means nothing new for 5 ms.
        const seen = this.requestCount();
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (this.pending.size === 0 && this.requestCount() === seen && ORIGINS.every((n) => this.servers.of(n).inFlight === 0)) return;
      }
      await new Promise((resolve) => setTimeout(resolve, round < 20 ? 0 : 5));
    }
    this.violations.push(`never settled: ${this.pending.size} operations, ${ORIGINS.map((n) => this.servers.of(n).inFlight).join('/')} requests in flight, loading: ${this.streams().filter((s) => s.loading).map((s) => `${s.spec.id}:${s.loading}`).join(' ')}`);
  }

  private requestCount(): number {
    return ORIGINS.reduce((n, name) => n + this.servers.of(name).requests.length, 0);
  }

  /** The streams of the current model (through the provider's test seam). */
  streams(): readonly Stream[] {
    return this.provider.model?.allStreams() ?? [];
  }

  /** Cheap checks after every command. */
  checkAlways(): void {
    for (const name of ORIGINS) {
      const sandbox = this.servers.of(name);
      const foreign = sandbox.requests.filter((r) => !r.keyValid);
      if (foreign.length > 0) this.violations.push(`${name} received ${foreign.length} request(s) without its key (${foreign[0].method} ${foreign[0].path})`);
    }
    const posts = ORIGINS.reduce((n, name) => n + this.servers.of(name).requests.filter((r) => r.method === 'POST').length, 0);
    if (posts > this.creates.length) this.violations.push(`${posts} POSTs for ${this.creates.length} creates`);
    for (const stream of this.streams()) {
      const ids = collectIds(stream.root);
      if (new Set(ids).size !== ids.length) this.violations.push(`duplicate ids in ${stream.spec.id}`);
      if (ids.length !== stream.entries.size) this.violations.push(`${stream.spec.id}: ${ids.length} rows for ${stream.entries.size} sessions`);
    }
  }

  /** After the last command: faults off, settle, the user's Refresh, and every invariant. */
  async finish(): Promise<void> {
    for (const name of ORIGINS) this.servers.of(name).clearFaults();
    await this.settle();
    for (const stream of this.streams()) if (stream.loading) this.violations.push(`${stream.spec.id} still loading`);
    this.checkAlways();
    if (this.connection.state.kind === 'ready') {
      this.provider.refresh(true);
      await this.settle();
      this.checkLoadedMatchServer();
    }
    this.checkCreates();
    for (const line of this.logLines) if (holdsKey(line)) this.violations.push(`a key in the log: ${line.slice(0, 200)}`);
    this.tally();
    await this.dispose();
  }

  /** What this sequence did, added to the run's totals (for the report). */
  private tally(): void {
    const t = this.totals;
    t.sequences++;
    for (const name of ORIGINS) {
      const requests = this.servers.of(name).requests;
      t.requests += requests.length;
      t.faultsFired += requests.filter((r) => r.fault !== undefined).length;
    }
    t.sessionsLoaded += this.streams().reduce((n, s) => n + s.loaded, 0);
    for (const record of this.creates) {
      const kind = record.result === undefined ? 'none' : 'id' in record.result ? 'created' : record.result.outcome;
      t.creates[kind] = (t.creates[kind] ?? 0) + 1;
    }
  }

  private checkLoadedMatchServer(): void {
    const origin = this.connection.origin;
    const name = ORIGINS.find((n) => this.servers.of(n).origin === origin);
    if (!name) return;
    const sandbox = this.servers.of(name);
    for (const stream of this.streams()) {
      if (stream.pagesLoaded === 0 || !stream.expanded) continue;
      if (stream.error) {
        this.violations.push(`${stream.spec.id} failed after faults stopped: ${stream.error.message}`);
        continue;
      }
      const q = stream.spec.query;
      const all = sandbox
        .query({
          ...(q.status ? { status: q.status } : {}),
          ...(q.type ? { type: q.type } : {}),
          ...(q.companyId ? { company_id: q.companyId } : {}),
          ...(q.search ? { search: q.search } : {}),
          sortBy: (q.sortBy ?? 'created_at') as 'created_at',
          sortOrder: (q.sortOrder ?? 'desc') as 'desc',
        })
        .slice(0, stream.pagesLoaded * stream.perPage)
        .map((r) => ({ id: r.id, type: r.type }))
        .filter((r) => stream.accepts({ id: r.id, type: r.type, raw: {} }))
        .map((r) => r.id);
      const loaded = [...stream.entries.keys()];
      if (JSON.stringify(loaded) !== JSON.stringify(all)) {
        this.violations.push(`${stream.spec.id} after Refresh differs from ${name}: loaded ${loaded.length} [${loaded.slice(0, 4).join(',')}…], server ${all.length} [${all.slice(0, 4).join(',')}…]`);
      }
    }
  }

  private checkCreates(): void {
    const originName = (origin: string | undefined) => ORIGINS.find((n) => this.servers.of(n).origin === origin);
    const onServer = (name: OriginName | undefined, title: string) => (name ? this.servers.of(name).sessions().filter((s) => s.title === title) : []);
    for (const name of ORIGINS) {
      const titles = this.servers.of(name).sessions().map((s) => s.title).filter((t): t is string => typeof t === 'string' && t.startsWith('Stateful '));
      for (const title of new Set(titles)) {
        const count = titles.filter((t) => t === title).length;
        if (count > 1) this.violations.push(`“${title}” exists ${count} times on ${name}`);
      }
    }
    this.creates.forEach((record, i) => {
      const result = record.result;
      if (result === undefined) return;
      const where = originName(record.origin);
      if ('id' in result) {
        if (!onServer(where, record.title).some((s) => s.id === result.id)) {
          this.violations.push(`“${record.title}” reported created as ${result.id}, which is not that session on ${record.origin ?? '?'}`);
        }
        return;
      }
      // A later Try Again on the same origin may have created it since.
      const retried = this.creates.slice(i + 1).some((r) => r.title === record.title && r.origin === record.origin);
      if (result.outcome === 'notCreated' && result.certain === true && !retried && onServer(where, record.title).length > 0) {
        this.violations.push(`“${record.title}” reported certainly not created, but it exists on ${record.origin ?? '?'} (${result.error})`);
      }
    });
  }

  /** Disposes everything as deactivation does, then checks that nothing is sent any more. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    // Whatever was sent before the dispose arrives first; counted from here, nothing may come.
    await this.settle();
    for (const d of this.context.subscriptions.splice(0)) d.dispose();
    this.connection.dispose();
    this.disposed = true;
    const counts = ORIGINS.map((n) => this.servers.of(n).requests.length);
    await Promise.allSettled([...this.pending]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await tick();
    const after = ORIGINS.map((n) => this.servers.of(n).requests.length);
    if (after.some((c, i) => c !== counts[i])) this.violations.push(`requests after dispose: ${counts.join('/')} → ${after.join('/')}`);
  }
}

function holdsKey(text: string): boolean {
  return text.includes(KEYS.a) || text.includes(KEYS.b);
}

function collectIds(bucket: Stream['root']): string[] {
  if (bucket.children.size === 0) return [...bucket.ids];
  return [...bucket.children.values()].flatMap(collectIds);
}
