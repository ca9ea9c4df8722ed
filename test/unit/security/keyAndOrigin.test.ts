// The key and where it may go: the base-URL rules (https, or http only to this machine; no
// credentials), the manifest scope that keeps a workspace from redirecting the key, key storage
// per origin, and on the wire: a redirect to another origin never carries the key, and the key
// is never in a URL the sandbox saw.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { PgaiClient } from '../../../src/api/client';
import { isPgaiError } from '../../../src/api/errors';
import { isLoopbackHost } from '../../../src/api/proxy';
import { parseBaseUrl } from '../../../src/api/baseUrl';
import { ApiKeyStore, type SecretStore } from '../../../src/core/keyStore';
import { startSandbox } from '../../../sandbox/server';

const KEY = 'pgai_sec_Zq8-Lm3Rt7Vx1Kp';

async function recorder(respond: (url: string, res: ServerResponse) => void) {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    respond(req.url ?? '', res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function memorySecrets(): SecretStore {
  const map = new Map<string, string>();
  return {
    get: async (k: string) => map.get(k),
    store: async (k: string, v: string) => void map.set(k, v),
    delete: async (k: string) => void map.delete(k),
    onDidChange: () => ({ dispose() {} }),
  };
}

describe('security: the key and the base URL', () => {
  it('refuses plain http to any host that is not this machine (property)', () => {
    const host = fc.oneof(
      fc.domain(),
      fc.ipV4(),
      fc.constantFrom('localhost.evil.example', '127.0.0.1.nip.io', 'evil.example#@127.0.0.1', '[::2]', '10.0.0.1', '0.0.0.0', 'localhost@evil.example'),
    );
    fc.assert(
      fc.property(host, fc.constantFrom('', '/public-api/v1', ':8080/v1'), (h, rest) => {
        const result = parseBaseUrl(`http://${h}${rest}`);
        if (result.ok) {
          const url = new URL(result.baseUrl);
          assert.ok(isLoopbackHost(url.hostname), `accepted http to ${url.hostname}`);
        }
        const secure = parseBaseUrl(`https://${h}${rest}`);
        if (secure.ok) assert.equal(new URL(secure.baseUrl).protocol, 'https:');
      }),
      { numRuns: 500 },
    );
    for (const bad of ['http://api.getpg.ai/public-api/v1', 'http://192.168.1.10:4010', 'ftp://api.getpg.ai', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const result = parseBaseUrl(bad);
      assert.equal(result.ok, false, bad);
    }
    for (const good of ['http://127.0.0.1:4010/public-api/v1', 'http://localhost:4010', 'http://[::1]:4010', 'https://api.getpg.ai/public-api/v1']) {
      assert.equal(parseBaseUrl(good).ok, true, good);
    }
  });

  it('refuses credentials in the base URL and never echoes them', () => {
    for (const url of [`https://user:${KEY}@api.getpg.ai/v1`, `https://${KEY}@api.getpg.ai/v1`, `http://x:${KEY}@127.0.0.1/v1`]) {
      const result = parseBaseUrl(url);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(!result.message.includes(KEY), result.message);
    }
    const malformed = parseBaseUrl(`https://u:${KEY}@[bad`);
    assert.ok(!malformed.ok && !malformed.message.includes(KEY));
  });

  it('declares pgai.apiBaseUrl with application/machine scope, so workspace settings cannot set it', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const scope = manifest.contributes.configuration.properties['pgai.apiBaseUrl'].scope;
    assert.ok(scope === 'application' || scope === 'machine', `scope is ${scope}`);
  });

  it('keeps keys per origin: a key saved for one origin is never handed out for another', async () => {
    const store = new ApiKeyStore(memorySecrets());
    await store.set('https://api.getpg.ai', KEY);
    assert.equal(await store.get('https://api.getpg.ai'), KEY);
    for (const other of ['http://127.0.0.1:4010', 'https://api.getpg.ai.evil.example', 'https://evil.example', 'http://api.getpg.ai']) {
      assert.equal(await store.get(other), undefined, other);
    }
  });

  it('never follows a redirect to another origin with the key, and never puts the key in a URL', async () => {
    const other = await recorder((_url, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}'));
    const redirecting = await recorder((url, res) => res.writeHead(307, { location: `${other.origin}${url}` }).end());
    const sandbox = await startSandbox({ port: 0, apiKey: KEY, rateLimit: false, sessionCount: 5 });
    const lines: string[] = [];
    const logger = { trace: (m: string) => lines.push(m), debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const clients = [
      new PgaiClient({ baseUrl: `${redirecting.origin}/v1`, apiKey: KEY, env: {}, logger, maxRetries: 0 }),
      new PgaiClient({ baseUrl: sandbox.baseUrl, apiKey: KEY, env: {}, logger }),
    ];
    try {
      for (const call of [() => clients[0].listSessions({ search: KEY.slice(0, 4) }), () => clients[0].createSession({ title: 't' })]) {
        try {
          await call();
        } catch (error) {
          assert.ok(isPgaiError(error));
          assert.ok(!error.message.includes(KEY));
        }
      }
      assert.equal(redirecting.seen.length, 2);
      assert.equal(other.seen.length, 0, 'a request reached the other origin');
      await clients[1].listSessions({ search: 'x' });
      await clients[1].createSession({ title: 'x' });
      for (const request of sandbox.requests) {
        assert.ok(request.keyValid);
        assert.ok(!request.path.includes(KEY) && !JSON.stringify(request.query).includes(KEY));
      }
      for (const r of redirecting.seen) assert.ok(!r.url.includes(KEY));
      assert.deepEqual(lines.filter((l) => l.includes(KEY)), []);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await Promise.all([other.close(), redirecting.close(), sandbox.close()]);
    }
  });
});
