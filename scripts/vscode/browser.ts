// Opens a workbench URL in headless Chromium (playwright-core, the system Chromium).
import { type Browser, type BrowserContext, type ConsoleMessage, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from './common';

export interface OpenWorkbenchOptions {
  /** window.codeAutomationExit (extension tests finished). */
  onExit?: (code: number) => void;
  /** window.codeAutomationLog. */
  onLog?: (type: string, args: unknown[]) => void;
  onConsole?: (msg: ConsoleMessage) => void;
  headless?: boolean;
  viewport?: { width: number; height: number };
}

export interface WorkbenchPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openWorkbenchPage(url: string, options: OpenWorkbenchOptions = {}): Promise<WorkbenchPage> {
  const browser = await chromium.launch({
    executablePath: requireChromium(),
    headless: options.headless ?? true,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    // Must be exposed before the workbench loads: it looks them up when the tests finish.
    await page.exposeFunction('codeAutomationExit', (code: unknown) => options.onExit?.(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown[]) => options.onLog?.(String(type), args));
    if (options.onConsole) page.on('console', options.onConsole);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return {
      browser,
      context,
      page,
      async close() {
        await browser.close().catch(() => {});
      },
    };
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
}
