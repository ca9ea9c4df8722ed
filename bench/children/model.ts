// Section 3, run in its own process with --expose-gc:
//   node --expose-gc --import tsx bench/children/model.ts time|heap
// Feeds 200 pages of 50 sessions into the grouped model (SessionsModel, default grouping
// type → status, the Chat group paging its own stream) through its public API: the first page
// by expanding the group (getChildren), the next 199 by loadMore(), exactly as the tree provider
// does. Pages are built from the sandbox's seeded generator and parsed by the client's parser.
// Half the sessions are "completed", so that status group holds 5,000 sessions at the end.
import '../../test/support/vscode-stand-in.cjs';
import { goToChoices } from '../../src/core/sessions/goTo';
import { parseSessionList } from '../../src/api/parse';
import type { SessionPage } from '../../src/api/types';
import { SessionsModel } from '../../src/core/sessions/model';
import type { GroupNode, TreeNode } from '../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS } from '../../src/core/sessions/sessionsSettings';
import { toTreeItem } from '../../src/vscode/tree/treeItems';
import { generateSessions } from '../../sandbox/data';
import { median } from '../lib/stats';

const PAGES = 200;
const PER_PAGE = 50;
const TOTAL = PAGES * PER_PAGE;
const ANCHOR = Date.UTC(2026, 0, 15);
const gc = (globalThis as { gc?: () => void }).gc;

/** The JSON bodies of the 200 pages, as the server would send them. */
function pageBodies(): string[] {
  const records = generateSessions(7, TOTAL, ANCHOR);
  records.forEach((r, i) => {
    r.type = 'chat';
    if (i % 2 === 0) r.status = 'completed';
    else if (r.status === 'completed') r.status = 'failed';
  });
  const bodies: string[] = [];
  for (let p = 0; p < PAGES; p++) {
    bodies.push(JSON.stringify({ items: records.slice(p * PER_PAGE, (p + 1) * PER_PAGE), total: TOTAL, page: p + 1, per_page: PER_PAGE }));
  }
  return bodies;
}

const parse = (body: string, page: number): SessionPage => parseSessionList(JSON.parse(body), { page, perPage: PER_PAGE });

function newModel(fetchPage: (page: number) => SessionPage): SessionsModel {
  return new SessionsModel(
    { ...DEFAULT_SETTINGS, pageSize: PER_PAGE },
    { fetchPage: async (query) => fetchPage(query.page ?? 1), onDidChange: () => undefined },
  );
}

function chatGroup(model: SessionsModel): GroupNode {
  const group = model.rootGroups().find((g) => g.key === 'chat');
  if (!group) throw new Error('no Chat group');
  return group;
}

function statusGroup(model: SessionsModel, chat: GroupNode, status: string): GroupNode {
  const node = model.childrenNow(chat).find((n): n is GroupNode => n.kind === 'group' && n.key === status);
  if (!node) throw new Error(`no ${status} group`);
  return node;
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** Ingests every page into a fresh model; per-page times (index 0 = page 1). */
async function ingestRun(pages: SessionPage[]): Promise<{ model: SessionsModel; ingest: number[]; withRequery: number[] }> {
  const model = newModel((page) => pages[page - 1]);
  const chat = chatGroup(model);
  const ingest: number[] = [];
  const withRequery: number[] = [];
  let t = process.hrtime.bigint();
  await model.getChildren(chat);
  ingest.push(ms(t));
  withRequery.push(ingest[0]);
  for (let p = 2; p <= PAGES; p++) {
    t = process.hrtime.bigint();
    await model.loadMore(chat.stream);
    const ingested = ms(t);
    // What VS Code then asks of the changed (expanded) Chat group: its status sub-groups.
    model.childrenNow(chat);
    withRequery.push(ms(t));
    ingest.push(ingested);
  }
  if (model.overview.loadedSessions().length !== TOTAL) throw new Error(`loaded ${model.overview.loadedSessions().length} sessions, expected ${TOTAL}`);
  return { model, ingest, withRequery };
}

/** Median of pages from..to (1-based): robust to a garbage collection landing on one page. */
const windowMedian = (values: number[], from: number, to: number) => median(values.slice(from - 1, to));

async function timeMode(runs: number): Promise<unknown> {
  const bodies = pageBodies();
  const pages = bodies.map((b, i) => parse(b, i + 1));
  const page2: number[] = [];
  const page200: number[] = [];
  const early: number[] = [];
  const late: number[] = [];
  const earlyRequery: number[] = [];
  const lateRequery: number[] = [];
  const childrenCold: number[] = [];
  const childrenWarm: number[] = [];
  const providerCold: number[] = [];
  const goTo: number[] = [];
  let goToCount = 0;
  let groupSize = 0;
  for (let r = 0; r < runs + 1; r++) {
    const { model, ingest, withRequery } = await ingestRun(pages);
    const chat = chatGroup(model);
    const completed = statusGroup(model, chat, 'completed');
    // First expansion of the 5,000-session group: the model builds its children.
    let t = process.hrtime.bigint();
    const children = model.childrenNow(completed);
    const cold = ms(t);
    groupSize = children.filter((c) => c.kind === 'session').length;
    t = process.hrtime.bigint();
    model.childrenNow(completed);
    const warm = ms(t);
    // What the extension host does on that expansion: getChildren, then getTreeItem for each.
    const fresh = (await ingestRun(pages)).model;
    const freshCompleted = statusGroup(fresh, chatGroup(fresh), 'completed');
    t = process.hrtime.bigint();
    const kids: TreeNode[] = await fresh.getChildren(freshCompleted);
    const now = Date.now();
    for (const kid of kids) toTreeItem(kid, now);
    const provider = ms(t);
    // Go to Session's first choices: every loaded session once, as items (no request).
    t = process.hrtime.bigint();
    goToCount = goToChoices(model.overview.loadedSessions(), [], now).length;
    const goToTime = ms(t);
    if (r === 0) continue; // warm-up run
    goTo.push(goToTime);
    page2.push(ingest[1]);
    page200.push(ingest[PAGES - 1]);
    early.push(windowMedian(ingest, 2, 11));
    late.push(windowMedian(ingest, 191, 200));
    earlyRequery.push(windowMedian(withRequery, 2, 11));
    lateRequery.push(windowMedian(withRequery, 191, 200));
    childrenCold.push(cold);
    childrenWarm.push(warm);
    providerCold.push(provider);
    model.dispose();
    fresh.dispose();
  }
  return {
    runs,
    pages: PAGES,
    perPage: PER_PAGE,
    groupSize,
    page2Ms: median(page2),
    page200Ms: median(page200),
    pages2to11MedianMs: median(early),
    pages191to200MedianMs: median(late),
    withRequery: { pages2to11MedianMs: median(earlyRequery), pages191to200MedianMs: median(lateRequery) },
    childrenColdMs: median(childrenCold),
    childrenColdMaxMs: Math.max(...childrenCold),
    childrenWarmMs: median(childrenWarm),
    providerExpandMs: median(providerCold),
    goToMs: median(goTo),
    goToMaxMs: Math.max(...goTo),
    goToCount,
  };
}

async function heapMode(): Promise<unknown> {
  if (!gc) throw new Error('run with --expose-gc');
  const bodies = pageBodies();
  // Sessions are parsed inside fetchPage, as the client does, so they count in the delta.
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const model = newModel((page) => parse(bodies[page - 1], page));
  const chat = chatGroup(model);
  await model.getChildren(chat);
  for (let p = 2; p <= PAGES; p++) await model.loadMore(chat.stream);
  // Every group expanded once: the session nodes exist too.
  for (const node of model.childrenNow(chat)) if (node.kind === 'group') model.childrenNow(node);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const sessions = model.overview.loadedSessions().length;
  model.dispose();
  return { sessions, heapBeforeBytes: before, heapAfterBytes: after, heapDeltaBytes: after - before, bytesPerSession: Math.round((after - before) / sessions) };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const result = mode === 'heap' ? await heapMode() : await timeMode(Number(process.argv[3] ?? 7));
  process.stdout.write(JSON.stringify(result) + '\n');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
