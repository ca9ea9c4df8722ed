// The nested `npm install` of code-server must not inherit the outer npm's settings: code-server's
// postinstall reads the Node version from npm_config_user_agent and refuses anything but Node 24.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { codeServerInstallEnv, isOuterNpmVariable } from '../../../scripts/vscode/childEnv';
import { installAdvice } from '../../../scripts/vscode/install';

/** What a script started by `npm test` sees (copied from a real `npm run env`, Node 20). */
const OUTER_NPM_ENV: NodeJS.ProcessEnv = {
  HOME: '/root',
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
  NODE_OPTIONS: '--import tsx',
  npm_command: 'test',
  npm_config_allow_scripts: '',
  npm_config_cache: '/root/.npm',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_global_prefix: '/usr',
  npm_config_local_prefix: '/work/main',
  npm_config_loglevel: 'silent',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/usr',
  npm_config_prefix: '/usr',
  npm_config_registry: 'https://registry.npmjs.org/',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_userconfig: '/root/.npmrc',
  NPM_CONFIG_NPM_VERSION: '11.19.1',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'tsx scripts/test-all.ts',
  npm_node_execpath: '/usr/bin/node',
  npm_package_json: '/work/main/package.json',
  npm_package_name: 'pgai-sessions',
};

describe('harness: the code-server install environment', () => {
  it('drops every variable the outer npm set for its scripts, and NODE_OPTIONS', () => {
    const env = codeServerInstallEnv(OUTER_NPM_ENV, '/cache/node24');
    const npmNames = Object.keys(env).filter((k) => k.toLowerCase().startsWith('npm_')).sort();
    // What is left: the user's own network/cache settings and the nodedir we set on purpose.
    assert.deepEqual(npmNames, ['npm_config_cache', 'npm_config_cafile', 'npm_config_nodedir', 'npm_config_registry', 'npm_config_userconfig']);
    assert.equal(env.npm_config_nodedir, '/cache/node24');
    assert.equal(env.NODE_OPTIONS, undefined);
    assert.equal(env.HOME, '/root');
    assert.equal(env.LANG, 'C.UTF-8');
  });

  it('puts Node 24 first on PATH and keeps the rest of PATH in order', () => {
    assert.equal(codeServerInstallEnv(OUTER_NPM_ENV, '/cache/node24').PATH, ['/cache/node24/bin', '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter));
    assert.equal(codeServerInstallEnv({ Path: '/x' }, '/n').PATH, `/n/bin${delimiter}/x`);
    assert.equal(codeServerInstallEnv({}, '/n').PATH, '/n/bin');
  });

  it('tells npm variables apart by name, case-insensitively', () => {
    for (const name of ['npm_config_user_agent', 'NPM_CONFIG_USER_AGENT', 'npm_lifecycle_event', 'npm_package_version', 'npm_execpath', 'npm_config_nodedir', 'npm_config_allow-scripts']) {
      assert.equal(isOuterNpmVariable(name), true, name);
    }
    for (const name of ['npm_config_registry', 'NPM_CONFIG_HTTPS_PROXY', 'npm_config_strict-ssl', 'PATH', 'NPMRC', 'xnpm_config_user_agent']) {
      assert.equal(isOuterNpmVariable(name), false, name);
    }
  });

  describe('a real nested npm', function () {
    this.timeout(30_000);
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'pgai-childenv-'));
      // A stand-in for the Node 24 package: bin/node is this Node, so the inner npm runs on it.
      mkdirSync(join(dir, 'node24', 'bin'), { recursive: true });
      symlinkSync(process.execPath, join(dir, 'node24', 'bin', 'node'));
      mkdirSync(join(dir, 'project'));
      writeFileSync(
        join(dir, 'project', 'package.json'),
        JSON.stringify({ name: 'probe', private: true, scripts: { probe: 'node -e "console.log(process.env.npm_config_user_agent + \' | \' + process.env.npm_config_nodedir)"' } }),
      );
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const innerNpm = (env: NodeJS.ProcessEnv): string => {
      const result = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: join(dir, 'project'), env, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim();
    };
    const outer = (): NodeJS.ProcessEnv => ({
      ...process.env,
      ...OUTER_NPM_ENV,
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_OPTIONS: '',
      npm_config_user_agent: 'npm/0.0.0 node/v0.0.0-outer linux x64',
    });

    it('sees the outer user agent when the environment is passed through (the bug this guards against)', () => {
      assert.match(innerNpm(outer()), /node\/v0\.0\.0-outer/);
    });

    it('names its own Node, and Node 24’s headers, in the built environment', () => {
      const seen = innerNpm(codeServerInstallEnv(outer(), join(dir, 'node24')));
      assert.doesNotMatch(seen, /v0\.0\.0-outer/);
      assert.match(seen, new RegExp(`node/v${process.versions.node.replace(/\./g, '\\.')} `));
      assert.ok(seen.endsWith(`| ${join(dir, 'node24')}`), seen);
    });
  });
});

describe('harness: what a failed code-server install tells the user', () => {
  it('names the fix for each cause seen in the log, in one sentence', () => {
    const cases: Array<[string, RegExp]> = [
      ['npm error ERROR: code-server currently requires node v24.\nWe have detected that you are on node v20', /wrong Node version.*childEnv/],
      ['fatal error: gssapi/gssapi.h: No such file or directory', /apt-get install -y libkrb5-dev/],
      ['npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/ failed', /could not reach the registry/],
      ['gyp ERR! stack Error: not found: make', /build-essential python3/],
      ['npm error code ENOSPC', /disk is full/],
      ['something nobody has seen', /Read the log/],
    ];
    for (const [log, expected] of cases) {
      const text = installAdvice(log);
      assert.match(text, expected, log);
      assert.equal(text.split('\n').length, 1, text);
    }
  });
});
