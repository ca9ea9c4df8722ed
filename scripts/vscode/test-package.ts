// `npm run test:package`: builds the .vsix, checks it holds exactly the allowed files, installs it
// into a fresh code-server extensions dir and runs the smoke suite against the INSTALLED copy.
//
// VS Code only runs extensionTestsPath together with extensionDevelopmentPath (tests path alone is
// ignored), so the tests run under a tiny "probe" development extension (its own id, no code) while
// pgai.pgai-sessions comes from the extensions dir; the smoke test asserts (PGAI_EXPECT_EXTENSION_IN)
// that the extension it activates lives inside that dir, i.e. it is the installed .vsix copy.
// Env: PGAI_SKIP_BUILD=1 packages the existing dist/ without rebuilding; --all runs every
// integration test against the installed copy (default: the harness smoke suite).
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { INTEGRATION_INDEX, bundleIntegrationTests } from './build';
import { CODE_SERVER_ENTRY, NODE24_BIN, ROOT, errorMessage, formatMs } from './common';
import { ensureInstalled } from './install';
import { runExtensionTests } from './run-tests';

export const VSIX = join(ROOT, 'pgai-sessions.vsix');

/** Files vsce always adds, plus the allowlist from .vscodeignore in the names vsce gives them. */
function allowedEntries(): Set<string> {
  const fixed = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/dist/undici.js',
  ];
  const media: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else media.push(`extension/${relative(ROOT, p).split('\\').join('/')}`);
    }
  };
  walk(join(ROOT, 'media'));
  return new Set([...fixed, ...media]);
}

/** Names of the entries in a zip file (reads the central directory; no unzip needed). */
export function zipEntries(file: string): string[] {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): void {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Writes a minimal extension to host the tests (VS Code needs a development extension for them). */
function writeProbeExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'pgai-package-probe', publisher: 'pgai-tests', version: '0.0.0', engines: { vscode: '^1.98.0' } }, null, 2),
  );
}

async function main(): Promise<number> {
  const started = Date.now();
  await ensureInstalled({ needBrowser: true });

  // 1. The .vsix, exactly as `npm run package` makes it.
  rmSync(VSIX, { force: true });
  if (process.env.PGAI_SKIP_BUILD === '1') {
    console.log('[package] PGAI_SKIP_BUILD=1: packaging the existing dist/');
    run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', VSIX]);
  } else {
    run('npm', ['run', '--silent', 'package']);
  }
  console.log(`[package] ${relative(ROOT, VSIX)}: ${(statSync(VSIX).size / 1024).toFixed(1)} KB`);

  // 2. Exactly the allowed files.
  const entries = zipEntries(VSIX).sort();
  const allowed = allowedEntries();
  console.log(`[package] contents:\n  ${entries.join('\n  ')}`);
  const unexpected = entries.filter((e) => !allowed.has(e));
  const missing = [...allowed].filter((e) => !entries.includes(e));
  if (unexpected.length > 0 || missing.length > 0) {
    throw new Error(
      `the .vsix contents differ from the allowlist (.vscodeignore):` +
        (unexpected.length ? `\n  unexpected: ${unexpected.join(', ')}` : '') +
        (missing.length ? `\n  missing: ${missing.join(', ')}` : ''),
    );
  }
  console.log(`[package] contents OK (${entries.length} entries, all allowed, none missing)`);

  // 3. Install it like a user would, into a fresh extensions dir.
  const tmp = mkdtempSync(join(tmpdir(), 'pgai-package-'));
  try {
    const extensionsDir = join(tmp, 'extensions');
    run(NODE24_BIN, [CODE_SERVER_ENTRY, '--install-extension', VSIX, '--extensions-dir', extensionsDir, '--user-data-dir', join(tmp, 'user-data')], {
      env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'config'), XDG_DATA_HOME: join(tmp, 'data') },
    });
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('pgai.pgai-sessions-'));
    if (installed.length !== 1) throw new Error(`expected one installed pgai.pgai-sessions in ${extensionsDir}, found: ${readdirSync(extensionsDir).join(', ')}`);
    console.log(`[package] installed: ${installed[0]}`);

    // 4. The smoke suite against the installed copy.
    await bundleIntegrationTests();
    const probe = join(tmp, 'probe-extension');
    writeProbeExtension(probe);
    const code = await runExtensionTests({
      label: 'package',
      extensionDevelopmentPath: probe,
      extensionTestsPath: INTEGRATION_INDEX,
      extensionsDir,
      env: {
        PGAI_EXPECT_EXTENSION_IN: extensionsDir,
        ...(process.argv.includes('--all') ? {} : { PGAI_TEST_GREP: 'harness smoke' }),
      },
    });
    console.log(`[package] ${code === 0 ? 'passed' : 'FAILED'} in ${formatMs(Date.now() - started)}`);
    return code;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[package] ${errorMessage(err)}`);
    process.exit(1);
  },
);
