// Where the fault-matrix suites record which rows ran and passed, for scripts/reliability-doc.ts.
// Written to <repo>/.cache/reliability/<suite>.json at the end of each suite run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type SuiteName = 'unit' | 'integration';

export interface RowResult {
  readonly passed: boolean;
  /** The retries the test observed. */
  readonly retries?: number;
  readonly error?: string;
}

export interface SuiteResults {
  readonly suite: SuiteName;
  readonly finishedAt: string;
  readonly rows: Record<string, RowResult>;
}

/** The repository root (the folder whose package.json is pgai-sessions), searched upwards. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pgai-sessions') return dir;
      } catch {
        // keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function resultsPath(suite: SuiteName, root = repoRoot()): string {
  return join(root, '.cache', 'reliability', `${suite}.json`);
}

export function writeResults(suite: SuiteName, rows: Record<string, RowResult>): void {
  const path = resultsPath(suite);
  mkdirSync(dirname(path), { recursive: true });
  const results: SuiteResults = { suite, finishedAt: new Date().toISOString(), rows };
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
}

export function readResults(suite: SuiteName, root = repoRoot()): SuiteResults | undefined {
  try {
    return JSON.parse(readFileSync(resultsPath(suite, root), 'utf8')) as SuiteResults;
  } catch {
    return undefined;
  }
}
