// The extension-host suite (test/integration) in VS Code desktop, through @vscode/test-cli:
//
//   npx vscode-test                         # VS Code stable, downloaded into .vscode-test/
//   npx vscode-test --code-version 1.98.0   # the engines minimum
//   npx vscode-test --grep 'sessions tree'  # mocha options on the command line
//
// It runs the bundles in out/test/integration/, so build them first: `npm run test:desktop` builds
// and then runs this; `npx tsx scripts/vscode/build.ts` only builds. The download needs internet
// (update.code.visualstudio.com); offline, `npm run test:integration` runs the same suite in
// VS Code's web workbench. On Linux without a display: xvfb-run -a npx vscode-test
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';

const root = dirname(fileURLToPath(import.meta.url));
const integration = join(root, 'test', 'integration');
// Every test file, in the web runner's order, with its teardown (see test/integration/suite.ts).
const suite = join(root, 'out', 'test', 'integration', 'suite.js');
if (!existsSync(suite)) {
  throw new Error(`${relative(root, suite)} is missing: build it with \`npx tsx scripts/vscode/build.ts\` (or run \`npm run test:desktop\`, which builds first)`);
}

// A fresh folder on every run: some tests write its .vscode/settings.json.
const workspace = join(root, '.vscode-test', 'workspace');
rmSync(workspace, { recursive: true, force: true });
mkdirSync(workspace, { recursive: true });
writeFileSync(join(workspace, 'README.txt'), 'Workspace for the PG:AI Sessions desktop tests.\n');

export default defineConfig({
  label: 'desktop',
  files: suite,
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  // What the harness smoke suite checks (see test/integration/smoke.test.ts).
  env: {
    PGAI_TEST_WORKSPACE: workspace,
    PGAI_EXPECT_UI_KIND: 'desktop',
    PGAI_EXPECT_EXTENSION_PATH: root,
  },
  mocha: {
    ...JSON.parse(readFileSync(join(integration, 'mocha-options.json'), 'utf8')),
    ...(process.env.PGAI_TEST_GREP ? { grep: process.env.PGAI_TEST_GREP } : {}),
  },
});
