// `npm run test:integration`: builds the extension and the extension-host tests, then runs them
// in a real VS Code (code-server 4.139.1 = VS Code 1.139.1, web workbench in headless Chromium).
// Env: PGAI_TEST_GREP (mocha grep), PGAI_INTEGRATION_TIMEOUT_MS (default 10 min),
//      PGAI_VSCODE_VERBOSE=1 (server + workbench logs), PGAI_SKIP_BUILD=1 (reuse dist/).
import { INTEGRATION_INDEX, buildAll } from './build';
import { ROOT, errorMessage, formatMs } from './common';
import { ensureInstalled } from './install';
import { runExtensionTests } from './run-tests';

async function main(): Promise<number> {
  const started = Date.now();
  await ensureInstalled({ needBrowser: true });
  await buildAll();
  const code = await runExtensionTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: INTEGRATION_INDEX,
    env: { PGAI_EXPECT_EXTENSION_PATH: ROOT },
  });
  console.log(`[integration] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[integration] ${errorMessage(err)}`);
    process.exit(1);
  },
);
