import { withRequestId } from '../../../src/api/errors';
import assert from 'node:assert/strict';
import { READONLY_API_KEY, type Sandbox } from '../../../sandbox/server';
import { closedPort, expectError, makeClient, startEchoServer, startTestSandbox } from './harness';

describe('PgaiClient errors against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.setOptions({ envelope: 'items', rateLimit: false, latencyMs: 0 });
  });

  it('400: bad request with the server message', async () => {
    sandbox.addFault({ then: { status: 400, body: { error: 'Invalid sort field' } } });
    const error = await expectError(makeClient(sandbox).listSessions({}), 'badRequest');
    assert.equal(error.status, 400);
    assert.equal(error.serverMessage, 'Invalid sort field');
    assert.match(withRequestId(error), /^PG:AI rejected the request \(400\): Invalid sort field\. Request id: req_[0-9a-f]+\.$/);
    assert.equal(sandbox.listRequests(), 1);
  });

  it('400 from the server itself (an unknown sort_by)', async () => {
    const error = await expectError(makeClient(sandbox).listSessions({ sortBy: 'colour' }), 'badRequest');
    assert.equal(error.serverMessage, 'Invalid sort_by');
  });

  it('401: a wrong key', async () => {
    const error = await expectError(makeClient(sandbox, { apiKey: 'not-the-key-123456' }).listSessions({}), 'auth');
    assert.equal(error.status, 401);
    assert.match(withRequestId(error), /^PG:AI rejected the API key \(401\)\. Request id: req_/);
    assert.equal(sandbox.listRequests(), 1);
  });

  it('403: a key without the sessions scope, with the nested error message', async () => {
    const error = await expectError(makeClient(sandbox, { apiKey: READONLY_API_KEY }).listSessions({}), 'permission');
    assert.equal(error.status, 403);
    assert.equal(error.serverMessage, 'API key lacks the agent_sessions scope');
    assert.match(error.message, /\(403\): API key lacks the agent_sessions scope\./);
  });

  it('404 via a fault', async () => {
    sandbox.addFault({ then: { status: 404, body: { error: 'Not found' } } });
    const error = await expectError(makeClient(sandbox).listSessions({}), 'notFound');
    assert.equal(error.status, 404);
    assert.match(error.message, /\(404\): Not found\./);
  });

  it('404 for a wrong base path', async () => {
    const client = makeClient({ baseUrl: sandbox.baseUrl.replace('/v1', '/v9') });
    await expectError(client.listSessions({}), 'notFound');
  });

  it('429 with Retry-After, when retries are off, says when to try again', async () => {
    sandbox.addFault({ then: { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '12' } } });
    const error = await expectError(makeClient(sandbox, { maxRetries: 0 }).listSessions({}), 'rateLimited');
    assert.equal(error.retryAfterMs, 12_000);
    assert.match(withRequestId(error), /^PG:AI is rate limiting requests; try again in 12 s\. Request id: req_/);
  });

  for (const status of [500, 502, 503, 504]) {
    it(`${status}: server error, retried up to maxRetries`, async () => {
      sandbox.addFault({ then: { status, body: { error: 'boom' } } });
      const error = await expectError(makeClient(sandbox, { maxRetries: 2 }).listSessions({}), 'server');
      assert.equal(error.status, status);
      assert.match(error.message, new RegExp(`^PG:AI had a server error \\(${status}\\); try again later\\.`));
      assert.equal(sandbox.listRequests(), 3);
    });
  }

  it('other 4xx: bad request, not retried', async () => {
    sandbox.addFault({ then: { status: 422, rawBody: 'unprocessable' } });
    const error = await expectError(makeClient(sandbox).listSessions({}), 'badRequest');
    assert.equal(error.status, 422);
    assert.equal(error.serverMessage, 'unprocessable');
    assert.equal(sandbox.listRequests(), 1);
  });

  it('an error page in HTML still gives the status sentence', async () => {
    sandbox.addFault({ then: { status: 502, rawBody: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } } });
    const error = await expectError(makeClient(sandbox, { maxRetries: 0 }).listSessions({}), 'server');
    assert.equal(error.serverMessage, undefined);
  });

  const invalidBodies: [string, Parameters<Sandbox['addFault']>[0]['then'], RegExp][] = [
    ['nonJson', { kind: 'nonJson' }, /not valid JSON/],
    ['html', { kind: 'html' }, /not JSON \(text\/html\)/],
    ['empty', { kind: 'empty' }, /empty response/],
    ['truncated', { kind: 'truncated' }, /not valid JSON/],
    ['an unrecognisable shape', { status: 200, body: { sessions: 'none' } }, /unexpected response/],
  ];
  for (const [name, then, message] of invalidBodies) {
    it(`invalid response: ${name}`, async () => {
      sandbox.addFault({ then });
      const error = await expectError(makeClient(sandbox).listSessions({}), 'invalidResponse');
      assert.match(error.message, message);
      assert.equal(sandbox.listRequests(), 1, 'an invalid response is not retried');
    });
  }

  it('oversize: a declared length over the cap is refused', async () => {
    sandbox.addFault({ then: { kind: 'oversize', bytes: 300_000 } });
    const error = await expectError(makeClient(sandbox, { maxBodyBytes: 100_000 }).listSessions({}), 'invalidResponse');
    assert.match(error.message, /too large \(over 98 KiB\)/);
    // The same body under a larger cap is fine.
    sandbox.addFault({ then: { kind: 'oversize', bytes: 300_000 } });
    const page = await makeClient(sandbox, { maxBodyBytes: 400_000 }).listSessions({});
    assert.equal(page.sessions.length, 25);
  });

  it('oversize: a streamed body with no length is cut off at the cap', async () => {
    let written = 0;
    const echo = await startEchoServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[{"id":"x","pad":"');
      const chunk = 'x'.repeat(64 * 1024);
      const timer = setInterval(() => {
        if (res.destroyed || written > 50 * chunk.length) {
          clearInterval(timer);
          res.destroy();
          return;
        }
        written += chunk.length;
        res.write(chunk);
      }, 1);
    });
    try {
      const error = await expectError(makeClient(echo, { maxBodyBytes: 200_000 }).listSessions({}), 'invalidResponse');
      assert.match(error.message, /too large/);
      assert.ok(written < 50 * 64 * 1024, 'the client stopped reading early');
    } finally {
      await echo.close();
    }
  });

  it('a dropped connection: connection error that may have reached the server', async () => {
    sandbox.addFault({ then: { kind: 'drop' } });
    const error = await expectError(makeClient(sandbox, { maxRetries: 0 }).listSessions({}), 'connection');
    assert.equal(error.mayHaveReachedServer, true);
    assert.match(error.message, /^The connection to PG:AI at 127\.0\.0\.1:\d+ was lost/);
  });

  it('dropped mid-body: connection error, retried for GET', async () => {
    sandbox.addFault({ times: 1, then: { kind: 'dropMidBody' } });
    const error = await expectError(makeClient(sandbox, { maxRetries: 0 }).listSessions({}), 'connection');
    assert.equal(error.mayHaveReachedServer, true);
    sandbox.addFault({ times: 1, then: { kind: 'dropMidBody' } });
    const page = await makeClient(sandbox, { maxRetries: 1 }).listSessions({});
    assert.equal(page.sessions.length, 25);
    assert.equal(sandbox.listRequests(), 3);
  });

  it('connection refused: nothing reached the server', async () => {
    const port = await closedPort();
    const error = await expectError(
      makeClient({ baseUrl: `http://127.0.0.1:${port}/public-api/v1` }, { maxRetries: 1 }).listSessions({}),
      'connection',
    );
    assert.equal(error.mayHaveReachedServer, false);
    assert.equal(error.message, `Could not reach PG:AI at 127.0.0.1:${port}: connection refused.`);
  });

  it('configuration problems are reported without a request', async () => {
    await expectError(makeClient({ baseUrl: 'not a url' }).listSessions({}), 'config');
    await expectError(makeClient({ baseUrl: 'ftp://example.com/v1' }).listSessions({}), 'config');
    await expectError(makeClient(sandbox, { apiKey: '  ' }).listSessions({}), 'config');
    // (A loopback base URL never uses a proxy, so the broken proxy URL only matters elsewhere.)
    await expectError(makeClient({ baseUrl: 'https://pgai.test/v1' }, { proxyUrl: 'http://[bad' }).listSessions({}), 'config');
    assert.equal(sandbox.listRequests(), 0);
  });

  it('a disposed client refuses new requests', async () => {
    const client = makeClient(sandbox);
    await client.dispose();
    await expectError(client.listSessions({}), 'cancelled');
  });
});
