// Extension-host test entry (the `extensionTestsPath` module) of the web runner,
// `scripts/vscode/test.ts integration` (code-server web workbench), and of .vscode/launch.json's
// desktop test launch. It runs suite.js (every test file, in order) in one mocha run; VS Code
// desktop through @vscode/test-cli (.vscode-test.mjs) loads the same suite.js with the same
// mocha-options.json.
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import mochaOptions from './mocha-options.json';

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
  // The workbench is slow (first activation, UI round trips): mocha-options.json is generous.
  const mocha = new Mocha({ ...(mochaOptions as Mocha.MochaOptions), reporter: 'spec', color: false });
  const grep = process.env.PGAI_TEST_GREP;
  if (grep) mocha.grep(grep);
  mocha.addFile(join(__dirname, 'suite.js'));

  return new Promise<void>((resolve, reject) => {
    const finish = (passed: number, failed: number, error?: unknown) => {
      // The CI parses this exact line.
      console.log(`${passed} passed, ${failed} failed`);
      untag();
      if (error) reject(error instanceof Error ? error : new Error(`test run failed to start: ${format(error)}`));
      else if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else resolve();
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
