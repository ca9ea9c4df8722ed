// E2E: a session whose title carries a `command:` link, HTML and a right-to-left override, shown
// in VS Code's own tree and hover (not a Markdown library's idea of them): the link is text, no
// image or HTML is rendered, the override is gone, and clicking the hover runs nothing.
import * as assert from 'node:assert/strict';
import { type E2EWorkbench, launchWorkbench } from './workbench';

const TITLE = '[Open settings](command:workbench.action.openSettings) <img src=x onerror=alert(1)> Invoice \u202Egnp.exe';

interface HoverDom {
  querySelectorAll(selector: string): { length: number };
  readonly innerText: string;
}

describe('e2e: hostile session text in the real tree and hover', () => {
  let wb: E2EWorkbench;
  before(async () => {
    wb = await launchWorkbench();
    // The chat group's first page: one hostile session (as the server or anyone writing sessions decides).
    wb.sandbox.addFault({
      method: 'GET',
      then: {
        status: 200,
        body: { items: [{ id: 'hostile-1', title: TITLE, type: 'chat', status: 'completed', company_id: '<b>co</b>', created_at: '2026-11-30T10:00:00Z', updated_at: '2026-11-30T10:00:00Z' }] },
      },
    });
    await wb.openPgaiView();
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`failed-${this.currentTest.title}`);
  });

  it('renders the title as inert text in the row and in VS Code’s hover', async () => {
    await wb.expandRow('Chat');
    await wb.expandRow('Completed');
    const row = wb.sessionsPane().locator('.monaco-list-row[aria-level="3"]').first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const label = (await row.locator('.label-name').first().textContent()) ?? '';
    assert.ok(!label.includes('\u202E'), 'the override is in the row');
    assert.ok(label.startsWith('[Open settings](command:'), `the row does not read as its text: ${label}`);
    await row.hover();
    const hover = wb.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.poll(async () => (((await hover.innerText()) ?? '').includes('Open settings') ? true : undefined), 10_000, 'the hover text');
    await wb.screenshot('hostile-hover');
    const dom = await hover.evaluate((e: HoverDom) => ({
      links: e.querySelectorAll('a').length,
      images: e.querySelectorAll('img').length,
      html: e.querySelectorAll('b, script, iframe').length,
      text: e.innerText,
    }));
    assert.equal(dom.links, 0, 'a link in the hover');
    assert.equal(dom.images, 0, 'an image in the hover');
    assert.equal(dom.html, 0, 'HTML rendered in the hover');
    assert.ok(dom.text.includes('[Open settings](command:workbench.action.openSettings)'), `the link is not shown as text: ${dom.text}`);
    assert.ok(dom.text.includes('<img src=x onerror=alert(1)>'), 'the HTML is not shown as text');
    assert.ok(!dom.text.includes('\u202E'), 'the override is in the hover');
    // Clicking the hover's text opens nothing (no Settings editor).
    await hover.locator('p').first().click();
    await wb.poll(async () => (await wb.page.locator('.settings-editor').count()) === 0 ? true : undefined, 2_000, 'no Settings editor');
  });
});
