// `npm run fuzz`: every fuzz property with many runs, then the loopback fuzz; prints each count and
// time and the total. FUZZ_SCALE (default 1) multiplies the counts; FUZZ_SEED fixes the seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { repoRoot } from '../faults/results';
import { runLoopbackFuzz } from './loopback';
import { hostilePaths } from './hostilePaths';
import { properties } from './properties';
import { runStateful } from '../stateful/run';

const scale = Number(process.env.FUZZ_SCALE ?? '1');
const seed = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);
const PURE_RUNS = Math.round(20_000 * scale);
const LOOPBACK_RUNS = Math.round(3_000 * scale);
const STATEFUL_RUNS = Math.round(10_000 * scale);

const lines: { name: string; inputs: number; seconds: number }[] = [];

async function timed(name: string, runs: number, body: () => void | Promise<void>): Promise<number> {
  const started = performance.now();
  await body();
  const ms = performance.now() - started;
  lines.push({ name, inputs: runs, seconds: Math.round(ms / 100) / 10 });
  console.log(`ok ${String(runs).padStart(7)} inputs ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
  return runs;
}

async function main(): Promise<void> {
  console.log(`fuzz seed ${seed} (rerun with FUZZ_SEED=${seed})`);
  const started = performance.now();
  let total = 0;
  for (const property of [...properties, hostilePaths]) {
    const runs = Math.round(PURE_RUNS * (property.scale ?? 1));
    total += await timed(property.name, runs, () => property.run(runs, seed));
  }
  total += await timed('the real PgaiClient over loopback (generated status, headers, body, framing)', LOOPBACK_RUNS, () =>
    runLoopbackFuzz(LOOPBACK_RUNS, seed),
  );
  let stateful: Awaited<ReturnType<typeof runStateful>> | undefined;
  total += await timed('stateful: generated sequences of user, window and server actions (see test/stateful)', STATEFUL_RUNS, async () => {
    stateful = await runStateful(STATEFUL_RUNS, seed);
  });
  if (stateful) console.log(`   stateful: ${stateful.commands} commands, ${stateful.requests} requests, ${stateful.faultsFired} faults fired, creates ${JSON.stringify(stateful.creates)}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz: ${total} generated inputs, 0 failures, ${seconds.toFixed(1)} s`);
  const out = `${repoRoot()}/.cache/reliability/fuzz.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ seed, total, seconds: Math.round(seconds * 10) / 10, node: process.version, finishedAt: new Date().toISOString(), properties: lines, stateful }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  console.error('fuzz: FAILED');
  process.exit(1);
});
