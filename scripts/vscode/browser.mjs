// Opens a workbench URL in headless Chromium (playwright-core, the system Chromium).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from './common.mjs';

/**
 * @param {string} url
 * @param {{
 *   onExit?: (code: number) => void,          // window.codeAutomationExit (extension tests finished)
 *   onLog?: (type: string, args: unknown[]) => void, // window.codeAutomationLog
 *   onConsole?: (msg: import('playwright-core').ConsoleMessage) => void,
 *   headless?: boolean,
 *   viewport?: { width: number, height: number },
 * }} [options]
 */
export async function openWorkbenchPage(url, options = {}) {
  const browser = await chromium.launch({
    executablePath: requireChromium(),
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    // Must be exposed before the workbench loads: it looks them up when the tests finish.
    await page.exposeFunction('codeAutomationExit', (code) => options.onExit?.(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => options.onLog?.(String(type), args));
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
