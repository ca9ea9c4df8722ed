// E2E: the whole user journey of the Sessions view in the real workbench, one step
// per test (in order, sharing one workbench; the first failure skips the rest), each checking
// what is on screen and writing a screenshot (test-results/screenshots/journey-*.png).
// README images: cropped copies go to test-results/screenshots/readme/, or with
// PGAI_UPDATE_SCREENSHOTS=1 to media/screenshots/ (welcome, sessions-view, session-tooltip,
// create-session), each checked to stay under 150 KB.
import * as assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type E2EWorkbench, ROOT, SCREENSHOT_DIR, escapeRegExp, launchWorkbench } from './workbench';

const VIEWPORT = { width: 1280, height: 800 };
const README_DIR = join(ROOT, 'media', 'screenshots');
const UPDATE_README = process.env.PGAI_UPDATE_SCREENSHOTS === '1';
const DOCUMENTED_GROUPS = ['Chat', 'Document', 'Plan', 'Canvas settings', 'Email', 'Workspace', 'Project'];
const DOCUMENTED_TYPES = new Set(['chat', 'document', 'plan', 'canvas_settings', 'email', 'workspace', 'project']);
const CREATED_TITLE = 'Quarterly pipeline review (e2e)';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Row {
  label: string;
  text: string;
  level: number;
  expanded?: boolean;
  selected: boolean;
  focused: boolean;
}

interface DomNode {
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
}

describe('e2e: the Sessions journey', function () {
  this.bail(true); // each step builds on the one before
  let wb: E2EWorkbench;
  let chatDescriptionBefore = '';

  /** Visible rows with their level, as the tree shows them. */
  const rows = (): Promise<Row[]> => wb.treeRowDetails();

  const rowLabelled = (label: string) => wb.rowWithLabel(label);
  const description = (label: string) => wb.rowDescription(label);

  async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    return wb.poll(check, timeoutMs, what);
  }

  /** Full-window screenshot for the record, and optionally a cropped copy for the README. */
  async function shot(name: string, readme?: { file: string; clip: { x: number; y: number; width: number; height: number } }): Promise<void> {
    await sleep(150); // let hover/transition animations settle
    await wb.screenshot(`journey-${name}`);
    if (readme) {
      const dir = UPDATE_README ? README_DIR : join(SCREENSHOT_DIR, 'readme');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, readme.file);
      await wb.page.screenshot({ path, clip: readme.clip });
      // README images stay small: a crop that grew past this is the wrong crop.
      assert.ok(statSync(path).size <= 150_000, `${readme.file}: ${statSync(path).size} bytes`);
    }
  }

  /** The sidebar's box (page coordinates). */
  async function sidebarBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    return wb.page.locator('#workbench\\.parts\\.sidebar').evaluate((e: DomNode) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
  }

  /** The bottom of the first tree row ending at or below `y`, so crops do not halve a row. */
  async function rowBoundaryBelow(y: number): Promise<number> {
    const bottoms = await wb
      .sessionsPane()
      .locator('.monaco-list-row')
      .evaluateAll((els: DomNode[]) => els.map((e) => e.getBoundingClientRect().y + e.getBoundingClientRect().height));
    return bottoms.filter((b) => b >= y).sort((a, b) => a - b)[0] ?? y + 16;
  }

  /** Clicks the tree row labelled `label`. */
  async function clickRow(label: string): Promise<void> {
    await rowLabelled(label).click();
  }

  const expand = (label: string) => wb.expandRow(label);

  async function moveMouseAway(): Promise<void> {
    await wb.page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
    await wb.page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
  }

  /** Drags the sash between the sidebar and the editor so rows show titles and descriptions. */
  async function widenSidebar(width: number): Promise<void> {
    const sb = await sidebarBox();
    const edge = sb.x + sb.width;
    const sashes = await wb.page.locator('.monaco-sash.vertical').evaluateAll((els: DomNode[]) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, height: r.height };
      }),
    );
    const sash = sashes.filter((s) => Math.abs(s.x - edge) < 6 && s.height > 100)[0];
    if (!sash) return;
    await wb.page.mouse.move(sash.x, sash.y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(sash.x + (width - sb.width) / 2, sash.y, { steps: 3 });
    await wb.page.mouse.move(sb.x + width, sash.y, { steps: 3 });
    await wb.page.mouse.up();
    await moveMouseAway();
  }

  /** Codicon names of a row's icon (e.g. ['loading', 'modifier-spin']). */
  async function iconOf(label: string): Promise<string[]> {
    const cls = await rowLabelled(label).locator('.custom-view-tree-node-item-icon').first().getAttribute('class');
    return (cls ?? '').split(/\s+/).filter((c) => c.startsWith('codicon-') && c !== 'codicon-colored').map((c) => c.slice('codicon-'.length));
  }

  before(async () => {
    wb = await launchWorkbench({ seedKey: false, viewport: VIEWPORT });
  });

  after(async () => {
    await wb?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.screenshot(`journey-FAILED-${this.currentTest.title.slice(0, 40)}`).catch(() => undefined);
      console.error('rows at failure:', JSON.stringify(await rows().catch(() => []), null, 1));
    }
  });

  it('opens the PG:AI view from the activity bar: a welcome view offers "Set API Key"', async () => {
    await wb.activityBarItem('PG:AI').click();
    await wb.openPgaiView();
    const welcome = await waitFor('the welcome view', async () => {
      const text = await wb.welcomeText();
      return text.includes('Set API Key') ? text : undefined;
    });
    assert.match(welcome, /Connect to PG:AI/);
    assert.match(welcome, /Settings › API Keys/);
    assert.equal((await rows()).length, 0, 'no tree rows without a key');
    assert.equal(wb.sandbox.listRequests(), 0, 'nothing is fetched without a key');
    await moveMouseAway();
    const sb = await sidebarBox();
    await shot('01-welcome', { file: 'welcome.png', clip: { x: 0, y: 0, width: Math.round(sb.x + sb.width), height: 420 } });
  });

  let requestsAfterKey = 0;

  it('sets the API key through the command palette (password input, Enter)', async () => {
    await wb.runCommand('PG:AI: Set API Key');
    const input = wb.quickInput().locator('input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await waitFor('a password input', async () => ((await input.getAttribute('type')) === 'password' ? true : undefined), 5_000);
    await wb.page.keyboard.type(wb.sandbox.apiKey);
    await shot('02-set-key');
    await wb.pressKey('Enter');
    await wb.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    await waitFor('the welcome view to go', async () => ((await wb.welcomeText()) === '' ? true : undefined));
    // Saving checks the key with one small list request; the tree has fetched at most its one
    // look at the whole list (checked in the next step).
    requestsAfterKey = wb.sandbox.listRequests();
    assert.ok(requestsAfterKey <= 2, `requests after saving the key: ${requestsAfterKey}`);
  });

  it('shows the type groups, collapsed, with nothing fetched yet', async () => {
    // "Other types" shows once the view's look at the whole list (its first page, 25 most
    // recently updated) found a session of an undocumented type.
    const firstPage = [...wb.sandbox.sessions()].sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at))).slice(0, 25);
    const other = firstPage.some((x) => typeof x.type !== 'string' || !DOCUMENTED_TYPES.has(x.type));
    const TYPE_GROUPS = other ? [...DOCUMENTED_GROUPS, 'Other types'] : DOCUMENTED_GROUPS;
    console.log(`    "Other types" expected: ${String(other)}`);
    await waitFor('all type groups', async () => {
      const labels = await Promise.all(TYPE_GROUPS.map(async (g) => (await rowLabelled(g).count()) > 0));
      return labels.every(Boolean) ? true : undefined;
    });
    const r = await rows();
    assert.deepEqual(
      r.map((x) => x.level),
      TYPE_GROUPS.map(() => 1),
    );
    assert.ok(r.every((x) => x.expanded === false), JSON.stringify(r));
    await waitFor('nothing in flight', async () => (wb.sandbox.inFlight === 0 ? true : undefined));
    // Collapsed groups fetch nothing; the view looks at the whole list once (one request without
    // a type), to know whether there are sessions at all and any of an undocumented type.
    const lists = wb.sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions'));
    assert.deepEqual(lists.filter((r) => r.query.type !== undefined), [], 'collapsed groups fetch nothing');
    assert.ok(lists.length <= 2, `the key check and one look at the whole list: ${lists.length}`);
    requestsAfterKey = wb.sandbox.listRequests();
    // Screen readers hear the group's name (not its tooltip); each type has its own codicon.
    assert.deepEqual(r.map((x) => x.label.replace(/, has actions$/, '')), TYPE_GROUPS);
    for (const [group, icon] of [['Chat', 'comment-discussion'], ['Email', 'mail'], ...(other ? [['Other types', 'symbol-misc'] as const] : [])] as const) {
      assert.deepEqual(await iconOf(group), [icon]);
    }
    await widenSidebar(460);
    await moveMouseAway();
    await shot('03-type-groups');
  });

  it('expands "Chat" (status subgroups with counts) and a status subgroup (sessions)', async () => {
    await expand('Chat');
    chatDescriptionBefore = await waitFor('Chat counts', async () => {
      const d = await description('Chat');
      return /^\d+ of \d+$/.test(d) ? d : undefined;
    });
    assert.equal(wb.sandbox.listRequests(), requestsAfterKey + 1, 'one request for one expanded group');
    const r = await rows();
    const statusGroups = r.filter((x) => x.level === 2 && x.expanded !== undefined);
    assert.ok(statusGroups.length >= 3, JSON.stringify(r));
    // Expand a running kind of subgroup (spinning icons) and the failed one: short groups.
    const has = (label: string) => statusGroups.some((g) => g.text.startsWith(label));
    const running = has('Running') ? 'Running' : undefined;
    assert.ok(!has('In progress'), 'in_progress and running share the "Running" group');
    const opened = [running, has('Failed') ? 'Failed' : 'Completed'].filter((l): l is string => l !== undefined);
    for (const label of opened) await expand(label);
    const sessions = (await rows()).filter((x) => x.level === 3);
    assert.ok(sessions.length >= 2, JSON.stringify(await rows()));
    for (const s of sessions) {
      // Inside a status group the row says when (the group says the status); screen readers hear both.
      // An untitled row adds the start of its id after the time, to be told apart.
      const untitled = s.label.startsWith('Untitled,');
      const shortId = / · #[^ ]{1,8}$/;
      assert.equal(shortId.test(s.text), untitled, `the short id only on untitled rows: "${s.text}"`);
      const text = s.text.replace(shortId, '');
      const time = text.replace(/^.*?(just now|\d+ min ago|\d+ h ago|\d+ d ago|[A-Z][a-z]{2} \d+(, \d{4})?)$/, '$1');
      assert.notEqual(time, text, `a relative time ends "${s.text}"`);
      assert.match(s.label, new RegExp(`, (In progress|Running|Failed|Completed) · ${escapeRegExp(time)}$`), s.label);
    }
    assert.equal(wb.sandbox.listRequests(), requestsAfterKey + 1, 'expanding a status subgroup fetches nothing');
    // Status icons: spinning for running kinds, a check for completed, an error for failed.
    assert.deepEqual(await iconOf('Completed'), ['pass']);
    if (running) assert.deepEqual((await iconOf(running)).sort(), ['loading', 'modifier-spin']);
    if (statusGroups.some((g) => g.text.startsWith('Failed'))) assert.deepEqual(await iconOf('Failed'), ['error']);
    // Counts are plain: the type group knows its total, a status subgroup counts what is loaded
    // (its tooltip says "… loaded so far").
    assert.match(await description('Completed'), /^\d+$/);
    await moveMouseAway();
    await shot('04-chat-expanded');
  });

  it('"Load more…" fetches the next page and the count grows', async () => {
    const loadMore = wb.sessionsPane().locator('.monaco-list-row', { hasText: /^Load \d+ more/ }).first();
    await loadMore.waitFor({ state: 'visible', timeout: 10_000 });
    const label = ((await loadMore.textContent()) ?? '').trim();
    assert.match(label, /^Load 25 more \(\d+ remaining\)$/);
    const before = wb.sandbox.listRequests();
    await loadMore.click();
    const after = await waitFor('Chat count to grow', async () => {
      const d = await description('Chat');
      return d !== chatDescriptionBefore && /^\d+ of \d+$/.test(d) ? d : undefined;
    });
    const [loadedBefore, total] = chatDescriptionBefore.split(' of ').map(Number);
    assert.equal(after, `${Math.min(loadedBefore + 25, total)} of ${total}`);
    assert.equal(wb.sandbox.listRequests(), before + 1, 'exactly one request per "Load more"');
    // What happened is said, and the first new session is revealed and focused (a screen reader reads it).
    const message = wb.sessionsPane().locator('.message, .tree-explorer-viewlet-tree-view-message, .custom-tree-message').first();
    await waitFor('the Load more message', async () => {
      const t = (await message.textContent().catch(() => '')) ?? '';
      return t.includes(`Loaded ${Math.min(25, total - loadedBefore)} more Chat sessions · ${after}`) ? true : undefined;
    });
    const focused = await waitFor('a focused session row', async () => (await rows()).find((x) => x.focused && x.level === 3));
    assert.ok(focused, 'the first loaded session has the focus');
    await moveMouseAway();
    await shot('05-load-more');
  });

  it('shows a Markdown tooltip on hover', async () => {
    const session = wb.sessionsPane().locator('.monaco-list-row[aria-level="3"]').first();
    await session.hover();
    const hover = wb.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /Status: /);
    assert.match(text, /Type: Chat/);
    assert.match(text, /ID: [0-9a-f-]{36}/);
    const box = await hover.evaluate((e: DomNode) => e.getBoundingClientRect());
    const bottom = await rowBoundaryBelow(box.y + box.height + 8);
    const top = Math.round((await sidebarBox()).y);
    await shot('06-tooltip', {
      file: 'session-tooltip.png',
      clip: { x: 0, y: top, width: Math.min(VIEWPORT.width, Math.round(box.x + box.width + 24)), height: Math.min(VIEWPORT.height, Math.round(bottom + 4)) - top },
    });
    await moveMouseAway();
  });

  /** The text of the Markdown preview's page (inside the editor's webview frames), once it has an h1. */
  async function previewText(): Promise<string | undefined> {
    for (const frame of wb.page.frames()) {
      const text = await frame
        .evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { innerText: string } | null; body: { innerText: string } | null } }).document;
          return doc.querySelector('h1') ? (doc.body?.innerText ?? '') : undefined;
        })
        .catch(() => undefined);
      if (text) return text;
    }
    return undefined;
  }

  /** The HTML of the preview's page, to check that nothing in it is a link or an image. */
  async function previewHtml(): Promise<string> {
    for (const frame of wb.page.frames()) {
      const html = await frame
        .evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown; body: { innerHTML: string } | null } }).document;
          return doc.querySelector('h1') ? (doc.body?.innerHTML ?? '') : undefined;
        })
        .catch(() => undefined);
      if (html) return html;
    }
    return '';
  }

  it('opens a session\'s details: a page in the Markdown preview, with Copy Session ID and Refresh in its title bar', async () => {
    const session = wb.sessionsPane().locator('.monaco-list-row[aria-level="3"]').first();
    const title = ((await session.locator('.label-name').first().textContent()) ?? '').trim();
    await session.click();
    const text = await waitFor('the details page', async () => {
      const t = (await previewText())?.replace(/\u00a0/g, ' ');
      return t && /Status:/.test(t) && /Created:/.test(t) ? t : undefined;
    });
    // A page, not JSON: the title as heading, fields by name, dates with how long ago.
    assert.ok(text.startsWith(title.slice(0, 20)), `${text.slice(0, 80)} / ${title}`);
    assert.match(text, /Type: Chat/);
    assert.match(text, /Created: .+ \(.+\)/, 'the date with how long ago');
    assert.match(text, /Other fields/);
    assert.match(text, /ID: [0-9a-f-]{36}/);
    assert.doesNotMatch(text, /"created_at"|created_at/);
    assert.doesNotMatch(await previewHtml(), /<a\b|<img\b/, 'a link or an image on the page');
    const tab = ((await wb.page.locator('.part.editor .tab.active').first().textContent()) ?? '').trim();
    if (title !== 'Untitled') assert.ok(tab.startsWith(title.slice(0, 20)), `${tab} / ${title}`);
    // The page's own actions, in its title bar.
    const actions = wb.page.locator('.part.editor .editor-actions');
    const copyId = actions.locator('[aria-label="Copy Session ID"]').first();
    await copyId.waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok(await actions.locator('[aria-label="Refresh Session Details"]').first().isVisible(), 'Refresh in the title bar');
    await moveMouseAway();
    await shot('07-details', { file: 'sessions-view.png', clip: { x: 0, y: 0, width: VIEWPORT.width, height: VIEWPORT.height } });
    await copyId.click();
    await wb.waitForStatusBar('session ID copied');
    assert.ok(!(await wb.notifications()).some((m) => /copied/.test(m)), 'a toast for a copy');
    await actions.locator('[aria-label="Refresh Session Details"]').first().click();
    await waitFor('the page after Refresh', async () => ((await previewText()) ? true : undefined));
  });

  it('creates a session through the quick pick by keyboard only and finds it in the tree', async () => {
    const quickTitle = async () => ((await wb.quickInput().locator('.quick-input-title').first().textContent()) ?? '').trim();
    const step = (n: number) => waitFor(`create step ${n}/3`, async () => (new RegExp(`${n}/3`).test(await quickTitle().catch(() => '')) ? true : undefined));
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('.part.editor .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
    await wb.runCommand('PG:AI: Create Session…');
    await step(1);
    const types = await wb.waitForQuickPickItem('Chat');
    assert.equal(types.length, 7, types.join(' | '));
    await moveMouseAway();
    const box = await wb.quickInput().evaluate((e: DomNode) => e.getBoundingClientRect());
    await shot('08-create-type', {
      file: 'create-session.png',
      clip: { x: 0, y: 0, width: Math.min(VIEWPORT.width, Math.round(box.x + box.width + 24)), height: Math.round(await rowBoundaryBelow(box.y + box.height + 12)) + 4 },
    });
    await wb.pressKey('Enter'); // Chat
    await step(2);
    await wb.page.keyboard.type(CREATED_TITLE);
    await shot('09-create-title');
    await wb.pressKey('Enter');
    await step(3);
    await wb.waitForQuickPickItem('No company');
    await wb.pressKey('Enter');
    await wb.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    const created = wb.sandbox.sessions().filter((s) => s.title === CREATED_TITLE);
    assert.equal(created.length, 1);
    assert.equal(created[0]?.type, 'chat');
    const r = await wb.waitForTreeRow(CREATED_TITLE);
    const row = (await rows()).find((x) => x.label.startsWith(CREATED_TITLE));
    assert.ok(row?.selected, `the new session is revealed and selected: ${JSON.stringify(row)} in ${r.join(' | ')}`);
    assert.match(row?.text ?? '', /just now/);
    await moveMouseAway();
    await shot('10-created-in-tree');
  });

  it('changes a filter through "Filter Sessions…" and the view follows ("Filtered: …")', async () => {
    await wb.runCommand('PG:AI: Filter Sessions…');
    await wb.pickQuickItem(/Status/);
    await wb.waitForQuickPickItem('Any status');
    await shot('11-filter-status');
    await wb.pickQuickItem(/^Completed/);
    // The menu comes back with the new value; Escape closes it.
    await wb.waitForQuickPickItem('Clear Filters');
    await wb.pressKey('Escape');
    const message = wb.sessionsPane().locator('.message, .tree-explorer-viewlet-tree-view-message, .custom-tree-message').first();
    await waitFor('the filter message', async () => {
      const t = (await message.textContent().catch(() => '')) ?? '';
      return t.includes('Filtered: status = completed') ? true : undefined;
    });
    // The reloaded Chat group holds only completed sessions.
    await waitFor('only the Completed subgroup under Chat', async () => {
      const r = await rows();
      const sub = r.filter((x) => x.level === 2 && x.expanded !== undefined);
      return sub.length === 1 && sub[0]?.text.startsWith('Completed') ? true : undefined;
    });
    const query = wb.sandbox.requests.at(-1)?.query ?? {};
    assert.equal(query.status, 'completed');
    await moveMouseAway();
    await shot('12-filtered');

    await wb.runCommand('PG:AI: Clear Filters');
    await waitFor('the filter message to go', async () => ((await message.isVisible().catch(() => false)) ? undefined : true));
    await waitFor('Chat reloaded unfiltered', async () => {
      const sub = (await rows()).filter((x) => x.level === 2 && x.expanded !== undefined);
      return sub.length >= 3 ? true : undefined;
    });
  });

  it('a failing group shows an error item with Retry; Retry loads it', async () => {
    // The unfiltered reload is answered before the fault is armed, so the fault hits Email's page.
    await waitFor('nothing in flight', async () => (wb.sandbox.inFlight === 0 ? true : undefined));
    const inFlight = wb.sandbox.listRequests();
    // 503 on every attempt (1 + 3 retries) of the next list request: the Email group's first page.
    wb.sandbox.addFault({ method: 'GET', nth: 1, times: 4, then: { status: 503, body: { error: 'maintenance' } } });
    await clickRow('Chat'); // collapse, so the error shows near the top
    await expand('Email');
    const error = await waitFor(
      'an error row',
      async () => (await rows()).find((x) => x.level === 2 && /503|unavailable|failed/i.test(x.text)),
      30_000,
    );
    console.log('    error row:', error.text);
    assert.equal(wb.sandbox.listRequests(), inFlight + 4, 'retried 3 times, then gave up');
    assert.ok(!/Error:|\[object|undefined|Request id/.test(error.text), error.text);
    assert.equal(error.label, `${error.text}. Select to retry.`, 'screen readers hear the error and how to retry');
    const errorRow = wb.sessionsPane().locator('.monaco-list-row[aria-level="2"]').filter({ hasText: error.text.slice(0, 20) }).first();
    await errorRow.hover();
    const retry = errorRow.locator('.actions .action-label[aria-label^="Retry"]');
    await retry.waitFor({ state: 'visible', timeout: 5_000 });
    await shot('13-error-item');
    await retry.click();
    await waitFor('Email loaded', async () => {
      const d = await description('Email');
      return /^\d+ of \d+$/.test(d) ? true : undefined;
    });
    assert.ok(!(await rows()).some((x) => x.text === error.text), 'the error row is gone');
    await moveMouseAway();
    await shot('14-retried');
  });

  it('never shows the API key: in no notification and nowhere on screen', async () => {
    const key = wb.sandbox.apiKey;
    const messages = await wb.allNotifications();
    assert.ok(messages.some((m) => /Created session/.test(m)), `the journey's notifications are there: ${JSON.stringify(messages)}`);
    for (const message of messages) assert.ok(!message.includes(key), `a notification shows the key: ${message}`);
    await wb.runCommand('PG:AI: Show Log');
    const screen = await waitFor('the log open', async () => {
      const text = await wb.page.locator('body').innerText();
      return text.includes('PG:AI Sessions') && /\[info\]|\[warning\]|\[debug\]/i.test(text) ? text : undefined;
    });
    assert.ok(screen.includes('PG:AI Sessions'), 'the log is open');
    assert.ok(!screen.includes(key), 'the key is on screen');
    await shot('15-log');
  });
});
