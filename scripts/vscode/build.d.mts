// Types for build.mjs.
export declare const INTEGRATION_SRC: string;
export declare const INTEGRATION_OUT: string;
export declare const INTEGRATION_INDEX: string;
export declare function buildExtension(options?: { production?: boolean }): void;
export declare function bundleIntegrationTests(): Promise<string[]>;
export declare function buildAll(options?: { production?: boolean }): Promise<string[]>;
