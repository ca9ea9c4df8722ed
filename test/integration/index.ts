// Extension-host test entry (the `extensionTestsPath` module). Both runners use it:
// `scripts/vscode/test.ts integration` (code-server web workbench) and
// `scripts/vscode/test.ts desktop` (@vscode/test-electron). Each *.test.ts is bundled on its own
// into out/test/integration/; this file loads every *.test.js beside it into one mocha run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTests(path));
    else if (entry.name.endsWith('.test.js')) files.push(path);
  }
  // The harness smoke suite first: a broken harness fails fast, and it sees a cold activation.
  const rank = (f: string) => (f.endsWith('smoke.test.js') ? 0 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Closes the sandbox test files may have started (see helpers.ts getSandbox()). */
async function closeSharedSandbox(): Promise<void> {
  const shared = (globalThis as { __pgaiSandbox?: Promise<{ close(): Promise<void> }> }).__pgaiSandbox;
  if (!shared) return;
  try {
    await (await shared).close();
  } catch {
    // a sandbox that failed to start has nothing to close
  }
}

/**
 * The web runner sets PGAI_TEST_LOG_MARKER: the workbench mixes the extension host's console with
 * its own log lines, so test output is tagged to let the runner print only ours. The extension
 * host pins console.log & co. (assigning them is silently ignored), so the tagging swaps the
 * global `console` object for one that prefixes the marker. Returns undo.
 */
function tagConsoleOutput(marker: string | undefined): () => void {
  if (!marker) return () => {};
  const original = globalThis.console;
  const tagged = Object.create(original) as Console;
  const emit = (...args: unknown[]) => original.log(marker + format(...args));
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    // defineProperty: plain assignment would hit the inherited no-op setter.
    Object.defineProperty(tagged, m, { value: emit, configurable: true, writable: true });
  }
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'console');
  Object.defineProperty(globalThis, 'console', { value: tagged, configurable: true, writable: true });
  // mocha's reporters captured console.log when mocha loaded; point them at ours too.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const originalReporterLog = base.consoleLog;
  base.consoleLog = emit;
  return () => {
    base.consoleLog = originalReporterLog;
    if (descriptor) Object.defineProperty(globalThis, 'console', descriptor);
  };
}

export function run(): Promise<void> {
  const untag = tagConsoleOutput(process.env.PGAI_TEST_LOG_MARKER);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // The workbench is slow (first activation, UI round trips): be generous.
    timeout: 20_000,
    slow: 2_000,
  });
  const grep = process.env.PGAI_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of findTests(__dirname)) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    const finish = (passed: number, failed: number, error?: unknown) => {
      void closeSharedSandbox().then(() => {
        // The CI parses this exact line.
        console.log(`${passed} passed, ${failed} failed`);
        untag();
        if (error) reject(error instanceof Error ? error : new Error(`test run failed to start: ${format(error)}`));
        else if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else resolve();
      });
    };
    try {
      const runner = mocha.run((failures) => finish(runner.stats?.passes ?? 0, failures));
    } catch (err) {
      // e.g. a test file that throws while loading
      console.error(err);
      finish(0, 1, err);
    }
  });
}
