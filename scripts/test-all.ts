// `npm test`: every check in order, streaming each one's output, then one summary line
// "tests: N passed, N failed" counting the test cases of every suite that ran.
// Stages keep running after a failure so one run shows everything that is wrong.
import { spawn } from 'node:child_process';

interface Stage {
  name: string;
  command: string;
}

interface StageResult extends Stage {
  code: number | null;
  seconds: number;
  passed: number;
  failed: number;
}

const stages: Stage[] = [
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'types', command: 'npm run --silent check-types' },
  { name: 'unit', command: 'npm run --silent test:unit' },
  { name: 'integration', command: 'npm run --silent test:integration' },
  { name: 'e2e', command: 'npm run --silent test:e2e' },
  { name: 'package', command: 'npm run --silent test:package' },
];

/** Reads test counts from mocha's spec reporter ("12 passing", "1 failing") or our runners ("12 passed, 1 failed"). */
function countTests(output: string): { passed: number; failed: number } {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  let passed = 0;
  let failed = 0;
  for (const m of plain.matchAll(/^\s*(\d+) passing\b/gm)) passed += Number(m[1]);
  for (const m of plain.matchAll(/^\s*(\d+) failing\b/gm)) failed += Number(m[1]);
  if (passed === 0 && failed === 0) {
    const last = [...plain.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
    if (last) {
      passed = Number(last[1]);
      failed = Number(last[2]);
    }
  }
  return { passed, failed };
}

function run(stage: Stage): Promise<StageResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${stage.name}: ${stage.command}`);
    const child = spawn(stage.command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ ...stage, code, seconds: (Date.now() - started) / 1000, ...countTests(output) }));
  });
}

async function main(): Promise<void> {
  const skip = new Set((process.env.PGAI_TEST_SKIP ?? '').split(',').filter(Boolean));
  const results: StageResult[] = [];
  for (const stage of stages) {
    if (skip.has(stage.name)) {
      console.log(`\n=== ${stage.name}: skipped (PGAI_TEST_SKIP)`);
      continue;
    }
    results.push(await run(stage));
  }

  console.log('\n=== summary');
  for (const r of results) {
    const counts = r.passed || r.failed ? ` ${r.passed} passed, ${r.failed} failed` : '';
    console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s${counts}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  // A stage that failed without a failing test (lint, types, a crashed runner) still counts once.
  const failed = results.reduce((n, r) => n + (r.failed || (r.code === 0 ? 0 : 1)), 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

void main();
