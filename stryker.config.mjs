// Mutation testing of the layers without VS Code (`npm run mutation`; see scripts/mutation.ts for
// the per-folder minimums it enforces). Stryker changes the code in small ways (a `>` for a `>=`,
// a deleted statement, a flipped condition) and runs the unit tests that cover each change: a
// change no test notices is a survivor, a place where the code could be wrong unseen.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  // The in-process mocha runner ignores .mocharc.json's node-option: load tsx here.
  testRunnerNodeArgs: ['--import', 'tsx'],
  mochaOptions: {
    // The unit tests of src/api, src/core and src/vscode. Left out: the stateful test and the
    // soak (each covers nearly every line and takes seconds, so it runs for nearly every mutant,
    // yet it killed under 3 % of the survivors of the tests below: tried and measured), and the
    // suites that test no src/ code (sandbox, harness, bench).
    spec: [
      'test/unit/api/**/*.test.ts',
      'test/unit/core/**/*.test.ts',
      'test/unit/faults/**/*.test.ts',
      'test/unit/fuzz/**/*.test.ts',
      'test/unit/security/**/*.test.ts',
      'test/unit/vscode/**/*.test.ts',
    ],
  },
  mutate: [
    'src/api/**/*.ts',
    'src/core/**/*.ts',
    // Types and wiring only: nothing to get wrong at run time.
    '!src/api/types.ts',
    '!src/api/sessionsApi.ts',
  ],
  // Stryker copies the project into a sandbox: not the caches (code-server, bench builds with
  // symlinked folders), build output or screenshots.
  ignorePatterns: ['.cache', 'dist', 'out', 'test-results', '.vscode-test', '*.vsix'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Mutants in module-level code (tables, constants) would need every test per mutant.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: '.cache/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: '.cache/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  tempDirName: '.cache/stryker-tmp',
  timeoutMS: 10_000,
  thresholds: { high: 90, low: 80, break: null },
};
