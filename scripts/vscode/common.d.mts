// Types for common.mjs.
export declare const ROOT: string;
export declare const CACHE_ROOT: string;
export declare const VSCODE_WEB_DIR: string;
export declare const CODE_SERVER_VERSION: string;
export declare const NODE_MAJOR: string;
export declare const NODE24_DIR: string;
export declare const NODE24_BIN: string;
export declare const CODE_SERVER_ENTRY: string;
export declare const CHROMIUM_ARGS: readonly string[];
export declare function findChromium(): string | undefined;
export declare function requireChromium(): string;
export declare function freePort(preferred?: number): Promise<number>;
export declare function formatMs(ms: number): string;
