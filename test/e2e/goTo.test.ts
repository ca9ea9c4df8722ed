// E2E: Go to Session… in the real workbench: typing asks PG:AI's search, the found sessions show
// beside the loaded ones, and Enter reveals the session in the tree and opens its page.
// Screenshot test-results/screenshots/goto-*.png; the README crop as in the journey.
import * as assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type E2EWorkbench, ROOT, SCREENSHOT_DIR, launchWorkbench } from './workbench';

const VIEWPORT = { width: 1280, height: 800 };
const README_DIR = join(ROOT, 'media', 'screenshots');
const UPDATE_README = process.env.PGAI_UPDATE_SCREENSHOTS === '1';

describe('e2e: Go to Session', function () {
  let wb: E2EWorkbench;

  before(async function () {
    this.timeout(240_000);
    wb = await launchWorkbench({ viewport: VIEWPORT });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    await wb.screenshot('goto-failed').catch(() => undefined);
    console.log(`      [goto] items: ${(await wb.quickPickItems().catch(() => [])).join(' | ')}`);
    console.log(`      [goto] searches: ${JSON.stringify(wb.sandbox.requests.filter((r) => r.query.search !== undefined).map((r) => r.query))}`);
  });

  after(async () => {
    await wb?.close();
  });

  it('finds a session that is not loaded through PG:AI’s search, reveals it and opens its page', async function () {
    this.timeout(90_000);
    await wb.openPgaiView();
    await wb.waitForTreeRow(/^Chat/, 30_000);
    const target = wb.sandbox.sessions().find((s) => s.type === 'project' && typeof s.title === 'string' && s.title.length > 10);
    assert.ok(target, 'a project session in the sandbox');
    const words = (target.title as string).split(' ').slice(0, 3).join(' ');
    await wb.runCommand('PG:AI: Go to Session…');
    await wb.poll(async () => (/Go to PG:AI Session/.test((await wb.quickInput().locator('.quick-input-title').first().textContent().catch(() => '')) ?? '') ? true : undefined), 10_000, 'Go to Session open');
    await wb.typeInQuickInput(words);
    const items = await wb.waitForQuickPickItem(target.title as string, 15_000);
    assert.ok(wb.sandbox.requests.some((r) => r.query.search === words), 'PG:AI’s search was asked');
    await wb.page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
    await wb.screenshot('goto-01-found');
    const box = await wb.quickInput().boundingBox();
    assert.ok(box);
    const dir = UPDATE_README ? README_DIR : join(SCREENSHOT_DIR, 'readme');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'go-to-session.png');
    await wb.page.screenshot({ path, clip: { x: Math.round(box.x) - 8, y: Math.max(0, Math.round(box.y) - 8), width: Math.round(box.width) + 16, height: Math.min(360, Math.round(box.height) + 16) } });
    assert.ok(statSync(path).size <= 150_000);
    await wb.pickQuickItem(target.title as string);
    await wb.quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
    const row = await wb.poll(async () => (await wb.treeRowDetails()).find((r) => r.label.startsWith(target.title as string) && r.selected), 20_000, 'the session revealed and selected');
    assert.ok(row, items.join(' | '));
    await wb.page.locator('.part.editor .tab').filter({ hasText: ((target.title as string).split(': ').pop() ?? '').slice(0, 15) }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('goto-02-revealed');
  });

  it('after a window reload the groups open as they were left (kept per workspace)', async function () {
    this.timeout(120_000);
    const expandedBefore = (await wb.treeRowDetails()).filter((r) => r.expanded === true).map((r) => r.label.split(',')[0]);
    assert.ok(expandedBefore.length >= 2, `expanded before: ${expandedBefore.join(' | ')}`);
    await wb.page.reload();
    await wb.waitUntilReady(90_000);
    await wb.openPgaiView();
    const after = await wb.poll(async () => {
      const rows = await wb.treeRowDetails();
      const expanded = rows.filter((r) => r.expanded === true).map((r) => r.label.split(',')[0]);
      return expandedBefore.every((label) => expanded.includes(label)) ? expanded : undefined;
    }, 45_000, `the groups ${expandedBefore.join(', ')} expanded again`);
    assert.deepEqual([...after].sort(), [...expandedBefore].sort());
    await wb.screenshot('goto-03-after-reload');
  });
});
