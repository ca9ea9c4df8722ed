// Types for install.mjs.
export declare function ensureInstalled(options?: { needBrowser?: boolean; quiet?: boolean }): Promise<void>;
export declare function installAdvice(logText: string): string;
