// `npm run soak`: thirty simulated minutes (SOAK_MINUTES to change) of use on a fake clock with
// 10 % faults, then the checks: no unhandled rejection, no duplicate rows, no timer or listener
// left behind, the key in no log line, no auth failure with the valid key, heap growth under
// 10 MiB. Run with --expose-gc for an exact heap figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { repoRoot } from '../faults/results';
import { runSoak } from './soak';

const MAX_HEAP_GROWTH = 10 * 1024 * 1024;

async function main(): Promise<void> {
  const minutes = Number(process.env.SOAK_MINUTES ?? '30');
  const seed = Number(process.env.SOAK_SEED ?? '7');
  const report = await runSoak({ minutes, seed, progress: (line) => console.log(line) });
  const mb = (report.heapGrowthBytes / (1024 * 1024)).toFixed(2);
  console.log(JSON.stringify({ ...report, heapGrowthMiB: mb }, null, 2));
  const problems: string[] = [
    ...report.unhandledRejections.map((r) => `unhandled rejection: ${r}`),
    ...report.duplicateProblems,
    ...report.leftoverTimers.map((t) => `timer left behind: ${t}`),
    ...report.keyLeaks.map((l) => `key in log: ${l}`),
    ...(report.authFailures > 0 ? [`${report.authFailures} auth failure(s) with the valid key`] : []),
  ];
  if (report.leftoverListeners > 0) problems.push(`${report.leftoverListeners} listener(s) left on the connection`);
  if (report.heapGrowthBytes > MAX_HEAP_GROWTH) problems.push(`heap grew ${mb} MiB`);
  const gcNote = (globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: heap figure is approximate)';
  console.log(
    `soak: ${report.simulatedMinutes} simulated min in ${report.realSeconds.toFixed(1)} s, ${report.requests} requests (${report.faultsFired} faulted), ` +
      `${report.autoRefreshes} auto-refreshes, ${report.creates} creates, heap growth ${mb} MiB${gcNote}, ${problems.length} problem(s)`,
  );
  for (const p of problems) console.log(`  - ${p}`);
  const out = `${repoRoot()}/.cache/reliability/soak.json`;
  mkdirSync(dirname(out), { recursive: true });
  const { finalGroups, actions, simulatedMinutes, realSeconds, requests, faultsFired, autoRefreshes, creates } = report;
  const summary = { seed, simulatedMinutes, realSeconds: Math.round(realSeconds * 10) / 10, requests, faultsFired, autoRefreshes, creates, actions, finalGroups };
  writeFileSync(out, JSON.stringify({ ...summary, heapGrowthMiB: Number(mb), exactHeap: gcNote === '', problems, finishedAt: new Date().toISOString() }, null, 2) + '\n');
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
