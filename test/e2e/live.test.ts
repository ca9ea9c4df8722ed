// E2E: the live view in the real workbench against a sandbox whose sessions live (speed 0: they
// move only when the test advances them). A session created through the UI is watched (👁), the
// status bar follows it, each check costs one request, and when it finishes while the view is
// hidden one notification says so, the view's badge counts 1 and clears when the view is shown,
// and Open reveals the session and opens its page. Screenshots: test-results/screenshots/live-*.png;
// README crops (notification, status bar) as in the journey (PGAI_UPDATE_SCREENSHOTS=1 to update).
import * as assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type E2EWorkbench, ROOT, SCREENSHOT_DIR, launchWorkbench } from './workbench';

const VIEWPORT = { width: 1280, height: 800 };
const TITLE = 'Live pipeline check (e2e)';
const POLL_SECONDS = 10;
const README_DIR = join(ROOT, 'media', 'screenshots');
const UPDATE_README = process.env.PGAI_UPDATE_SCREENSHOTS === '1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('e2e: the live view', function () {
  this.bail(true);
  let wb: E2EWorkbench;
  let createdId = '';

  const pollRequests = () =>
    wb.sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions') && r.query.per_page === '50' && r.query.sort_by === 'updated_at');
  const listRequests = () => wb.sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions'));

  /** Runs the sandbox's life until the created session changes to one of `to` (no check can run meanwhile: this is synchronous). */
  function advanceUntil(to: readonly string[]): string {
    for (let i = 0; i < 400; i++) {
      const change = wb.sandbox.advance(5_000).find((c) => c.id === createdId && to.includes(c.to));
      if (change) return change.to;
    }
    throw new Error(`the created session never reached ${to.join(' or ')}`);
  }

  async function readmeCrop(file: string, clip: { x: number; y: number; width: number; height: number }): Promise<void> {
    const dir = UPDATE_README ? README_DIR : join(SCREENSHOT_DIR, 'readme');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file);
    await wb.page.screenshot({ path, clip });
    assert.ok(statSync(path).size <= 150_000, `${file}: ${statSync(path).size} bytes`);
  }

  /** The label of the status group the row titled TITLE is in (the nearest row one level up). */
  async function groupOfCreated(): Promise<string | undefined> {
    const rows = await wb.treeRowDetails();
    const index = rows.findIndex((r) => r.label.startsWith(TITLE));
    if (index === -1) return undefined;
    for (let i = index - 1; i >= 0; i--) if (rows[i].level === rows[index].level - 1) return rows[i].label;
    return undefined;
  }

  /** The notification telling `to`: its toast, or else its entry in the (opened) notification center. */
  async function notificationItem(title: string, to: string) {
    const match = new RegExp(`${title.replace(/[()]/g, '\\$&')}.*${to}`);
    const toast = wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: match }).first();
    if ((await toast.count()) > 0) return toast;
    const center = wb.page.locator('.notifications-center');
    if (!(await center.first().isVisible().catch(() => false))) await wb.page.locator('.statusbar-item.notifications-center a, .statusbar-item[id*="notifications"] a').first().click({ force: true });
    const item = center.locator('.notification-list-item').filter({ hasText: match }).first();
    await item.waitFor({ state: 'visible', timeout: 5_000 });
    return item;
  }

  /** The text of the Markdown preview in front (its frame), or undefined. */
  async function previewText(): Promise<string | undefined> {
    for (const frame of wb.page.frames()) {
      const text = await frame
        .evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown; body: { innerText: string } | null } }).document;
          return doc.querySelector('h1') ? (doc.body?.innerText ?? '') : undefined;
        })
        .catch(() => undefined);
      if (text) return text;
    }
    return undefined;
  }

  const badge = () => wb.page.locator('.part.activitybar .action-item').filter({ has: wb.page.locator('a[aria-label^="PG:AI"]') }).locator('.badge-content');

  before(async function () {
    this.timeout(240_000);
    wb = await launchWorkbench({ sandbox: { life: { speed: 0 } }, settings: { 'pgai.sessions.pollSeconds': POLL_SECONDS }, viewport: VIEWPORT });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot('live-failed').catch(() => undefined);
      console.log(`      [live] notifications at the failure: ${(await wb?.allNotifications().catch(() => []))?.join(' | ')}`);
      console.log(`      [live] server log tail: ${wb?.logs.slice(-15).join("\n")}`);
      console.log(`      [live] the created session in the sandbox: ${JSON.stringify(wb?.sandbox.sessions().find((s) => s.id === createdId))}`);
    }
  });

  after(async () => {
    await wb?.close();
  });

  it('a session created through the UI is watched: 👁 on its row, the status bar says it is queued', async () => {
    await wb.openPgaiView();
    await wb.waitForTreeRow(/^Chat/, 30_000);
    await wb.expandRow('Chat');
    await wb.runCommand('PG:AI: Create Session…');
    await wb.waitForQuickPickItem('Chat');
    await wb.pressKey('Enter');
    await wb.poll(async () => (/2\/3/.test((await wb.quickInput().locator('.quick-input-title').first().textContent().catch(() => '')) ?? '') ? true : undefined), 10_000, 'step 2');
    await wb.page.keyboard.type(TITLE);
    await wb.pressKey('Enter');
    await wb.waitForQuickPickItem('No company');
    await wb.pressKey('Enter');
    await wb.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
    const created = wb.sandbox.sessions().find((s) => s.title === TITLE);
    assert.ok(created, 'created in the sandbox');
    assert.equal(created.status, 'queued', 'a living sandbox starts a new session queued');
    createdId = created.id;
    await wb.waitForTreeRow(TITLE);
    const description = await wb.poll(async () => {
      const d = await wb.rowDescription(TITLE);
      return d.startsWith('👁') ? d : undefined;
    }, 10_000, 'the eye on the created row');
    assert.match(description, /just now/);
    assert.match((await groupOfCreated()) ?? '', /^Queued/);
    // Its context menu offers Stop Watching, not Watch Session.
    await wb.treeRow(TITLE).click({ button: 'right' });
    const menu = await wb.poll(async () => {
      const items = await wb.page.locator('.context-view .monaco-menu .action-label').allTextContents().catch(() => []);
      return items.length > 0 ? items.map((t) => t.trim()) : undefined;
    }, 10_000, 'the row’s context menu');
    assert.ok(menu.includes('Stop Watching'), menu.join(' | '));
    assert.ok(!menu.includes('Watch Session'), menu.join(' | '));
    await wb.pressKey('Escape');
    const bar = await wb.waitForStatusBar(/1 queued/);
    assert.doesNotMatch(bar, /running/);
    await wb.screenshot('live-01-watched');
  });

  it('the status bar follows it to running; each check is one request, about every pollSeconds', async function () {
    this.timeout(90_000);
    assert.equal(advanceUntil(['running']), 'running');
    await wb.waitForStatusBar(/1 running/, 30_000);
    // It left Queued for Running (collapsed: expanded here to see it there).
    await wb.poll(async () => ((await wb.treeRows()).some((r) => r.startsWith(TITLE)) ? undefined : true), 15_000, 'the row gone from Queued');
    await wb.expandRow(`Running`);
    await wb.poll(async () => (/^Running/.test((await groupOfCreated()) ?? '') ? true : undefined), 15_000, 'the row in the Running group');
    await wb.page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
    await sleep(300);
    await wb.screenshot('live-02-running');
    // The watched row (👁) in its new group and the status-bar item, in one picture.
    await readmeCrop('live-view.png', { x: 0, y: 36, width: 560, height: VIEWPORT.height - 36 });
    // A quiet stretch: every list request is a check, one at a time, not faster than the pace.
    const before = listRequests().length;
    await sleep(POLL_SECONDS * 2_500 + 2_000);
    const during = listRequests().slice(before);
    assert.ok(during.length >= 2, `checks in ${POLL_SECONDS * 2.5 + 2} s: ${during.length}`);
    assert.deepEqual(during.filter((r) => r.query.per_page !== '50' || r.query.sort_by !== 'updated_at'), [], 'no other list request while nothing changes');
    const polls = pollRequests();
    console.log(`      [live] ${during.length} checks in ${POLL_SECONDS * 2.5 + 2} s, each 1 request (${polls.length} checks so far)`);
  });

  it('it finishes while the view is hidden: one notification, the badge counts 1, the status bar item goes', async function () {
    this.timeout(90_000);
    await wb.activityBarItem('Explorer').click();
    await sleep(500);
    const to = advanceUntil(['completed', 'failed']);
    const changedAt = Date.now();
    const told = new RegExp(`${TITLE.replace(/[()]/g, '\\$&')}.*${to}`);
    // The headless workbench sometimes puts a notification straight into the notification center.
    const messages = await wb.poll(async () => {
      const all = (await wb.notifications()).some((m) => told.test(m)) ? await wb.notifications() : await wb.allNotifications();
      return all.some((m) => told.test(m)) ? all : undefined;
    }, 60_000, `a notification matching ${told}`);
    const delayMs = Date.now() - changedAt;
    console.log(`      [live] notification ${delayMs} ms after the change (pace: ${POLL_SECONDS} s while a watched session is in progress)`);
    assert.equal(messages.filter((m) => m.includes(TITLE) && !m.startsWith('Created')).length, 1, `one notification: ${messages.join(' | ')}`);
    const toast = await notificationItem(TITLE, to);
    assert.equal(await toast.getByRole('button', { name: 'Open' }).count(), 1);
    assert.equal(await toast.getByRole('button', { name: "Don't Notify Again" }).count(), 1);
    await wb.poll(async () => ((await badge().textContent().catch(() => '')) === '1' ? true : undefined), 10_000, 'the badge counting 1');
    await wb.poll(async () => (/running|queued/.test(await wb.statusBarText()) ? undefined : true), 10_000, 'the status bar item gone');
    await wb.page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
    await sleep(300);
    await wb.screenshot('live-03-notification');
    const box = await (await notificationItem(TITLE, to)).boundingBox();
    assert.ok(box);
    await readmeCrop('notification.png', { x: Math.max(0, Math.round(box.x) - 8), y: Math.max(0, Math.round(box.y) - 8), width: Math.min(VIEWPORT.width - Math.round(box.x) + 8, Math.round(box.width) + 16), height: Math.round(box.height) + 16 });
  });

  it('Open shows the view (the badge clears), reveals the session and opens its page', async () => {
    const to = /failed/.test(wb.sandbox.sessions().find((s) => s.id === createdId)?.status ?? '') ? 'failed' : 'completed';
    await (await notificationItem(TITLE, to)).getByRole('button', { name: 'Open' }).click();
    await wb.page.locator('#workbench\\.parts\\.sidebar[data-active-composite="workbench.view.extension.pgai"]').waitFor({ state: 'visible', timeout: 15_000 });
    await wb.poll(async () => ((await badge().count()) === 0 || (await badge().isHidden()) ? true : undefined), 10_000, 'the badge cleared');
    const row = await wb.poll(async () => (await wb.treeRowDetails()).find((r) => r.label.startsWith(TITLE) && r.selected), 15_000, 'the session selected in the tree');
    assert.match((await groupOfCreated()) ?? '', /^(Completed|Failed)/);
    assert.ok(row.text.startsWith(TITLE));
    await wb.page.locator('.part.editor .tab').filter({ hasText: TITLE }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('live-04-opened');
  });

  it('the open page follows its session when a check finds it changed', async function () {
    this.timeout(90_000);
    const text = () => previewText().then((t) => t?.replace(/\u00a0/g, ' '));
    await wb.poll(async () => ((await text())?.startsWith(TITLE) ? true : undefined), 15_000, 'the page of the session');
    wb.sandbox.update(createdId, { status: 'archived' });
    // Nothing watched is in progress and the view is visible: the next check within 2 × pollSeconds (at least 30 s).
    const page = await wb.poll(async () => {
      const t = await text();
      return t && /Status: Archived/.test(t) ? t : undefined;
    }, 45_000, 'the page showing the new status');
    assert.ok(page.startsWith(TITLE));
    await wb.screenshot('live-05-page-followed');
  });
});
