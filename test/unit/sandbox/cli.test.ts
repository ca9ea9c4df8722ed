import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../../../sandbox/cli';
import { json, raw } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

describe('sandbox CLI', () => {
  it('parses flags', () => {
    assert.deepEqual(parseArgs([]), { port: 4010 });
    assert.deepEqual(
      parseArgs(['--port', '0', '--key', 'k', '--rate-limit', '5', '--envelope', 'territories', '--latency', '20', '--data-file', 'd.json']),
      { port: 0, apiKey: 'k', rateLimit: { limit: 5, windowMs: 60_000 }, envelope: 'territories', latencyMs: 20, dataFile: 'd.json' },
    );
    assert.deepEqual(parseArgs(['--rate-limit', '0']), { port: 4010, rateLimit: false });
    assert.equal(parseArgs(['--help']), 'help');
  });

  it('rejects bad flags', () => {
    for (const argv of [['--port'], ['--port', 'x'], ['--envelope', 'xml'], ['--bogus'], ['--latency', '-5']]) {
      assert.throws(() => parseArgs(argv), UsageError, argv.join(' '));
    }
  });

  it('runs, prints the URL, key and a curl line, serves, and stops on SIGTERM', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'sandbox', 'cli.ts'), '--port', '0', '--rate-limit', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!/Try:/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const base = /Base URL: (\S+)/.exec(out)?.[1];
      assert.ok(base, out);
      assert.match(out, /API key: +pgai-sandbox-key/);
      assert.match(out, /curl -H 'x-api-key: pgai-sandbox-key' 'http:\/\/127\.0\.0\.1:\d+\/public-api\/v1\/agent\/sessions\?per_page=2'/);
      const ok = await raw(`${base}/agent/sessions?per_page=2`, { headers: { 'x-api-key': 'pgai-sandbox-key' } });
      assert.equal(json(ok).items.length, 2);
      assert.equal((await raw(`${base}/agent/sessions?per_page=2`)).status, 401);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.match(out, /stopped/);
  });
});
