import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type Sandbox } from '../../../sandbox/server';
import { expectError, makeClient, startTestSandbox } from './harness';

/** A minimal CONNECT proxy that records the targets it tunnels to. */
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
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
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

  const target = () => new URL(sandbox.baseUrl).host;

  it('uses proxyUrl when given', async () => {
    const page = await makeClient(sandbox, { proxyUrl: proxy.url }).listSessions({});
    assert.equal(page.sessions.length, 25);
    assert.deepEqual(proxy.tunnels, [target()]);
  });

  it('uses HTTP_PROXY from the environment, and NO_PROXY to go direct', async () => {
    await makeClient(sandbox, { env: { HTTP_PROXY: proxy.url } }).listSessions({});
    assert.deepEqual(proxy.tunnels, [target()]);
    await makeClient(sandbox, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } }).listSessions({});
    assert.equal(proxy.tunnels.length, 1);
    assert.equal(sandbox.listRequests(), 2);
  });

  it('reports a proxy that refuses the tunnel as a connection error that never reached PG:AI', async () => {
    const refusing = await startProxy(true);
    try {
      const error = await expectError(makeClient(sandbox, { proxyUrl: refusing.url, maxRetries: 0 }).createSession({}), 'connection');
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
