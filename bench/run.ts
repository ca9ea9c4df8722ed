// `npm run bench`: runs the six benchmark sections (activation, client vs peers, tree model at
// scale, request economy, real workbench, live view), checks the budgets, and writes
// bench/results.json and BENCHMARKS.md. Flags: --only 1,2,… (sections), --quick (fewer samples; smoke runs only).
// Never part of the test suite: timings are reported, not asserted by tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { benchActivation } from './activation';
import { benchClient } from './client';
import { buildForBench, ROOT, type BuildInfo } from './lib/build';
import type { BudgetCheck } from './lib/stats';
import { benchModel } from './model';
import { consoleSummary, renderMarkdown, type MachineInfo, type Results } from './report';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const load = () => loadavg().map((n) => Math.round(n * 100) / 100);

function machine(): MachineInfo {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    if (dirty) commit += ' + uncommitted changes';
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    commit,
    loadBefore: load(),
  };
}

const SECTIONS = ['1', '2', '3', '4', '5', '6'];

async function main(): Promise<void> {
  const started = Date.now();
  const only = new Set((arg('--only') ?? SECTIONS.join(',')).split(',').map((s) => s.trim()));
  const quick = process.argv.includes('--quick');
  const full = !quick && SECTIONS.every((id) => only.has(id));
  const info = machine();
  console.log(`[bench] load average ${info.loadBefore.join(', ')} on ${info.cores} cores${info.loadBefore[0] > 1.5 ? ' (busy machine: numbers will be noisy)' : ''}`);
  const errors: Record<string, string> = {};
  const results: { -readonly [K in keyof Results]?: Results[K] } = { errors };
  const section = async <T>(id: string, name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (!only.has(id)) return undefined;
    const t = Date.now();
    console.log(`[bench] ${id}. ${name}…`);
    try {
      const value = await fn();
      console.log(`[bench] ${id}. ${name} done in ${Math.round((Date.now() - t) / 1000)} s`);
      return value;
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`[bench] ${id}. ${name} failed: ${message}`);
      errors[name] = message.split('\n')[0];
      return undefined;
    }
  };

  let build: BuildInfo | undefined;
  if (only.has('1') || only.has('5')) {
    console.log('[bench] building the production bundle into .cache/bench/build …');
    build = buildForBench();
  }
  results.activation = await section('1', 'activation', () => benchActivation(build as BuildInfo, quick ? 5 : 30));
  results.client = await section('2', 'client', () => benchClient(quick ? { rounds: 2, sequentialPerRound: 100, concurrentPerRound: 200, warmup: 100 } : {}));
  results.model = await section('3', 'model', () => benchModel(quick ? 2 : 9));
  // Imported lazily: it loads the vscode stand-in, which the other sections do not need.
  results.economy = await section('4', 'economy', async () => (await import('./economy.js')).benchEconomy());
  results.workbench = await section('5', 'workbench', async () => (await import('./workbench.js')).benchWorkbench((build as BuildInfo).extensionRoot, quick ? 3 : 10));
  // Simulated clock: the same length with or without --quick.
  results.live = await section('6', 'live', async () => (await import('./live.js')).benchLive());

  const checks: BudgetCheck[] = [
    ...(results.activation?.checks ?? []),
    ...(results.client?.checks ?? []),
    ...(results.model?.checks ?? []),
    ...(results.economy?.checks ?? []),
    ...(results.workbench?.checks ?? []),
    ...(results.live?.checks ?? []),
  ];
  for (const [name, message] of Object.entries(errors)) checks.push({ section: '-', name: `${name} section`, budget: 'runs', measured: message, pass: false });
  const final: Results = {
    ...(results as Results),
    machine: { ...info, loadAfter: load() },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    checks,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(final, null, 2) + '\n');
  if (full) writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(final));
  else {
    // Sections 1 and 5 make .cache/bench when they build; a run of other sections alone may not have it.
    mkdirSync(join(ROOT, '.cache', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, '.cache', 'bench', 'BENCHMARKS.partial.md'), renderMarkdown(final));
  }
  console.log('\n' + consoleSummary(checks));
  console.log(`\n[bench] wrote bench/results.json and ${full ? 'BENCHMARKS.md' : '.cache/bench/BENCHMARKS.partial.md (partial/quick runs never overwrite BENCHMARKS.md)'}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
