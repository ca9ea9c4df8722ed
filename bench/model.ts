// Section 3: the tree model at scale. The work runs in bench/children/model.ts, in fresh
// processes started with --expose-gc (one for timings, one for the heap, so neither disturbs
// the other).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './lib/build';
import { check, round, type BudgetCheck } from './lib/stats';
import { tsxArgs } from './lib/processes';

const run = promisify(execFile);

const PAGE_RATIO_BUDGET = 2;
const CHILDREN_BUDGET_MS = 10;
const HEAP_BUDGET_MB = 50;
const GO_TO_BUDGET_MS = 50;

interface ModelTimes {
  runs: number;
  pages: number;
  perPage: number;
  groupSize: number;
  page2Ms: number;
  page200Ms: number;
  pages2to11MedianMs: number;
  pages191to200MedianMs: number;
  withRequery: { pages2to11MedianMs: number; pages191to200MedianMs: number };
  childrenColdMs: number;
  childrenColdMaxMs: number;
  childrenWarmMs: number;
  providerExpandMs: number;
  goToMs: number;
  goToMaxMs: number;
  goToCount: number;
}

interface ModelHeap {
  sessions: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  heapDeltaBytes: number;
  bytesPerSession: number;
}

export interface ModelResult {
  readonly times: ModelTimes;
  readonly heap: ModelHeap;
  readonly ratios: { readonly page200VsPage2: number; readonly last10VsFirst10: number };
  readonly heapDeltaMB: number;
  readonly checks: BudgetCheck[];
}

async function child<T>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, tsxArgs(join(ROOT, 'bench', 'children', 'model.ts'), ['--expose-gc']).concat(args), {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as T;
}

function roundAll<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v))) as T;
}

export async function benchModel(runs = 9): Promise<ModelResult> {
  const times = roundAll(await child<ModelTimes>(['time', String(runs)]));
  const heap = await child<ModelHeap>(['heap']);
  const ratios = {
    page200VsPage2: round(times.page200Ms / times.page2Ms),
    last10VsFirst10: round(times.pages191to200MedianMs / times.pages2to11MedianMs),
  };
  const heapDeltaMB = round(heap.heapDeltaBytes / (1024 * 1024));
  const checks = [
    check(
      '3',
      'Cost of page 200 vs page 2 (median of pages 191–200 vs 2–11)',
      `≤ ${PAGE_RATIO_BUDGET}×`,
      `${ratios.last10VsFirst10}× (${times.pages191to200MedianMs} vs ${times.pages2to11MedianMs} ms; single pages: ${times.page200Ms} vs ${times.page2Ms} ms = ${ratios.page200VsPage2}×)`,
      ratios.last10VsFirst10 <= PAGE_RATIO_BUDGET,
    ),
    check(
      '3',
      `Children of a ${times.groupSize}-session group (model, first expansion)`,
      `< ${CHILDREN_BUDGET_MS} ms`,
      `${times.childrenColdMs} ms median (max ${times.childrenColdMaxMs}; cached ${times.childrenWarmMs} ms)`,
      times.childrenColdMs < CHILDREN_BUDGET_MS,
    ),
    check(
      '3',
      `Go to Session's first choices from ${times.goToCount} loaded sessions (no request)`,
      `< ${GO_TO_BUDGET_MS} ms`,
      `${times.goToMs} ms median (max ${times.goToMaxMs})`,
      times.goToMs < GO_TO_BUDGET_MS,
    ),
    check('3', `Heap with ${heap.sessions} sessions loaded (heapUsed delta after gc)`, `< ${HEAP_BUDGET_MB} MB`, `${heapDeltaMB} MB (${heap.bytesPerSession} B/session)`, heapDeltaMB < HEAP_BUDGET_MB),
  ];
  return { times, heap, ratios, heapDeltaMB, checks };
}
