// The soak: simulated minutes of use on a fake clock, driving the real tree provider
// (SessionsTreeProvider through the vscode stand-in), the real AutoRefresh, the real sessions
// model and the real PgaiClient against the sandbox with random faults. See runSoak().
// The stand-in first: the tree modules below import `vscode`.
import { standIn } from './standIn';
import assert from 'node:assert/strict';
import { PgaiClient } from '../../src/api/client';
import { isPgaiError } from '../../src/api/errors';
import type { Logger } from '../../src/api/logger';
import { SESSION_TYPES, type Session } from '../../src/api/types';
import type { GroupNode, TreeNode } from '../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, GROUP_BY_VALUES, type SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import { OTHER_TYPE, typeKeyOf } from '../../src/core/sessions/typeInfo';
import { SessionsTreeProvider } from '../../src/vscode/tree/provider';
import { AutoRefresh } from '../../src/vscode/tree/autoRefreshTimer';
import { sessionTooltip, toTreeItem } from '../../src/vscode/tree/treeItems';
import { type FaultAction, type Sandbox, type SessionFilter, startSandbox } from '../../sandbox/server';
import { mulberry32 } from '../../sandbox/data';
import { FakeClock } from './fakeClock';

const SOAK_KEY = 'pgai_soak_H4x-Rt8Lq2Wn5Pz';

export interface SoakOptions {
  readonly minutes: number;
  readonly seed?: number;
  /** Share of requests that hit a fault (default 0.1). */
  readonly faultRate?: number;
  readonly sessionCount?: number;
  readonly progress?: (line: string) => void;
}

export interface SoakReport {
  readonly simulatedMinutes: number;
  readonly realSeconds: number;
  readonly requests: number;
  readonly faultsFired: number;
  readonly actions: Record<string, number>;
  readonly autoRefreshes: number;
  readonly creates: number;
  readonly unhandledRejections: string[];
  readonly duplicateProblems: string[];
  /** Per group of the final layout: [group id, loaded in the tree, the sandbox's count]. */
  readonly finalGroups: [string, number, number][];
  readonly heapGrowthBytes: number;
  readonly leftoverTimers: string[];
  readonly leftoverListeners: number;
  readonly keyLeaks: string[];
  /** 401/403s reported: the client holds the sandbox's key, so any is a bug. */
  readonly authFailures: number;
  /** Log lines written (each was checked for the key). */
  readonly logLinesChecked: number;
}


function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/** The faults, each at faultRate/n, so together about faultRate of requests fail. */
function faultMix(): FaultAction[] {
  return [
    { status: 503, body: { error: 'Service unavailable' } },
    { status: 500, body: { error: 'boom' } },
    { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '3' } },
    { kind: 'drop' },
    { kind: 'dropMidBody' },
    { kind: 'hang' },
    { kind: 'html' },
    { kind: 'truncated' },
    { kind: 'delay', ms: 2_000 },
  ];
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const seed = options.seed ?? 7;
  const random = mulberry32(seed); // seeded, so a soak is repeatable
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const say = options.progress ?? (() => undefined);
  const started = performance.now();

  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(String(reason instanceof Error ? (reason.stack ?? reason.message) : reason));
  process.on('unhandledRejection', onUnhandled);

  // Every line is checked for the key as it is written (keeping them all would grow the heap the
  // soak measures); the last few are kept for the report.
  const logLines: string[] = [];
  const keyLeaks: string[] = [];
  let linesWritten = 0;
  const at = (level: string) => (message: unknown, ...args: unknown[]) => {
    const line = `${level} ${[message, ...args].map(String).join(' ')}`;
    linesWritten++;
    if (line.includes(SOAK_KEY)) keyLeaks.push(line.slice(0, 300));
    logLines.push(line);
    if (logLines.length > 2000) logLines.splice(0, 1000);
  };
  const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };

  const clock = new FakeClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  let sandbox: Sandbox | undefined;
  let heapBefore = 0;
  clock.install();
  try {
    const sb = await startSandbox({
      port: 0,
      apiKey: SOAK_KEY,
      rateLimit: { limit: 120, windowMs: 60_000 },
      sessionCount: options.sessionCount ?? 260,
      seed,
      now: () => clock.now,
    });
    sandbox = sb;
    const rate = options.faultRate ?? 0.1;
    const mix = faultMix();
    for (const then of mix) sb.addFault({ method: 'GET', rate: rate / mix.length, then });
    sb.addFault({ method: 'POST', rate: rate / 2, then: { kind: 'createThenDrop' } });
    sb.addFault({ method: 'POST', rate: rate / 2, then: { status: 503, body: { error: 'busy' } } });

    const client = new PgaiClient({ baseUrl: sb.baseUrl, apiKey: SOAK_KEY, logger, env: {} });
    const changed = new standIn.vscode.EventEmitter<void>();
    let authFailures = 0;
    const connection = {
      state: { kind: 'ready' as const },
      onDidChange: changed.event,
      api: client,
      origin: sb.origin,
      reportAuthFailure: () => {
        authFailures++;
      },
      retry: () => Promise.resolve(),
      dispose: () => undefined,
    };
    let settings: SessionsSettings = { ...DEFAULT_SETTINGS, pageSize: 10, autoRefreshSeconds: 30 };
    const provider = new SessionsTreeProvider(connection, settings, logger);
    let treeChanges = 0;
    const changeSubscription = provider.onDidChangeTreeData(() => {
      treeChanges++;
    });
    // The stand-in's TreeView: visible, and its expand/collapse fire what a user's clicks fire.
    const treeView = provider.view as unknown as { visible: boolean; expand(node: unknown): void; collapse(node: unknown): void };
    treeView.visible = true;
    const autoRefresh = new AutoRefresh(provider, connection, logger);
    autoRefresh.update(settings.autoRefreshSeconds);
    let autoRefreshes = 0;
    const refresh = provider.refresh.bind(provider);
    provider.refresh = () => {
      autoRefreshes++;
      refresh();
    };

    const expanded = new Set<string>();
    const actions: Record<string, number> = {};
    const duplicateProblems: string[] = [];
    let creates = 0;
    const count = (name: string) => {
      actions[name] = (actions[name] ?? 0) + 1;
    };

    /** What VS Code does: ask for the children of the root and of every expanded group, render each item. */
    const walk = async (): Promise<TreeNode[]> => {
      const seen: TreeNode[] = [];
      const visit = async (node: TreeNode | undefined, depth: number): Promise<void> => {
        const children = await clock.settle(Promise.resolve(provider.getChildren(node)));
        const ids = new Set<string>();
        for (const child of children) {
          seen.push(child);
          const item = toTreeItem(child, clock.now);
          assert.equal(typeof item.label === 'string' || typeof item.label === 'object', true);
          if (child.kind === 'session') {
            if (ids.has(child.entry.session.id)) duplicateProblems.push(`${node?.id ?? 'root'}: ${child.entry.session.id} twice`);
            ids.add(child.entry.session.id);
            if (random() < 0.05) sessionTooltip(child, clock.now);
          }
          if (child.kind === 'group' && expanded.has(child.id) && depth < 4) await visit(child, depth + 1);
        }
      };
      await visit(undefined, 0);
      return seen;
    };

    const randomSettings = (): SessionsSettings => {
      const statuses = provider.seenStatuses();
      const groupBy = random() < 0.6 ? 'typeThenStatus' : pick(GROUP_BY_VALUES);
      const types = random() < 0.7 ? [] : SESSION_TYPES.filter(() => random() < 0.3);
      return {
        ...settings,
        groupBy,
        filter: {
          status: random() < 0.7 || statuses.length === 0 ? '' : pick(statuses),
          types,
          companyId: '',
          search: random() < 0.85 ? '' : pick(['a', 'e', 'research', 'plan']),
        },
        sortBy: pick(['updated_at', 'created_at', 'title']),
        sortOrder: pick(['desc', 'asc']),
        pageSize: pick([5, 10, 25]),
      };
    };

    const act = async (nodes: TreeNode[]): Promise<void> => {
      const roll = random();
      const groups = nodes.filter((n): n is GroupNode => n.kind === 'group');
      if (roll < 0.4 && groups.length > 0) {
        const group = pick(groups);
        if (expanded.has(group.id) && random() < 0.3) {
          expanded.delete(group.id);
          treeView.collapse(group);
          count('collapse');
        } else {
          expanded.add(group.id);
          treeView.expand(group);
          count('expand');
        }
      } else if (roll < 0.65) {
        const more = nodes.filter((n) => n.kind === 'loadMore');
        if (more.length > 0) {
          count('loadMore');
          await clock.settle(provider.loadMore(pick(more) as never));
        }
      } else if (roll < 0.75) {
        const errors = nodes.filter((n) => n.kind === 'error');
        if (errors.length > 0) {
          count('retry');
          await clock.settle(provider.retry(pick(errors)));
        }
      } else if (roll < 0.8) {
        count('filterChange');
        settings = randomSettings();
        // register.ts debounces settings by 300 ms, then hands them to the provider.
        await clock.advance(300);
        provider.applySettings(settings);
        expanded.clear();
      } else {
        count('create');
        const type = pick(SESSION_TYPES);
        try {
          const session: Session = await clock.settle(client.createSession({ type, title: `Soak ${creates + 1}` }));
          creates++;
          await clock.settle(provider.showCreatedSession(session));
        } catch (error) {
          if (!isPgaiError(error)) throw error;
          count(`createFailed:${error.kind}`);
        }
      }
    };

    const totalSteps = Math.round((options.minutes * 60) / 30);
    for (let step = 0; step < totalSteps; step++) {
      const actionsThisStep = 2 + Math.floor(random() * 6);
      for (let i = 0; i < actionsThisStep; i++) {
        const nodes = await walk();
        await act(nodes);
        await clock.advance(Math.floor(random() * 3_000));
      }
      // Let the rest of this 30-second slot pass: the auto-refresh timer fires in it.
      const slotEnd = (step + 1) * 30_000 + Date.UTC(2026, 0, 15, 12, 0, 0) + 1;
      if (clock.now < slotEnd) await clock.advance(slotEnd - clock.now);
      await walk();
      if (step === 1) {
        // After a warm-up minute (undici and every module loaded, the sandbox seeded).
        gc();
        heapBefore = process.memoryUsage().heapUsed;
      }
      if (step % 10 === 9) say(`soak: ${((step + 1) * 30) / 60} simulated min, ${sb.requests.length} requests, ${treeChanges} tree changes`);
    }

    // Faults stop; the user refreshes and pages every group to its end.
    sb.clearFaults();
    await clock.advance(61_000); // past any rate-limit window
    provider.refresh();
    const finalGroups: [string, number, number][] = [];
    const roots = await clock.settle(Promise.resolve(provider.getChildren(undefined)));
    const topGroups = roots.filter((n): n is GroupNode => n.kind === 'group' && n.path.length === 0);
    const owners: (GroupNode | undefined)[] = topGroups.length > 0 ? topGroups : [undefined];
    for (const owner of owners) {
      if (owner) {
        expanded.add(owner.id);
        treeView.expand(owner);
      }
      for (let guard = 0; guard < 500; guard++) {
        const children = await clock.settle(Promise.resolve(provider.getChildren(owner)));
        const tail = children[children.length - 1];
        if (tail?.kind === 'loadMore' || tail?.kind === 'error') {
          await clock.settle(tail.kind === 'loadMore' ? provider.loadMore(tail as never) : provider.retry(tail));
          continue;
        }
        if (children.length === 0 && guard < 3) {
          await clock.advance(1_000);
          continue;
        }
        break;
      }
    }
    await walk();
    // Compare with the sandbox, per stream.
    const base: SessionFilter = {
      ...(settings.filter.status ? { status: settings.filter.status } : {}),
      ...(settings.filter.search ? { search: settings.filter.search } : {}),
    };
    const streams = new Map<string, { ids: Set<string>; filter: (s: Session) => boolean; query: SessionFilter; owner?: GroupNode }>();
    const wantedTypes = new Set<string>(settings.filter.types);
    for (const owner of owners) {
      const key = owner?.id ?? 'root';
      const query: SessionFilter = { ...base };
      let filter: (s: Session) => boolean = () => true;
      if (owner && owner.key === OTHER_TYPE) filter = (s) => typeKeyOf(s.type) === OTHER_TYPE;
      else if (owner) query.type = owner.key;
      else if (settings.filter.types.length === 1) query.type = settings.filter.types[0];
      else if (settings.filter.types.length > 1) filter = (s) => typeof s.type === 'string' && wantedTypes.has(s.type);
      const ids = new Set<string>();
      let shown = 0;
      const collect = async (node: TreeNode | undefined): Promise<void> => {
        for (const child of await clock.settle(Promise.resolve(provider.getChildren(node)))) {
          if (child.kind === 'session') {
            shown++;
            ids.add(child.entry.session.id);
          }
          if (child.kind === 'group') await collect(child);
        }
      };
      await collect(owner);
      if (shown !== ids.size) duplicateProblems.push(`${key}: ${shown - ids.size} session(s) shown twice across its buckets`);
      streams.set(key, { ids, filter, query, owner });
    }
    for (const [key, { ids, filter, query }] of streams) {
      const expected = sb.query(query).filter((record) =>
        filter({ id: record.id, type: typeof record.type === 'string' ? record.type : undefined, raw: record }),
      );
      finalGroups.push([key, ids.size, expected.length]);
      const expectedIds = new Set(expected.map((r) => r.id));
      const missing = [...expectedIds].filter((id) => !ids.has(id));
      const extra = [...ids].filter((id) => !expectedIds.has(id));
      if (missing.length > 0 || extra.length > 0) {
        duplicateProblems.push(`${key}: ${missing.length} missing (${missing.slice(0, 3).join(', ')}), ${extra.length} extra (${extra.slice(0, 3).join(', ')})`);
      }
    }
    const requests = sb.requests.length;
    const faultsFired = sb.requests.filter((r) => r.fault !== undefined).length;

    // Deactivate: what context.subscriptions disposal does for the view.
    autoRefresh.dispose();
    changeSubscription.dispose();
    provider.dispose();
    await client.dispose();
    await clock.advance(0);
    const leftoverTimers = clock.pendingFrom('/src/');
    const leftoverListeners = changed.listeners.size;
    // Let sockets close and the heap settle; the sandbox is still up, as it was at the start.
    await FakeClock.realDelay(50);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    await clock.settle(sb.close());
    sandbox = undefined;
    clock.uninstall();
    say(`soak: ${authFailures} auth failures reported, ${treeChanges} tree changes, ${clock.fired} fake timers fired, ${linesWritten} log lines checked for the key`);
    return {
      simulatedMinutes: options.minutes,
      realSeconds: (performance.now() - started) / 1000,
      requests,
      faultsFired,
      actions,
      autoRefreshes,
      creates,
      unhandledRejections: unhandled,
      duplicateProblems,
      finalGroups,
      heapGrowthBytes: heapAfter - heapBefore,
      leftoverTimers,
      leftoverListeners,
      keyLeaks,
      authFailures,
      logLinesChecked: linesWritten,
    };
  } finally {
    clock.uninstall();
    if (sandbox) await sandbox.close();
    process.off('unhandledRejection', onUnhandled);
  }
}
