// Types for install.mjs.
export declare function ensureInstalled(options?: { needBrowser?: boolean; quiet?: boolean }): Promise<void>;
