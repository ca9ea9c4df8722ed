// E2E: setting the API key and creating a session by keyboard alone, in the real workbench UI,
// with a screenshot of each step (test-results/screenshots/key-*.png, create-*.png).
import * as assert from 'node:assert/strict';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type E2EWorkbench, launchWorkbench } from './workbench';

async function inputValue(wb: E2EWorkbench): Promise<string> {
  return wb.quickInput().locator('input').first().inputValue();
}

/** The quick input's step counter / title text, e.g. "Create PG:AI Session 2/3". */
async function quickInputTitle(wb: E2EWorkbench): Promise<string> {
  return ((await wb.quickInput().locator('.quick-input-title').first().textContent()) ?? '').trim();
}

async function waitForTitle(wb: E2EWorkbench, match: RegExp): Promise<string> {
  return wb.poll(async () => {
    const title = await quickInputTitle(wb).catch(() => '');
    return match.test(title) ? title : undefined;
  }, 10_000, `quick input title matching ${match}`);
}

/**
 * Waits for a notification, as a toast or (when the workbench shows it only in the status bar,
 * as the headless web workbench sometimes does) in the notification center, which it opens and
 * closes again through the status bar bell.
 */
async function waitForAnyNotification(wb: E2EWorkbench, match: string | RegExp): Promise<string[]> {
  const test = (m: string) => (typeof match === 'string' ? m.includes(match) : match.test(m));
  return wb.poll(async () => {
    const messages = await wb.allNotifications();
    return messages.some(test) ? messages : undefined;
  }, 15_000, `a notification matching ${match}`);
}

/** The Back button's keybinding (workbench.action.quickInputBack) on Linux. */
async function pressBack(wb: E2EWorkbench): Promise<void> {
  await wb.pressKey('Control+Alt+Minus');
}

describe('e2e: API key and create session', () => {
  describe('without a stored key', () => {
    let wb: E2EWorkbench;
    before(async () => {
      wb = await launchWorkbench({ seedKey: false });
      await wb.openPgaiView();
    });
    after(async () => {
      await wb?.close();
    });

    it('shows the welcome view, and Set API Key saves a key typed into a password box', async () => {
      const welcome = await wb.poll(async () => ((await wb.welcomeText()).includes('Set API Key') ? wb.welcomeText() : undefined), 15_000, 'welcome view');
      assert.match(welcome, /Connect to PG:AI/);
      await wb.screenshot('key-1-welcome');
      // Without a key the palette offers Set API Key, not what needs a key.
      await wb.openCommandPalette();
      await wb.page.keyboard.type('PG:AI:');
      const offered = await wb.waitForQuickPickItem('PG:AI: Set API Key');
      for (const needsKey of ['PG:AI: Create Session…', 'PG:AI: Clear API Key', 'PG:AI: Copy Session ID', 'PG:AI: Open Session Details', 'PG:AI: Refresh Sessions']) {
        assert.ok(!offered.some((i) => i.startsWith(needsKey)), `"${needsKey}" offered without a key: ${offered.join(' | ')}`);
      }
      await wb.pressKey('Escape');

      await wb.runCommand('PG:AI: Set API Key');
      const input = wb.quickInput().locator('input').first();
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await wb.poll(async () => ((await input.getAttribute('type')) === 'password' ? true : undefined), 5_000, 'a password input');
      assert.match(await wb.quickInputMessage(), new RegExp(`API key for ${wb.sandbox.origin.replace(/^http:\/\//, '').replace(/\./g, '\\.')}`));
      await wb.page.keyboard.type('wrong-key-for-e2e');
      await wb.screenshot('key-2-password-box');
      await wb.pressKey('Enter');

      // Rejected: a modal offers Re-enter / Save Anyway.
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match((await dialog.textContent()) ?? '', /rejected the API key \(401\)/);
      assert.doesNotMatch((await dialog.textContent()) ?? '', /wrong-key-for-e2e/);
      await wb.screenshot('key-3-rejected');
      await dialog.getByRole('button', { name: 'Re-enter Key' }).click();

      await input.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await inputValue(wb), 'wrong-key-for-e2e', 'the rejected key is kept for correction');
      await wb.typeInQuickInput(`  ${wb.sandbox.apiKey}  `, { submit: true });
      // The view changing is the confirmation; the status bar says it once, without a toast.
      await wb.waitForStatusBar(`PG:AI API key saved for ${wb.sandbox.origin.replace(/^http:\/\//, '')}`);
      assert.ok(!(await wb.notifications()).some((m) => /key saved/.test(m)), 'a toast repeats what the view shows');
      await wb.poll(async () => ((await wb.welcomeText()) === '' ? true : undefined), 15_000, 'welcome view gone');
      await wb.screenshot('key-4-saved');

      // Clear API Key: asked once (a modal), then the welcome view is the confirmation; no toast.
      await wb.runCommand('PG:AI: Clear API Key');
      const confirm = wb.page.locator('.monaco-dialog-box');
      await confirm.waitFor({ state: 'visible', timeout: 10_000 });
      await confirm.getByRole('button', { name: 'Clear Key' }).click();
      await wb.waitForStatusBar(`PG:AI API key cleared for ${wb.sandbox.origin.replace(/^http:\/\//, '')}`);
      await wb.poll(async () => ((await wb.welcomeText()).includes('Set API Key') ? true : undefined), 15_000, 'the welcome view again');
      assert.deepEqual((await wb.notifications()).filter((m) => /PG:AI|key/i.test(m)), [], 'a toast repeats what the view shows');
      await wb.screenshot('key-7-cleared');
    });
  });

  describe('the API address changes while Set API Key is open', () => {
    let wb: E2EWorkbench;
    let first: Sandbox;
    before(async () => {
      // The launch sandbox (with its key stored) is the second address; the first has no key.
      wb = await launchWorkbench();
      first = await startSandbox({ port: 0, rateLimit: false, apiKey: 'first-origin-key-e2e' });
      await wb.openPgaiView();
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await wb?.screenshot(`failed-${this.currentTest.title}`);
    });
    after(async () => {
      await wb?.close();
      await first?.close();
    });

    it('the key typed for the first address is neither sent to nor saved for either', async () => {
      const second = wb.sandbox;
      // Each switch is seen before going on: the first address (no key) shows the welcome view,
      // the second (key stored) the tree.
      const showsTree = () => wb.poll(async () => ((await wb.welcomeText()) === '' && (await wb.treeRows()).some((r) => r.startsWith('Chat')) ? true : undefined), 30_000, 'the tree of the second address');
      const showsWelcome = () => wb.poll(async () => ((await wb.welcomeText()).includes('Set API Key') ? true : undefined), 20_000, 'the welcome view of the first address');
      await showsTree();
      await wb.openSettingsEditor('pgai.apiBaseUrl');
      await wb.setInSettingsEditor('pgai.apiBaseUrl', first.baseUrl);
      await showsWelcome();
      await wb.runCommand('PG:AI: Set API Key');
      const input = wb.quickInput().locator('input').first();
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      const firstHost = first.origin.replace(/^http:\/\//, '');
      await wb.poll(async () => ((await wb.quickInputMessage()).includes(`API key for ${firstHost}`) ? true : undefined), 10_000, 'the prompt naming the first address');
      // The box stays open (it ignores focus loss) while the address is changed back in Settings.
      await wb.setInSettingsEditor('pgai.apiBaseUrl', second.baseUrl);
      await showsTree();
      assert.ok(await input.isVisible(), 'the key box is still open');
      await wb.screenshot('key-5-address-changed-while-open');
      // Into the box (not the Settings field that had the focus), then Enter in the box.
      await input.fill(first.apiKey);
      await wb.poll(async () => ((await input.inputValue()) === first.apiKey ? true : undefined), 5_000, 'the key in the box');
      await input.press('Enter');
      await waitForAnyNotification(wb, /address changed to .* while the key for .* was being entered, so the key was not saved/);
      await wb.screenshot('key-6-not-saved');
      assert.equal(first.requests.length, 0, 'the key check went to the first address after all');
      assert.equal(second.requests.filter((r) => !r.keyValid).length, 0, 'the second address received the first address’s key');
      await wb.setInSettingsEditor('pgai.apiBaseUrl', first.baseUrl);
      await showsWelcome(); // no key was saved for it
      assert.equal(first.requests.length, 0);
    });
  });

  describe('with a stored key', () => {
    let wb: E2EWorkbench;
    before(async () => {
      wb = await launchWorkbench();
      await wb.openPgaiView();
    });
    after(async () => {
      await wb?.close();
    });

    it('creates a session by keyboard: type, title, Back keeps values, company validation', async () => {
      await wb.runCommand('PG:AI: Create Session…');
      await waitForTitle(wb, /Create PG:AI Session.*1\/3/);
      const types = await wb.waitForQuickPickItem('Chat');
      assert.equal(types.length, 7, types.join(' | '));
      assert.match(types[0] ?? '', /Chat/);
      await wb.screenshot('create-1-type');
      await wb.pressKey('ArrowDown'); // Document
      await wb.pressKey('Enter');

      await waitForTitle(wb, /2\/3/);
      // An example in the placeholder; no "Press Enter" (VS Code shows its own hint).
      assert.equal(await wb.quickInput().locator('input').first().getAttribute('placeholder'), 'e.g. Competitive analysis: Acme vs Globex');
      assert.match(await wb.quickInputMessage(), /optional/i);
      assert.doesNotMatch(await wb.quickInputMessage(), /Press Enter/);
      await wb.screenshot('create-2-title-empty');
      await wb.page.keyboard.type('E2E keyboard session');
      await wb.screenshot('create-2-title');
      await pressBack(wb);
      await waitForTitle(wb, /1\/3/);
      await wb.pressKey('Enter'); // Document is still the active item
      await waitForTitle(wb, /2\/3/);
      assert.equal(await inputValue(wb), 'E2E keyboard session', 'Back and forward keep the title');
      await wb.pressKey('Enter');

      await waitForTitle(wb, /3\/3/);
      await wb.waitForQuickPickItem('No company');
      await wb.page.keyboard.type('acme');
      await wb.waitForQuickPickItem('Not a company UUID');
      await wb.screenshot('create-3-company-invalid');
      assert.doesNotMatch(await wb.quickInputMessage(), /A company ID is a UUID/, 'before Enter the row says it');
      await wb.pressKey('Enter');
      // Enter on an invalid id says why, visibly (the prompt under the input), and keeps the step open.
      await wb.poll(async () => (/A company ID is a UUID/.test(await wb.quickInputMessage()) ? true : undefined), 10_000, 'the reason shown');
      assert.match(await quickInputTitle(wb), /3\/3/, 'an invalid company id keeps the step open');
      await wb.screenshot('create-3-company-invalid-enter');
      await wb.page.keyboard.type('-still-not');
      assert.match(await wb.quickInputMessage(), /A company ID is a UUID/, 'the reason stays while the text is still not an id');
      await wb.typeInQuickInput('');
      await wb.waitForQuickPickItem('No company');
      await wb.poll(async () => (!(await wb.quickPickItems()).some((i) => /Not a company UUID/.test(i)) && !/A company ID is a UUID/.test(await wb.quickInputMessage()) ? true : undefined), 5_000, 'the warning row and the reason gone once the text is cleared');
      await wb.screenshot('create-3-company');
      await wb.pressKey('Enter');

      await waitForAnyNotification(wb, 'Created session “E2E keyboard session”.');
      await wb.screenshot('create-4-created');
      const created = wb.sandbox.sessions().filter((s) => s.title === 'E2E keyboard session');
      assert.equal(created.length, 1);
      assert.equal(created[0]?.type, 'document');
      assert.equal(created[0]?.company_id, null);
    });

    it('what was typed in a failed create is offered again by the next Create Session', async () => {
      // A 500 that stored nothing: read back, not found, "probably not created" with Try Again.
      wb.sandbox.addFault({ method: 'POST', nth: 1, then: { status: 500, body: { error: 'boom' } } });
      await wb.runCommand('PG:AI: Create Session…');
      await waitForTitle(wb, /1\/3/);
      await wb.pickQuickItem('Email');
      await waitForTitle(wb, /2\/3/);
      await wb.page.keyboard.type('Renewal plan for Globex');
      await wb.pressKey('Enter');
      await waitForTitle(wb, /3\/3/);
      await wb.pressKey('Enter'); // No company
      await waitForAnyNotification(wb, /probably not created/);
      // The user closes the notification instead of Try Again: what they typed is not lost.
      await wb.page.keyboard.press('Escape');
      await wb.runCommand('PG:AI: Create Session…');
      await waitForTitle(wb, /1\/3/);
      const placeholder = (await wb.quickInput().locator('input').first().getAttribute('placeholder')) ?? '';
      assert.match(placeholder, /Restored what you typed at/);
      await wb.screenshot('create-6-restored');
      await wb.pressKey('Enter'); // the restored type (Email) is the active item
      await waitForTitle(wb, /2\/3/);
      assert.equal(await inputValue(wb), 'Renewal plan for Globex');
      await wb.pressKey('Enter');
      await waitForTitle(wb, /3\/3/);
      await wb.pressKey('Enter');
      await waitForAnyNotification(wb, 'Created session “Renewal plan for Globex”');
      const stored = wb.sandbox.sessions().filter((x) => x.title === 'Renewal plan for Globex');
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.type, 'email');
    });

    it('the server’s 400 for a long title reopens the title in words, and its limit is then checked as you type', async () => {
      const posts = () => wb.sandbox.requests.filter((r) => r.method === 'POST').length;
      const before = posts();
      const long = `Competitive analysis ${'x'.repeat(490)}`; // 511 characters: the sandbox allows 500
      await wb.runCommand('PG:AI: Create Session…');
      await waitForTitle(wb, /1\/3/);
      await wb.pressKey('Enter'); // Chat
      await waitForTitle(wb, /2\/3/);
      await wb.typeInQuickInput(long);
      // VS Code adds its own "(Press 'Enter' to confirm or 'Escape' to cancel)" after the prompt.
      assert.ok((await wb.quickInputMessage()).startsWith('Session title (optional): left empty, PG:AI names it "Untitled".'), 'no limit known yet: nothing is checked');
      await wb.pressKey('Enter');
      await waitForTitle(wb, /3\/3/);
      await wb.pressKey('Enter'); // No company: the sandbox answers 400 "title must be at most 500 characters"

      await waitForTitle(wb, /2\/3/);
      assert.equal(await inputValue(wb), long, 'everything typed is kept');
      const said = 'PG:AI accepts titles of up to 500 characters; this one has 511. Shorten it, or leave it empty for "Untitled".';
      assert.ok((await wb.quickInputMessage()).startsWith(said), await wb.quickInputMessage());
      assert.equal(posts(), before + 1);
      await wb.screenshot('create-5-400-reopened');
      // Enter again: refused here, saying why, with no second request.
      await wb.pressKey('Enter');
      await new Promise((r) => setTimeout(r, 500));
      assert.match(await quickInputTitle(wb), /2\/3/, 'a title over the known limit keeps the step open');
      assert.ok((await wb.quickInputMessage()).startsWith(said), await wb.quickInputMessage());
      assert.equal(posts(), before + 1, 'no second POST for a title known to be too long');
      await wb.typeInQuickInput('Competitive analysis: Acme vs Globex');
      await wb.poll(async () => ((await wb.quickInputMessage()).startsWith('Session title (optional)') ? true : undefined), 5_000, 'the limit message gone');
      await wb.pressKey('Enter');
      await waitForTitle(wb, /3\/3/);
      await wb.pressKey('Enter');
      await waitForAnyNotification(wb, 'Created session “Competitive analysis: Acme vs Globex”.');
      assert.equal(wb.sandbox.sessions().filter((s) => s.title === 'Competitive analysis: Acme vs Globex').length, 1);
      // The 400 was said once, on the step it concerns; no notification repeats it.
      assert.ok(!(await wb.allNotifications()).some((m) => /did not accept|accepts titles/.test(m)), 'the 400 was also shown as a notification');
      // A later create knows the limit from the start: typing past it says so at once.
      await wb.page.keyboard.press('Escape');
      await wb.runCommand('PG:AI: Create Session…');
      await waitForTitle(wb, /1\/3/);
      await wb.pressKey('Enter');
      await waitForTitle(wb, /2\/3/);
      await wb.typeInQuickInput('y'.repeat(501));
      await wb.poll(async () => (/up to 500 characters; this one has 501/.test(await wb.quickInputMessage()) ? true : undefined), 5_000, 'the live check');
      await wb.screenshot('create-7-title-limit-live');
      await wb.page.keyboard.press('Escape');
    });
  });
});
