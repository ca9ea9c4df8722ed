// `npm run test:integration`: builds the extension and the extension-host tests, then runs them
// in a real VS Code (code-server 4.139.1 = VS Code 1.139.1, web workbench in headless Chromium).
// Env: PGAI_TEST_GREP (mocha grep), PGAI_INTEGRATION_TIMEOUT_MS (default 10 min),
//      PGAI_VSCODE_VERBOSE=1 (server + workbench logs), PGAI_SKIP_BUILD=1 (reuse dist/).
import { ROOT, formatMs } from './common.mjs';
import { INTEGRATION_INDEX, buildAll } from './build.mjs';
import { ensureInstalled } from './install.mjs';
import { runExtensionTests } from './run-tests.mjs';

const started = Date.now();
try {
  await ensureInstalled({ needBrowser: true });
  await buildAll();
  const code = await runExtensionTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: INTEGRATION_INDEX,
    env: { PGAI_EXPECT_EXTENSION_PATH: ROOT },
  });
  console.log(`[integration] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
  process.exit(code);
} catch (err) {
  console.error(`[integration] ${err.message}`);
  process.exit(1);
}
