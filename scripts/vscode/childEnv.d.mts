// Types for childEnv.mjs.
export declare function isOuterNpmVariable(name: string): boolean;
export declare function cleanChildEnv(env: NodeJS.ProcessEnv): Record<string, string>;
export declare function codeServerInstallEnv(env: NodeJS.ProcessEnv, node24Dir: string): Record<string, string>;
