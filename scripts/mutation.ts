// `npm run mutation`: mutation testing of src/api and src/core with Stryker (stryker.config.mjs),
// incremental (only code or tests changed since the last run are tried again), then the score of
// each folder against its minimum. Exits non-zero when a folder is under it. Takes minutes: it
// is not part of `npm test`. Extra arguments go to Stryker (e.g. `-- --mutate src/api/retry.ts`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const REPORT = join(ROOT, '.cache', 'mutation', 'mutation.json');

/** The minimum score (killed + timed out, of all valid mutants) per folder, most specific first. */
export const MINIMUMS: ReadonlyArray<{ readonly folder: string; readonly minimum: number }> = [
  { folder: 'src/core/sessions', minimum: 80 },
  { folder: 'src/core', minimum: 90 },
  { folder: 'src/api', minimum: 85 },
];

interface MutantResult {
  readonly status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
}

interface Report {
  readonly files: Record<string, { readonly mutants: readonly MutantResult[] }>;
}

interface Score {
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
}

function score(s: Score): number {
  const valid = s.killed + s.timeout + s.survived + s.noCoverage;
  return valid === 0 ? 100 : (100 * (s.killed + s.timeout)) / valid;
}

function folderOf(file: string): string {
  return MINIMUMS.find((m) => file.startsWith(`${m.folder}/`))?.folder ?? 'other';
}

function main(): void {
  const started = Date.now();
  // The hostile-string property covers nearly every line of the view's text paths: fewer inputs
  // per mutant keep a run in minutes.
  const env = { ...process.env, HOSTILE_RUNS: process.env.HOSTILE_RUNS ?? '10' };
  const run = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
  if (run.status !== 0) {
    console.error(`[mutation] Stryker failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
  const perFile = new Map<string, Score>();
  const perFolder = new Map<string, Score>();
  for (const [path, file] of Object.entries(report.files)) {
    const name = path.replace(/\\/g, '/').replace(/^.*?(src\/)/, '$1');
    const s: Score = { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
    for (const m of file.mutants) {
      if (m.status === 'Killed') s.killed++;
      else if (m.status === 'Survived') s.survived++;
      else if (m.status === 'NoCoverage') s.noCoverage++;
      else if (m.status === 'Timeout') s.timeout++;
    }
    perFile.set(name, s);
    const folder = folderOf(name);
    const f = perFolder.get(folder) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
    for (const key of Object.keys(s) as (keyof Score)[]) f[key] += s[key];
    perFolder.set(folder, f);
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log('\n[mutation] score per folder (killed + timed out, of all valid mutants):');
  let failed = false;
  for (const { folder, minimum } of MINIMUMS) {
    const s = perFolder.get(folder);
    if (!s) continue;
    const value = score(s);
    const ok = value >= minimum;
    failed ||= !ok;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${folder.padEnd(18)} ${value.toFixed(1).padStart(5)} %  (minimum ${minimum} %; ${s.survived} survived, ${s.noCoverage} not covered)`);
  }
  const files = [...perFile].sort(([a], [b]) => a.localeCompare(b)).map(([file, s]) => ({ file, score: Math.round(score(s) * 10) / 10, ...s }));
  mkdirSync(join(ROOT, '.cache', 'mutation'), { recursive: true });
  writeFileSync(
    join(ROOT, '.cache', 'mutation', 'summary.json'),
    JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        minutes: Number(minutes),
        folders: MINIMUMS.map(({ folder, minimum }) => ({ folder, minimum, score: Math.round(score(perFolder.get(folder) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0 }) * 10) / 10 })),
        files,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`[mutation] ${minutes} min; per-file scores in .cache/mutation/summary.json`);
  if (failed) process.exit(1);
}

main();
