// Section 4: request economy. A scripted session against the sandbox with its standard limit
// (60 requests per minute per key), on a simulated clock (the sandbox and the client both read
// it; the client's waits advance it), driving the REAL tree provider (SessionsTreeProvider over
// the vscode stand-in) with the REAL client, while a small stand-in of VS Code's tree widget
// asks for children the way VS Code does: root first, then every expanded element again when it
// (or the whole tree) is reported changed (that harness is bench/lib/viewHarness.ts, shared with
// section 6). Auto-refresh ticks are decided by the same
// autoRefreshDecision() the extension's AutoRefresh uses (setting: 30 s, the minimum).
//
// The naive baseline runs the same script against a second sandbox, reloading every page it
// has loaded on each refresh (and on the filter change), with no rate-limit floor.
import type { GroupNode, LoadMoreNode } from '../src/core/sessions/nodes';
import { autoRefreshDecision } from '../src/core/sessions/autoRefreshPolicy';
import { DEFAULT_SETTINGS, type SessionsSettings } from '../src/core/sessions/sessionsSettings';
import type { Sandbox } from '../sandbox/server';
import { check, round, type BudgetCheck } from './lib/stats';
import { harness, openLiveView, type Clock } from './lib/viewHarness';

const START = Date.UTC(2026, 0, 15, 9, 0, 0);
const AUTO_REFRESH_S = 30;
const AUTO_REFRESH_MINUTES = 5;
const EXPANDED_TYPES = ['chat', 'document', 'plan'] as const;
const FILTER = { search: 'Acme' };

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
  const settings: SessionsSettings = { ...DEFAULT_SETTINGS, autoRefreshSeconds: AUTO_REFRESH_S };
  const live = await openLiveView(clock, settings);
  const { sandbox, client, provider, view, idle } = live;
  const steps: Step[] = [];
  const marks: number[] = [];
  let counted = 0;
  const step = (action: string) => {
    const total = sandbox.listRequests();
    steps.push({ at: (clock.now - START) / 1000, action, requests: total - counted });
    counted = total;
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
    await live.close();
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
