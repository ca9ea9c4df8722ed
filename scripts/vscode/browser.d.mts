// Types for browser.mjs.
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export interface OpenWorkbenchOptions {
  onExit?: (code: number) => void;
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

export declare function openWorkbenchPage(url: string, options?: OpenWorkbenchOptions): Promise<WorkbenchPage>;
