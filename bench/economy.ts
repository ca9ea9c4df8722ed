// Section 4: request economy. A scripted session against the sandbox with its standard limit
// (60 requests per minute per key), on a simulated clock (the sandbox and the client both read
// it; the client's waits advance it), driving the REAL tree provider (SessionsTreeProvider over
// the vscode stand-in) with the REAL client, while a small stand-in of VS Code's tree widget
// asks for children the way VS Code does: root first, then every expanded element again when it
// (or the whole tree) is reported changed. Auto-refresh ticks are decided by the same
// autoRefreshDecision() the extension's AutoRefresh uses (setting: 30 s, the minimum).
//
// The naive baseline runs the same script against a second sandbox, reloading every page it
// has loaded on each refresh (and on the filter change), with no rate-limit floor.
import '../test/support/vscode-stand-in.cjs';
import { PgaiClient } from '../src/api/client';
import { silentLogger } from '../src/api/logger';
import type { ListQuery, SessionPage } from '../src/api/types';
import { autoRefreshDecision } from '../src/core/sessions/autoRefreshPolicy';
import type { GroupNode, LoadMoreNode, TreeNode } from '../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, type SessionsSettings } from '../src/core/sessions/sessionsSettings';
import type { SessionsConnection } from '../src/vscode/contracts';
import { SessionsTreeProvider } from '../src/vscode/tree/provider';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { check, round, type BudgetCheck } from './lib/stats';

const START = Date.UTC(2026, 0, 15, 9, 0, 0);
const AUTO_REFRESH_S = 30;
const AUTO_REFRESH_MINUTES = 5;
const EXPANDED_TYPES = ['chat', 'document', 'plan'] as const;
const FILTER = { search: 'Acme' };

interface Clock {
  now: number;
}

function harness(clock: Clock): Promise<{ sandbox: Sandbox; client: PgaiClient }> {
  return startSandbox({ port: 0, rateLimit: { limit: 60, windowMs: 60_000 }, now: () => clock.now }).then((sandbox) => ({
    sandbox,
    client: new PgaiClient({
      baseUrl: sandbox.baseUrl,
      apiKey: sandbox.apiKey,
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    }),
  }));
}

/** VS Code's side of the tree, reduced to what decides requests: which elements it asks children of. */
class ViewStandIn {
  readonly expanded = new Set<string>();
  private readonly pending: Promise<unknown>[] = [];

  constructor(private readonly provider: SessionsTreeProvider) {
    provider.onDidChangeTreeData((change) => {
      const nodes = change === undefined ? [undefined] : Array.isArray(change) ? change : [change];
      for (const node of nodes) {
        if (node === undefined || this.expanded.has(node.id)) this.pending.push(this.render(node));
      }
    });
  }

  async render(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.provider.getChildren(node);
    for (const child of children) {
      this.provider.getTreeItem(child);
      if (child.kind === 'group' && this.expanded.has(child.id)) await this.render(child);
    }
    return children;
  }

  async expand(node: TreeNode): Promise<void> {
    this.expanded.add(node.id);
    // The stand-in's TreeView fires what VS Code fires when a user expands the node.
    (this.provider.view as unknown as { expand(n: TreeNode): void }).expand(node);
    await this.render(node);
    await this.settle();
  }

  async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }
}

interface Step {
  readonly at: number;
  readonly action: string;
  readonly requests: number;
}

export interface EconomyRun {
  readonly requests: number;
  readonly rateLimited: number;
  readonly steps: Step[];
  readonly autoRefreshTicks: number;
  readonly autoRefreshRuns: number;
  readonly duplicatePages: string[];
  readonly durationMinutes: number;
}

export interface EconomyResult {
  readonly script: string;
  readonly ours: EconomyRun;
  readonly naive: EconomyRun;
  readonly ratio: number;
  readonly checks: BudgetCheck[];
}

function queryKey(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${k}=${query[k]}`)
    .join('&');
}

/** Same query asked again with no refresh (or filter change) in between. */
function duplicates(sandbox: Sandbox, refreshMarks: readonly number[]): string[] {
  const list = sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions'));
  const last = new Map<string, number>();
  const found: string[] = [];
  list.forEach((r, i) => {
    const key = queryKey(r.query);
    const prev = last.get(key);
    if (prev !== undefined && !refreshMarks.some((m) => m > prev && m <= i)) found.push(key);
    last.set(key, i);
  });
  return found;
}

const count429 = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.status === 429).length;

async function runOurs(): Promise<EconomyRun> {
  const clock: Clock = { now: START };
  const { sandbox, client } = await harness(clock);
  const connection = {
    state: { kind: 'ready' },
    api: client,
    origin: sandbox.origin,
    onDidChange: () => ({ dispose: () => undefined }),
    reportAuthFailure: () => undefined,
    retry: () => Promise.resolve(),
    dispose: () => undefined,
  } as unknown as SessionsConnection;
  const settings: SessionsSettings = { ...DEFAULT_SETTINGS, autoRefreshSeconds: AUTO_REFRESH_S };
  const provider = new SessionsTreeProvider(connection, settings, silentLogger);
  const view = new ViewStandIn(provider);
  const steps: Step[] = [];
  const marks: number[] = [];
  let counted = 0;
  const step = (action: string) => {
    const total = sandbox.listRequests();
    steps.push({ at: (clock.now - START) / 1000, action, requests: total - counted });
    counted = total;
  };
  const idle = async () => {
    // Lets the provider's own requests (refresh) finish, then VS Code's re-rendering.
    for (let i = 0; i < 200 && (await busy()); i++) await new Promise((r) => setTimeout(r, 2));
    await view.settle();
  };
  let inFlight = 0;
  const original = client.listSessions.bind(client);
  client.listSessions = async (query: ListQuery, signal?: AbortSignal): Promise<SessionPage> => {
    inFlight++;
    try {
      return await original(query, signal);
    } finally {
      inFlight--;
    }
  };
  const busy = async () => {
    await new Promise((r) => setImmediate(r));
    return inFlight > 0;
  };
  try {
    const roots = (await view.render()) as GroupNode[];
    step('open the view');
    for (const type of EXPANDED_TYPES) {
      clock.now += 3000;
      await view.expand(roots.find((g) => g.key === type) as GroupNode);
      step(`expand ${type}`);
    }
    for (let i = 0; i < 2; i++) {
      clock.now += 5000;
      const chat = roots.find((g) => g.key === 'chat') as GroupNode;
      const more = (await provider.getChildren(chat)).find((n): n is LoadMoreNode => n.kind === 'loadMore');
      if (!more) throw new Error('Chat has no "Load more" item');
      await provider.loadMore(more);
      await idle();
      step('load more (chat)');
    }
    clock.now += 10_000;
    marks.push(sandbox.listRequests());
    provider.applySettings({ ...settings, filter: { ...settings.filter, ...FILTER } }); // what the settings listener does after its debounce
    await idle();
    step(`change a filter (search "${FILTER.search}")`);
    clock.now += 10_000;
    marks.push(sandbox.listRequests());
    provider.refresh();
    await idle();
    step('refresh');
    let ticks = 0;
    let runs = 0;
    for (let elapsed = AUTO_REFRESH_S; elapsed <= AUTO_REFRESH_MINUTES * 60; elapsed += AUTO_REFRESH_S) {
      clock.now += AUTO_REFRESH_S * 1000;
      ticks++;
      const decision = autoRefreshDecision({ visible: true, focused: true, rateLimit: client.rateLimit, now: clock.now, cost: Math.max(1, provider.refreshCost()) });
      if (decision === 'run') {
        runs++;
        marks.push(sandbox.listRequests());
        provider.refresh();
        await idle();
      }
    }
    step(`auto-refresh every ${AUTO_REFRESH_S} s for ${AUTO_REFRESH_MINUTES} min (${runs} of ${ticks} ticks ran)`);
    return {
      requests: sandbox.listRequests(),
      rateLimited: count429(sandbox),
      steps,
      autoRefreshTicks: ticks,
      autoRefreshRuns: runs,
      duplicatePages: duplicates(sandbox, marks),
      durationMinutes: round((clock.now - START) / 60_000),
    };
  } finally {
    provider.dispose();
    await client.dispose();
    await sandbox.close();
  }
}

async function runNaive(): Promise<EconomyRun> {
  const clock: Clock = { now: START };
  const { sandbox, client } = await harness(clock);
  const loaded = new Map<string, number>(); // type → pages loaded
  let filter: { search?: string } = {};
  const steps: Step[] = [];
  let counted = 0;
  const step = (action: string) => {
    const total = sandbox.listRequests();
    steps.push({ at: (clock.now - START) / 1000, action, requests: total - counted });
    counted = total;
  };
  const get = (type: string, page: number) => client.listSessions({ type, page, perPage: DEFAULT_SETTINGS.pageSize, sortBy: 'updated_at', sortOrder: 'desc', ...filter }).catch(() => undefined);
  const reloadAll = async () => {
    for (const [type, pages] of loaded) for (let p = 1; p <= pages; p++) await get(type, p);
  };
  try {
    step('open the view');
    for (const type of EXPANDED_TYPES) {
      clock.now += 3000;
      await get(type, 1);
      loaded.set(type, 1);
      step(`expand ${type}`);
    }
    for (let i = 0; i < 2; i++) {
      clock.now += 5000;
      const pages = (loaded.get('chat') as number) + 1;
      await get('chat', pages);
      loaded.set('chat', pages);
      step('load more (chat)');
    }
    clock.now += 10_000;
    filter = FILTER;
    await reloadAll();
    step('change a filter (reloads every loaded page)');
    clock.now += 10_000;
    await reloadAll();
    step('refresh (every loaded page)');
    let ticks = 0;
    for (let elapsed = AUTO_REFRESH_S; elapsed <= AUTO_REFRESH_MINUTES * 60; elapsed += AUTO_REFRESH_S) {
      clock.now += AUTO_REFRESH_S * 1000;
      ticks++;
      await reloadAll();
    }
    step(`auto-refresh every ${AUTO_REFRESH_S} s for ${AUTO_REFRESH_MINUTES} min`);
    return {
      requests: sandbox.listRequests(),
      rateLimited: count429(sandbox),
      steps,
      autoRefreshTicks: ticks,
      autoRefreshRuns: ticks,
      duplicatePages: [],
      durationMinutes: round((clock.now - START) / 60_000),
    };
  } finally {
    await client.dispose();
    await sandbox.close();
  }
}

export async function benchEconomy(): Promise<EconomyResult> {
  const ours = await runOurs();
  const naive = await runNaive();
  const ratio = round(naive.requests / ours.requests);
  const checks = [
    check('4', 'HTTP 429 answers in the scripted session', '0', String(ours.rateLimited), ours.rateLimited === 0),
    check(
      '4',
      'Pages requested twice without a refresh asking for it',
      '0',
      ours.duplicatePages.length === 0 ? '0' : `${ours.duplicatePages.length}: ${ours.duplicatePages.slice(0, 3).join('; ')}`,
      ours.duplicatePages.length === 0,
    ),
  ];
  return {
    script: `open the view; expand ${EXPANDED_TYPES.join(', ')}; load more twice (chat); set filter.search "${FILTER.search}"; refresh; auto-refresh every ${AUTO_REFRESH_S} s for ${AUTO_REFRESH_MINUTES} min`,
    ours,
    naive,
    ratio,
    checks,
  };
}
