// `npm start`: the extension in a real VS Code against the local sandbox, for trying it by hand.
// Builds, starts the sandbox (port 4010 if free), starts code-server with the extension loaded
// from this checkout, pre-stores the sandbox key (PGAI_SEED_API_KEY / PGAI_SEED_API_ORIGIN, read
// by the extension on activation) and prints the URL to open. Ctrl+C stops everything.
//   --check   a non-interactive proof that it does its job: opens the URL in headless Chromium,
//             waits for the Sessions view's type groups, expands Chat and one of its status
//             groups, checks that Chat's sessions from the sandbox are on screen and that the
//             sandbox saw exactly one list request for them, writes
//             test-results/screenshots/start.png and exits (non-zero, saying what failed, if not).
//   --port N  code-server port (default 8090 if free, else any).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { E2EWorkbench, SCREENSHOT_DIR } from '../test/e2e/workbench';
import { openWorkbenchPage } from './vscode/browser';
import { buildExtension } from './vscode/build';
import { CACHE_ROOT, CODE_SERVER_VERSION, ROOT, errorMessage, formatMs, freePort } from './vscode/common';
import { ensureInstalled } from './vscode/install';
import { type Workbench, startWorkbench } from './vscode/workbench';

const DEMO_WORKSPACE = join(CACHE_ROOT, 'demo-workspace');

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  const check = process.argv.includes('--check');
  buildExtension();
  await ensureInstalled({ needBrowser: check });

  const sandbox = await startSandbox({
    port: await freePort(4010),
    dataFile: join(CACHE_ROOT, 'demo-sandbox-sessions.json'),
    // The demo's sessions move through their statuses, as a user's do.
    life: true,
  });
  mkdirSync(DEMO_WORKSPACE, { recursive: true });
  writeFileSync(join(DEMO_WORKSPACE, 'README.md'), '# PG:AI Sessions demo workspace\n\nOpen the PG:AI view in the activity bar.\n');

  const wb = await startWorkbench({
    workspace: DEMO_WORKSPACE,
    port: Number(argValue('--port') ?? 8090),
    userSettings: { 'pgai.apiBaseUrl': sandbox.baseUrl },
    env: { PGAI_SEED_API_KEY: sandbox.apiKey, PGAI_SEED_API_ORIGIN: sandbox.origin },
    verbose: process.env.PGAI_VSCODE_VERBOSE === '1',
  });
  const url = wb.url({ extensionDevelopmentPath: ROOT });
  const stop = async () => {
    await wb.stop();
    await sandbox.close();
  };

  console.log(`
PG:AI Sessions is running in VS Code ${CODE_SERVER_VERSION.replace(/^4\./, '1.')} (code-server), ready in ${formatMs(Date.now() - started)}.
  Sandbox API : ${sandbox.baseUrl}   (key pre-stored for ${sandbox.origin}; sessions progress over time)
  Sandbox app : ${sandbox.appUrlTemplate}
  Workspace   : ${DEMO_WORKSPACE}
  Open        : ${url}

Ctrl+C stops everything.`);

  if (check) {
    try {
      await checkSessionsShown(url, wb, sandbox, DEMO_WORKSPACE, started);
    } finally {
      await stop();
    }
    return;
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await wb.exited;
  await sandbox.close();
}

/** The type groups the default grouping shows first (the sandbox seeds every documented type). */
const TYPE_GROUPS = ['Chat', 'Document', 'Plan', 'Canvas settings', 'Email', 'Workspace', 'Project'];

/**
 * `--check`: drives the workbench as a user would and throws, saying which step failed, unless the
 * view lists the sandbox's Chat sessions after exactly one request for them.
 */
async function checkSessionsShown(url: string, server: Workbench, sandbox: Sandbox, workspace: string, started: number): Promise<void> {
  const screenshot = join(SCREENSHOT_DIR, 'start.png');
  const browser = await openWorkbenchPage(url);
  const driver = new E2EWorkbench(browser, server, sandbox, workspace, []);
  let step = 'the workbench shows the PG:AI activity bar item';
  try {
    await driver.waitUntilReady(90_000);
    step = 'the Sessions view opens';
    await driver.openPgaiView();
    step = `the Sessions view shows the type groups (${TYPE_GROUPS.join(', ')})`;
    await driver.poll(async () => {
      const rows = await driver.treeRows();
      return TYPE_GROUPS.every((g) => rows.some((r) => r === g || r.startsWith(`${g},`))) ? rows : undefined;
    }, 30_000, step);
    const listsBefore = sandbox.listRequests();
    step = 'expanding Chat shows its status groups';
    await driver.expandRow('Chat');
    const statusLabel = await driver.poll(async () => {
      const names = await driver.sessionsPane().locator('.monaco-list-row[aria-level="2"][aria-expanded] .label-name').allTextContents();
      return names[0]?.trim() || undefined;
    }, 20_000, step);
    step = `expanding the status group "${statusLabel}" shows sessions`;
    await driver.expandRow(statusLabel);
    const sessionRows = await driver.poll(async () => {
      const rows = (await driver.treeRowDetails()).filter((r) => r.level === 3);
      return rows.length > 0 ? rows : undefined;
    }, 20_000, step);
    step = 'the rows on screen are the sandbox\'s Chat sessions';
    const chatTitles = new Set(sandbox.query({ type: 'chat' }).map((s) => s.title ?? 'Untitled'));
    const strangers = sessionRows.filter((r) => ![...chatTitles].some((t) => r.label.startsWith(`${t},`) || r.label === t));
    if (strangers.length > 0) throw new Error(`rows that are not Chat sessions: ${strangers.map((r) => r.label).join(' | ')}`);
    step = 'the sandbox saw exactly one list request, for Chat';
    const lists = sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions')).slice(listsBefore);
    if (lists.length !== 1 || lists[0].query.type !== 'chat') {
      throw new Error(`${lists.length} list request(s) after expanding Chat: ${lists.map((r) => JSON.stringify(r.query)).join(' ')}`);
    }
    mkdirSync(dirname(screenshot), { recursive: true });
    await driver.page.screenshot({ path: screenshot });
    console.log(
      `[start --check] ok: ${TYPE_GROUPS.length} type groups, Chat › ${statusLabel} shows ${sessionRows.length} session(s) after 1 request; ` +
        `screenshot: ${relative(process.cwd(), screenshot)} (${formatMs(Date.now() - started)} total)`,
    );
  } catch (error) {
    mkdirSync(dirname(screenshot), { recursive: true });
    await driver.page.screenshot({ path: screenshot }).catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`--check failed: ${step}.\n  ${why.split('\n')[0]}\n  Screenshot of the failure: ${relative(process.cwd(), screenshot)}`, { cause: error });
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(`[start] ${errorMessage(err)}`);
  process.exit(1);
});
