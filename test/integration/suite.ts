// The extension-host suite as one mocha spec file, so that both runners load the same tests in the
// same order with the same teardown: index.ts's run() (the web runner's extensionTestsPath) adds
// this file to its mocha, and .vscode-test.mjs (VS Code desktop through @vscode/test-cli) names it
// as its only file. Each *.test.ts is bundled on its own into out/test/integration/; this file
// requires every *.test.js beside it while mocha loads it, so their suites join the root suite.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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

for (const file of findTests(__dirname)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundles are found at run time, beside this one
  require(file);
}
after(closeSharedSandbox);
