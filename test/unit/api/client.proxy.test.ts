import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type Sandbox } from '../../../sandbox/server';
import { bypassesProxy, isLoopbackHost, parseNoProxy, proxyFor } from '../../../src/api/proxy';
import { expectError, makeClient, startTestSandbox } from './harness';

/**
 * A minimal CONNECT proxy that records the targets it tunnels to. Every tunnel goes to this
 * machine, whatever host was asked for, so a base URL on the made-up host `pgai.test` reaches the
 * sandbox through it (and cannot be reached without it).
 */
async function startProxy(refuse = false): Promise<{ url: string; tunnels: string[]; close: () => Promise<void> }> {
  const tunnels: string[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(501);
    res.end();
  });
  server.on('connect', (req, socket, head) => {
    tunnels.push(req.url ?? '');
    if (refuse) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const port = (req.url ?? '').split(':')[1];
    const upstream = connect(Number(port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('PgaiClient through a proxy', () => {
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  before(async () => {
    sandbox = await startTestSandbox();
    proxy = await startProxy();
  });
  after(async () => {
    await proxy.close();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    proxy.tunnels.length = 0;
  });

  /** The sandbox under a name that is not this machine's, so the proxy rules apply to it. */
  const remote = () => ({ baseUrl: sandbox.baseUrl.replace('127.0.0.1', 'pgai.test') });
  const target = () => new URL(remote().baseUrl).host;

  it('uses proxyUrl when given', async () => {
    const page = await makeClient(remote(), { plainHttpAnywhere: true, proxyUrl: proxy.url }).listSessions({});
    assert.equal(page.sessions.length, 25);
    assert.deepEqual(proxy.tunnels, [target()]);
  });

  it('uses HTTP_PROXY from the environment, and NO_PROXY to go direct', async () => {
    await makeClient(remote(), { plainHttpAnywhere: true, env: { HTTP_PROXY: proxy.url } }).listSessions({});
    assert.deepEqual(proxy.tunnels, [target()]);
    // Direct to the made-up host: the name does not resolve, and the proxy saw nothing more.
    await expectError(makeClient(remote(), { plainHttpAnywhere: true, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'pgai.test' }, maxRetries: 0 }).listSessions({}), 'connection');
    assert.equal(proxy.tunnels.length, 1);
    assert.equal(sandbox.listRequests(), 1);
  });

  it('never sends a loopback request through a proxy, configured or from the environment', async () => {
    await makeClient(sandbox, { proxyUrl: proxy.url }).listSessions({});
    await makeClient(sandbox, { env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } }).listSessions({});
    const localhost = { baseUrl: sandbox.baseUrl.replace('127.0.0.1', 'localhost') };
    await makeClient(localhost, { proxyUrl: proxy.url }).listSessions({}).catch(() => undefined);
    assert.deepEqual(proxy.tunnels, []);
    assert.ok(sandbox.listRequests() >= 2);
  });

  it('honours http.noProxy (noProxy) with an explicit proxy', async () => {
    for (const noProxy of [['pgai.test'], ['.test'], ['*.test'], [`pgai.test:${new URL(sandbox.baseUrl).port}`], ['*']]) {
      await expectError(makeClient(remote(), { plainHttpAnywhere: true, proxyUrl: proxy.url, noProxy, maxRetries: 0 }).listSessions({}), 'connection');
    }
    assert.deepEqual(proxy.tunnels, []);
    // An entry for another host or port leaves the proxy in use.
    await makeClient(remote(), { plainHttpAnywhere: true, proxyUrl: proxy.url, noProxy: ['example.test', 'pgai.test:1'] }).listSessions({});
    assert.deepEqual(proxy.tunnels, [target()]);
  });

  it('reports a proxy that refuses the tunnel as a connection error that never reached PG:AI', async () => {
    const refusing = await startProxy(true);
    try {
      const error = await expectError(makeClient(remote(), { plainHttpAnywhere: true, proxyUrl: refusing.url, maxRetries: 0 }).createSession({}), 'connection');
      assert.equal(error.mayHaveReachedServer, false);
      assert.match(error.message, /the proxy refused the connection \(407\)\.$/);
      assert.equal(sandbox.requests.length, 0);
    } finally {
      await refusing.close();
    }
  });

  it('goes direct without a proxy', async () => {
    await makeClient(sandbox).listSessions({});
    assert.deepEqual(proxy.tunnels, []);
  });
});

describe('proxy rules', () => {
  it('matches no-proxy entries the way curl does', () => {
    const url = (u: string) => new URL(u);
    const cases: Array<[string, string[], boolean]> = [
      ['https://api.getpg.ai/x', ['getpg.ai'], true],
      ['https://api.getpg.ai/x', ['.getpg.ai'], true],
      ['https://api.getpg.ai/x', ['*.getpg.ai'], true],
      ['https://getpg.ai/x', ['.getpg.ai'], true],
      ['https://api.getpg.ai/x', ['pg.ai'], false],
      ['https://notgetpg.ai/x', ['getpg.ai'], false],
      ['https://api.getpg.ai/x', ['api.getpg.ai:443'], true],
      ['https://api.getpg.ai/x', ['api.getpg.ai:8443'], false],
      ['https://api.getpg.ai:8443/x', ['api.getpg.ai:8443'], true],
      ['http://[2001:db8::1]:80/x', ['2001:db8::1'], true],
      ['http://[2001:db8::1]:8080/x', ['[2001:db8::1]:8080'], true],
      ['https://10.0.0.5/x', ['10.0.0.5'], true],
      ['https://10.0.0.5/x', ['10.0.0.50'], false],
      ['https://api.getpg.ai/x', ['*'], true],
      ['https://api.getpg.ai/x', [], false],
    ];
    for (const [u, list, expected] of cases) assert.equal(bypassesProxy(url(u), list), expected, `${u} ${JSON.stringify(list)}`);
    assert.deepEqual(parseNoProxy(' a.test, .b.test  c.test,,'), ['a.test', '.b.test', 'c.test']);
    assert.deepEqual(parseNoProxy(['A.test', 'b.test,c.test']), ['a.test', 'b.test', 'c.test']);
  });

  it('picks the environment proxy by scheme, and no proxy for loopback', () => {
    const env = { HTTPS_PROXY: 'http://secure:1', HTTP_PROXY: 'http://plain:2', NO_PROXY: 'internal.test' };
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env }), 'http://secure:1');
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env: { HTTP_PROXY: 'http://plain:2' } }), 'http://plain:2');
    assert.equal(proxyFor(new URL('http://pgai.test'), { env }), 'http://plain:2');
    assert.equal(proxyFor(new URL('https://x.internal.test'), { env }), undefined);
    assert.equal(proxyFor(new URL('https://x.internal.test'), { env, proxyUrl: 'http://explicit:3' }), undefined);
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env, proxyUrl: 'http://explicit:3' }), 'http://explicit:3');
    for (const host of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.8.9.10']) {
      assert.equal(proxyFor(new URL(host), { env, proxyUrl: 'http://explicit:3' }), undefined, host);
    }
  });

  it('knows this machine exactly: localhost, 127.0.0.0/8 and [::1], nothing that only looks like them', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '127.255.255.255', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['127.256.0.1', '128.0.0.1', '127.0.0', '127.0.0.1.evil.test', '127.0.0.1a', 'a127.0.0.1', '127.0001.0.1', 'localhost.evil.test', '[::2]', '0.0.0.0']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('reads ports, brackets and blanks in no-proxy entries strictly', () => {
    const url = (u: string) => new URL(u);
    assert.equal(bypassesProxy(url('http://pgai.test/x'), ['pgai.test:80']), true, 'the default http port');
    assert.equal(bypassesProxy(url('http://pgai.test/x'), ['pgai.test:443']), false);
    assert.equal(bypassesProxy(url('https://pgai.test/x'), ['pgai.test:443']), true, 'the default https port');
    assert.equal(bypassesProxy(url('http://[::1]:8080/x'), ['[::1]:8080']), true);
    assert.equal(bypassesProxy(url('http://[::1]:8080/x'), ['[::1]:9090']), false);
    assert.equal(bypassesProxy(url('http://[2001:db8::1]/x'), ['[2001:db8::1]']), true, 'brackets without a port');
    assert.equal(bypassesProxy(url('https://pgai.test/x'), ['pgai.test:abc']), false, 'a port that is not a number is part of the name');
    assert.equal(bypassesProxy(url('https://pgai.test/x'), ['', '.', '*.']), false, 'empty entries match nothing');
    assert.equal(bypassesProxy(url('https://sub.pgai.test/x'), ['.pgai.test']), true);
    assert.equal(bypassesProxy(url('https://pgai.test.evil/x'), ['pgai.test']), false);
    assert.deepEqual(parseNoProxy('  A.test\tb.test\n,c.test  '), ['a.test', 'b.test', 'c.test']);
    assert.deepEqual(parseNoProxy(undefined), []);
    assert.deepEqual(parseNoProxy([' x.test ', '']), ['x.test']);
  });

  it('a blank proxy setting or variable is no proxy', () => {
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env: { HTTPS_PROXY: '   ' } }), undefined);
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env: {}, proxyUrl: '  ' }), undefined);
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env: { https_proxy: ' http://lower:1 ' } }), 'http://lower:1', 'lower-case names, trimmed');
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env: { HTTPS_PROXY: 'http://env:1' }, proxyUrl: ' http://explicit:2 ' }), 'http://explicit:2');
    assert.equal(proxyFor(new URL('https://api.getpg.ai'), { env: { HTTPS_PROXY: 'http://env:1' }, noProxy: ['getpg.ai'] }), undefined);
  });
});
