import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, USAGE, UsageError } from '../../../sandbox/cli';
import type { LifeChange } from '../../../sandbox/server';
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

  it('parses --life and --life-speed (which implies --life); --help tells of both and of the app page', () => {
    assert.deepEqual(parseArgs(['--life']), { port: 4010, life: true });
    assert.deepEqual(parseArgs(['--life-speed', '2.5']), { port: 4010, life: { speed: 2.5 } });
    assert.deepEqual(parseArgs(['--life', '--life-speed', '0']), { port: 4010, life: { speed: 0 } });
    assert.deepEqual(parseArgs(['--life-speed', '10', '--life']), { port: 4010, life: { speed: 10 } });
    for (const argv of [['--life-speed'], ['--life-speed', '-1'], ['--life-speed', 'fast'], ['--life-speed', '1e3']]) {
      assert.throws(() => parseArgs(argv), UsageError, argv.join(' '));
    }
    assert.match(USAGE, /--life\s/);
    assert.match(USAGE, /--life-speed X/);
    assert.match(USAGE, /\/app\/sessions\/\{id\}/);
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
    assert.match(out, /Life: +off/);
  });

  it('with --life-speed 0, says so and serves the life control endpoint and the app page', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'sandbox', 'cli.ts'), '--port', '0', '--life-speed', '0', '--sessions', '50'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      while (!/Life:/.test(out) && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      const template = /App page: (\S+)/.exec(out)?.[1];
      assert.ok(template, out);
      assert.match(template, /^http:\/\/127\.0\.0\.1:\d+\/app\/sessions\/\{id\}$/);
      const pending = Number(/Life: +on, driven only by POST \/__sandbox\/life\/advance; (\d+) sessions in progress/.exec(out)?.[1]);
      assert.ok(pending > 0, out);
      const origin = new URL(template.replace('{id}', 'x')).origin;
      const state = json(await raw(`${origin}/__sandbox/life`));
      assert.equal(state.pending.length, pending);
      const { changes } = json(await raw(`${origin}/__sandbox/life/step`, { method: 'POST', body: '{"count":1}' })) as { changes: LifeChange[] };
      assert.equal(changes.length, 1);
      const page = await raw(template.replace('{id}', changes[0].id));
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(`<dd data-field="status"><bdi>${changes[0].to}</bdi></dd>`));
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
