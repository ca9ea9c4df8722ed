// E2E helpers: a real VS Code (code-server web workbench) with the extension loaded from the
// checkout, driven through its UI by Playwright, talking to an in-process sandbox API.
//
//   const wb = await launchWorkbench();           // in before()
//   await wb.openPgaiView();
//   await wb.runCommand('PG:AI: Refresh Sessions');
//   assert.ok((await wb.treeRows()).some((r) => r.includes('chat')));
//   await wb.screenshot('after-refresh');
//   await wb.close();                             // in after()
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/server';
import { type WorkbenchPage, openWorkbenchPage } from '../../scripts/vscode/browser';
import { ROOT } from '../../scripts/vscode/common';
import { type Workbench, startWorkbench } from '../../scripts/vscode/workbench';

/** The extension's checkout (the development extension the workbench loads). */
export { ROOT };

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type SandboxOptions = NonNullable<Parameters<typeof startSandbox>[0]>;

export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export interface LaunchOptions {
  /** Options for the sandbox (default: free port, rate limiting off). */
  sandbox?: SandboxOptions;
  /** Extra user settings (pgai.apiBaseUrl already points at the sandbox). */
  settings?: Record<string, unknown>;
  /**
   * Pre-store the sandbox key for its origin through PGAI_SEED_API_KEY/PGAI_SEED_API_ORIGIN
   * (default true). false: start with no key, e.g. to test the welcome view.
   */
  seedKey?: boolean;
  /** Extra env for the server/extension host. */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** The extension folder to load (default: this checkout; the bench passes its production build). */
  extensionPath?: string;
  /** Fills the workspace folder before VS Code opens it (default: one README.txt). */
  prepareWorkspace?: (workspace: string) => void;
  /** How long to wait for the workbench to be usable. */
  readyTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the sandbox + code-server, opens the workbench in Chromium and waits until it is usable. */
export async function launchWorkbench(options: LaunchOptions = {}): Promise<E2EWorkbench> {
  const sandbox = await startSandbox({ port: 0, rateLimit: false, ...options.sandbox });
  const workspace = mkdtempSync(join(tmpdir(), 'pgai-e2e-workspace-'));
  if (options.prepareWorkspace) options.prepareWorkspace(workspace);
  else writeFileSync(join(workspace, 'README.txt'), 'Workspace for the PG:AI Sessions e2e tests.\n');
  let server: Workbench | undefined;
  let browser: WorkbenchPage | undefined;
  const logs: string[] = [];
  try {
    server = await startWorkbench({
      workspace,
      userSettings: { 'pgai.apiBaseUrl': sandbox.baseUrl, ...options.settings },
      env: {
        ...(options.seedKey === false ? {} : { PGAI_SEED_API_KEY: sandbox.apiKey, PGAI_SEED_API_ORIGIN: sandbox.origin }),
        ...options.env,
      },
      verbose: process.env.PGAI_VSCODE_VERBOSE === '1',
    });
    browser = await openWorkbenchPage(server.url({ extensionDevelopmentPath: options.extensionPath ?? ROOT }), {
      viewport: options.viewport,
      onLog: (type, args) => {
        const line = `[${type}] ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
        logs.push(line);
        if (logs.length > 500) logs.shift();
        if (process.env.PGAI_VSCODE_VERBOSE === '1') console.error(line);
      },
    });
    const wb = new E2EWorkbench(browser, server, sandbox, workspace, logs);
    await wb.waitUntilReady(options.readyTimeoutMs);
    return wb;
  } catch (err) {
    await browser?.close();
    await server?.stop();
    await sandbox.close();
    rmSync(workspace, { recursive: true, force: true });
    throw err;
  }
}

export class E2EWorkbench {
  readonly page: Page;

  constructor(
    private readonly browser: WorkbenchPage,
    readonly server: Workbench,
    readonly sandbox: Sandbox,
    readonly workspace: string,
    /** The workbench's recent log lines (codeAutomationLog), newest last. */
    readonly logs: string[],
  ) {
    this.page = browser.page;
  }

  /** Waits for the workbench chrome and the extension's activity bar item. */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.activityBarItem('PG:AI').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  // --- activity bar and view -------------------------------------------------------------

  /** An activity bar entry by its title (aria-label starts with it, e.g. "Explorer (Ctrl+Shift+E)"). */
  activityBarItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${cssEscape(title)}"]`).first();
  }

  /** Titles of the activity bar entries. */
  async activityBarTitles(): Promise<string[]> {
    return this.page.locator('.part.activitybar .action-item a.action-label').evaluateAll((els: DomElement[]) =>
      els.map((e) => e.getAttribute('aria-label') ?? ''),
    );
  }

  /** Opens the PG:AI container (if it is not already the visible one) and waits for the view. */
  async openPgaiView(): Promise<void> {
    const sidebar = this.page.locator('#workbench\\.parts\\.sidebar');
    const active = await sidebar.getAttribute('data-active-composite').catch(() => null);
    const visible = await sidebar.isVisible().catch(() => false);
    if (!(visible && active === 'workbench.view.extension.pgai')) await this.activityBarItem('PG:AI').click();
    await this.page
      .locator('#workbench\\.parts\\.sidebar[data-active-composite="workbench.view.extension.pgai"]')
      .waitFor({ state: 'visible', timeout: 15_000 });
    await this.sessionsPane().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** The pane of the Sessions view (header aria-label "Sessions Section"). */
  sessionsPane(): Locator {
    return this.page
      .locator('#workbench\\.parts\\.sidebar .pane')
      .filter({ has: this.page.locator('.pane-header[aria-label="Sessions Section"]') })
      .first();
  }

  /** Visible rows of the Sessions tree: aria-label (falls back to the row's text). */
  async treeRows(): Promise<string[]> {
    const rows = await this.treeRowDetails();
    return rows.map((r) => r.label);
  }

  /** Visible rows with their tree level and expansion state. */
  async treeRowDetails(): Promise<Array<{ label: string; text: string; level: number; expanded?: boolean; selected: boolean; focused: boolean }>> {
    return this.sessionsPane()
      .locator('.monaco-list-row')
      .evaluateAll((els: DomElement[]) =>
        els.map((e) => {
          const expanded = e.getAttribute('aria-expanded');
          return {
            label: e.getAttribute('aria-label') ?? (e.textContent ?? '').trim(),
            text: (e.textContent ?? '').trim(),
            level: Number(e.getAttribute('aria-level') ?? '1'),
            expanded: expanded === null ? undefined : expanded === 'true',
            selected: e.getAttribute('aria-selected') === 'true',
            focused: e.classList.contains('focused'),
          };
        }),
      );
  }

  /** A tree row whose aria-label contains `text` (or matches the RegExp). */
  treeRow(text: string | RegExp): Locator {
    return this.sessionsPane().locator('.monaco-list-row').filter({ has: this.page.locator('*'), hasText: text }).first();
  }

  /** The row whose item label (the text before the description) is exactly `label`. */
  rowWithLabel(label: string): Locator {
    return this.sessionsPane()
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .first();
  }

  /** The description text of the row labelled `label` ('' when none). */
  async rowDescription(label: string): Promise<string> {
    const d = this.rowWithLabel(label).locator('.label-description');
    return (await d.count()) > 0 ? ((await d.first().textContent()) ?? '').trim() : '';
  }

  /** Expands the row labelled `label` (a click unless it is expanded) and waits until it says so. */
  async expandRow(label: string, timeoutMs = 15_000): Promise<void> {
    const row = this.rowWithLabel(label);
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await this.poll(async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined), timeoutMs, `"${label}" expanded`);
  }

  /** Waits until some visible row's label matches; returns all row labels at that moment. */
  async waitForTreeRow(match: string | RegExp, timeoutMs = 15_000): Promise<string[]> {
    const test = (label: string) => (typeof match === 'string' ? label.includes(match) : match.test(label));
    return this.poll(async () => {
      const rows = await this.treeRows();
      return rows.some(test) ? rows : undefined;
    }, timeoutMs, `a Sessions row matching ${match}`);
  }

  /** Text of the view's welcome content (viewsWelcome), '' when none is shown. */
  async welcomeText(): Promise<string> {
    // allInnerTexts does not wait: the welcome may go while it is being read.
    const texts = await this.sessionsPane().locator('.welcome-view-content').allInnerTexts();
    return (texts[0] ?? '').trim();
  }

  /** Clicks a view title action (e.g. "Refresh Sessions") in the sidebar's title bar. */
  async clickViewAction(title: string): Promise<void> {
    await this.page.locator(`#workbench\\.parts\\.sidebar .title-actions a.action-label[aria-label^="${cssEscape(title)}"]`).first().click();
  }

  // --- command palette and quick input ---------------------------------------------------

  /**
   * Opens the command palette (F1), types `title`, waits for that exact entry and runs it. Tries
   * twice: keys typed while the palette is still opening can land in the editor behind it.
   */
  async runCommand(title: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.openCommandPalette();
      await this.page.keyboard.type(title);
      const row = this.quickInput()
        .locator('.monaco-list-row')
        .filter({ has: this.page.locator(`.label-name`, { hasText: title }) })
        .first();
      try {
        await row.waitFor({ state: 'visible', timeout: 10_000 });
      } catch (error) {
        if (attempt >= 2) throw error;
        await this.page.keyboard.press('Escape');
        continue;
      }
      // Exact match first: "PG:AI: Refresh Sessions" must not run a longer title.
      const labels = await this.quickPickItems();
      const index = labels.findIndex((l) => l === title || l.startsWith(`${title},`));
      if (index > 0) {
        for (let i = 0; i < index; i++) await this.page.keyboard.press('ArrowDown');
      }
      await this.page.keyboard.press('Enter');
      return;
    }
  }

  /** Opens the command palette (F1; Ctrl+Shift+P if F1 did nothing) with '>' in the input. */
  async openCommandPalette(): Promise<void> {
    await this.page.locator('.monaco-workbench').first().focus().catch(() => {});
    await this.page.keyboard.press('F1');
    try {
      await this.quickInput().waitFor({ state: 'visible', timeout: 3_000 });
    } catch {
      await this.page.keyboard.press('Control+Shift+P');
      await this.quickInput().waitFor({ state: 'visible', timeout: 10_000 });
    }
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Labels (aria-label) of the quick pick's visible items; [] when no quick input is open. */
  async quickPickItems(): Promise<string[]> {
    if (!(await this.quickInput().isVisible())) return [];
    return this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .evaluateAll((els: DomElement[]) => els.map((e) => e.getAttribute('aria-label') ?? (e.textContent ?? '').trim()));
  }

  /** Waits until the open quick pick lists an item matching `match`. */
  async waitForQuickPickItem(match: string | RegExp, timeoutMs = 10_000): Promise<string[]> {
    const test = (label: string) => (typeof match === 'string' ? label.includes(match) : match.test(label));
    return this.poll(async () => {
      const items = await this.quickPickItems();
      return items.some(test) ? items : undefined;
    }, timeoutMs, `a quick pick item matching ${match}`);
  }

  /** Selects the quick pick item whose label contains `text` (click). */
  async pickQuickItem(text: string | RegExp): Promise<void> {
    await this.waitForQuickPickItem(text);
    await this.quickInput().locator('.quick-input-list .monaco-list-row').filter({ hasText: text }).first().click();
  }

  /** Types into the open quick input (replacing its value) and optionally presses Enter. */
  async typeInQuickInput(text: string, { submit = false } = {}): Promise<void> {
    const input = this.quickInput().locator('input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    if (submit) await this.page.keyboard.press('Enter');
  }

  /** The quick input's message/validation text (e.g. an input box's error). */
  async quickInputMessage(): Promise<string> {
    const msg = this.quickInput().locator('.quick-input-message');
    return (await msg.count()) > 0 ? ((await msg.first().textContent()) ?? '').trim() : '';
  }

  // --- notifications ---------------------------------------------------------------------

  /** Messages of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page
      .locator('.notifications-toasts .notification-toast .notification-list-item-message')
      .evaluateAll((els: DomElement[]) => els.map((e) => (e.textContent ?? '').trim()));
  }

  /** Waits for a toast whose message matches; returns all toast messages at that moment. */
  async waitForNotification(match: string | RegExp, timeoutMs = 15_000): Promise<string[]> {
    const test = (m: string) => (typeof match === 'string' ? m.includes(match) : match.test(m));
    return this.poll(async () => {
      const messages = await this.notifications();
      return messages.some(test) ? messages : undefined;
    }, timeoutMs, `a notification matching ${match}`);
  }

  /**
   * Messages of every notification so far: the visible toasts and the notification center
   * (opened and closed again through the status-bar bell; the headless web workbench sometimes
   * shows a notification only there).
   */
  async allNotifications(): Promise<string[]> {
    const toasts = await this.notifications();
    const bell = this.page.locator('.statusbar-item.notifications-center a, .statusbar-item[id*="notifications"] a').first();
    // force: an editor's overlay (the Settings editor's) may lie over the status bar.
    await bell.click({ force: true });
    await this.page.locator('.notifications-center').first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    const listed = (await this.page.locator('.notifications-center .notification-list-item-message').allTextContents()).map((t) => t.trim());
    await bell.click({ force: true });
    return [...new Set([...toasts, ...listed])];
  }

  /** Clicks a button (e.g. "Retry") on the toast whose message matches. */
  async clickNotificationButton(match: string | RegExp, button: string): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: match }).first();
    await toast.getByRole('button', { name: button }).click();
  }

  // --- status bar and settings -------------------------------------------------------------

  /** Text of the status bar (codicons are left out). */
  async statusBarText(): Promise<string> {
    return ((await this.page.locator('.part.statusbar').innerText().catch(() => '')) ?? '').replace(/\s+/g, ' ');
  }

  /** Waits until the status bar shows `text`. */
  async waitForStatusBar(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const test = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t));
    return this.poll(async () => {
      const shown = await this.statusBarText();
      return test(shown) ? shown : undefined;
    }, timeoutMs, `the status bar showing ${text}`);
  }

  /** Opens the Settings editor (user settings) filtered to `query`, and waits for the first result. */
  async openSettingsEditor(query: string): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    const search = this.page.locator('.settings-editor .settings-header .suggest-input-container textarea, .settings-editor .settings-header input').first();
    await search.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.type(query);
    await this.page.locator('.settings-editor .setting-item-contents').first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Types `value` into the Settings editor's field for `key` (it must be on screen) and commits it. */
  async setInSettingsEditor(key: string, value: string): Promise<void> {
    const input = this.page.locator(`.settings-editor input[aria-label="${cssEscape(key)}"]`).first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.click();
    await input.fill(value);
    await input.press('Tab');
  }

  // --- misc ------------------------------------------------------------------------------

  /** PNG of the whole window into test-results/screenshots/<name>.png; returns the path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async pressKey(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Polls `check` every 100 ms until it returns a value; throws with `what` on timeout. */
  async poll<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(100);
    }
  }

  /** Closes the browser, code-server (whole process group), the sandbox and the temp workspace. */
  async close(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
    await this.sandbox.close();
    rmSync(this.workspace, { recursive: true, force: true });
  }
}

/**
 * The bits of a DOM element the page functions read (tsconfig has no DOM lib: adding it would
 * change Node's timer types for the whole project).
 */
interface DomElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  readonly classList: { contains(name: string): boolean };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes a value for use inside a double-quoted CSS attribute selector. */
function cssEscape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
