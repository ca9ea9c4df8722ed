// Section 1: activation. Every sample is a fresh Node process that requires the production
// bundle and calls activate() against the vscode stand-in, timed inside the child.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BuildInfo } from './lib/build';
import { check, kb, roundSummary, summarize, type BudgetCheck, type Summary } from './lib/stats';

const run = promisify(execFile);
const CHILD = join(__dirname, 'children', 'activate.js');

const ACTIVATION_BUDGET_MS = 10;
const BUNDLE_BUDGET_KB = 350;

interface Sample {
  requireMs: number;
  activateMs: number;
  totalMs: number;
  undiciLoaded: boolean;
}

export interface ActivationResult {
  readonly samples: number;
  /** require(dist/extension.js) + activate(), the production bundle. */
  readonly extension: { readonly total: Summary; readonly require: Summary; readonly activate: Summary; readonly undiciLoadedDuringActivation: boolean };
  /** Peers and the deferred cost, each require() in a fresh process. */
  readonly lazyUndici: Summary;
  readonly fullUndiciBundle: Summary;
  readonly undiciPackage: Summary;
  readonly bytes: { readonly extensionJs: number; readonly undiciJs: number; readonly fullUndiciJs: number };
  readonly kb: { readonly extensionJs: number; readonly undiciJs: number; readonly fullUndiciJs: number };
  readonly checks: BudgetCheck[];
}

async function sample(args: string[]): Promise<Sample> {
  const { stdout } = await run(process.execPath, [CHILD, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Sample;
}

export async function benchActivation(build: BuildInfo, samples = 30): Promise<ActivationResult> {
  const variants = {
    extension: ['extension', build.extensionJs, build.extensionRoot],
    lazyUndici: ['require', build.undiciJs],
    fullUndici: ['require', build.fullUndiciJs],
    undiciPackage: ['require', require.resolve('undici')],
  } as const;
  const out: Record<keyof typeof variants, Sample[]> = { extension: [], lazyUndici: [], fullUndici: [], undiciPackage: [] };
  // Warm the OS file cache once, then interleave the variants so drift hits them alike.
  for (const args of Object.values(variants)) await sample([...args]);
  for (let i = 0; i < samples; i++) {
    for (const [name, args] of Object.entries(variants) as [keyof typeof variants, readonly string[]][]) {
      out[name].push(await sample([...args]));
    }
  }
  const total = roundSummary(summarize(out.extension.map((s) => s.totalMs)));
  const result = {
    samples,
    extension: {
      total,
      require: roundSummary(summarize(out.extension.map((s) => s.requireMs))),
      activate: roundSummary(summarize(out.extension.map((s) => s.activateMs))),
      undiciLoadedDuringActivation: out.extension.some((s) => s.undiciLoaded),
    },
    lazyUndici: roundSummary(summarize(out.lazyUndici.map((s) => s.totalMs))),
    fullUndiciBundle: roundSummary(summarize(out.fullUndici.map((s) => s.totalMs))),
    undiciPackage: roundSummary(summarize(out.undiciPackage.map((s) => s.totalMs))),
    bytes: build.bytes,
    kb: { extensionJs: kb(build.bytes.extensionJs), undiciJs: kb(build.bytes.undiciJs), fullUndiciJs: kb(build.bytes.fullUndiciJs) },
  };
  const checks = [
    check('1', 'Activation median (require + activate, production bundle)', `< ${ACTIVATION_BUDGET_MS} ms`, `${total.median} ms (p90 ${total.p90} ms)`, total.median < ACTIVATION_BUDGET_MS),
    check(
      '1',
      'Bundle loaded at activation (dist/extension.js)',
      `< ${BUNDLE_BUDGET_KB} KB`,
      `${result.kb.extensionJs} KB (dist/undici.js, ${result.kb.undiciJs} KB, loads on the first request)`,
      build.bytes.extensionJs < BUNDLE_BUDGET_KB * 1024,
    ),
    check('1', 'undici not loaded during activation', 'not loaded', result.extension.undiciLoadedDuringActivation ? 'loaded' : 'not loaded', !result.extension.undiciLoadedDuringActivation),
  ];
  return { ...result, checks };
}
