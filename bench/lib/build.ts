// Builds what the benchmarks measure, without touching the shared dist/ (others test against it):
// - the PRODUCTION bundle, by running the project's own esbuild.mjs --production in a private
//   folder (.cache/bench/build) whose src/, node_modules/ and media/ link to the checkout, so
//   it is byte-for-byte what `npm run build:prod` makes;
// - the peer: all of undici 7 bundled and minified (what eager loading would cost).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BUILD_DIR = join(ROOT, '.cache', 'bench', 'build');
const PEER_DIR = join(ROOT, '.cache', 'bench', 'peers');

export interface BuildInfo {
  /** Folder that looks like the extension (package.json, media/, dist/). */
  readonly extensionRoot: string;
  readonly extensionJs: string;
  readonly undiciJs: string;
  readonly fullUndiciJs: string;
  readonly bytes: { readonly extensionJs: number; readonly undiciJs: number; readonly fullUndiciJs: number };
  readonly buildMs: number;
}

function link(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
}

export function buildForBench(): BuildInfo {
  const started = Date.now();
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const dir of ['src', 'node_modules', 'media']) link(join(ROOT, dir), join(BUILD_DIR, dir));
  copyFileSync(join(ROOT, 'package.json'), join(BUILD_DIR, 'package.json'));
  rmSync(join(BUILD_DIR, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs'), '--production'], { cwd: BUILD_DIR, stdio: 'inherit' });

  mkdirSync(PEER_DIR, { recursive: true });
  const fullUndiciJs = join(PEER_DIR, 'undici-full.min.js');
  const esbuild = join(ROOT, 'node_modules', '.bin', 'esbuild');
  execFileSync(
    esbuild,
    [join(ROOT, 'node_modules', 'undici', 'index.js'), '--bundle', '--minify', '--platform=node', '--format=cjs', '--target=node20', `--outfile=${fullUndiciJs}`, '--log-level=warning'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const extensionJs = join(BUILD_DIR, 'dist', 'extension.js');
  const undiciJs = join(BUILD_DIR, 'dist', 'undici.js');
  return {
    extensionRoot: BUILD_DIR,
    extensionJs,
    undiciJs,
    fullUndiciJs,
    bytes: { extensionJs: statSync(extensionJs).size, undiciJs: statSync(undiciJs).size, fullUndiciJs: statSync(fullUndiciJs).size },
    buildMs: Date.now() - started,
  };
}
