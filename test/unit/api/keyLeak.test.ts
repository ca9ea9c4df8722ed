// The API key must never appear in a log line or an error message, even when the server echoes
// it back. This file drives every failure path with a server that echoes the key everywhere it
// can; harness.ts also checks everything captured across all the client test files.
import assert from 'node:assert/strict';
import { REDACTED } from '../../../src/api/redact';
import { type Sandbox } from '../../../sandbox/server';
import { TEST_KEY, capturingLogger, captured, closedPort, expectError, fakeTime, makeClient, startEchoServer, startTestSandbox } from './harness';

describe('the API key never leaks', () => {
  let sandbox: Sandbox;
  const lines: string[] = [];
  const errors: string[] = [];
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());

  /** A client whose log lines go to `lines` (and the shared capture). */
  function client(options: Parameters<typeof makeClient>[1] = {}) {
    const local = capturingLogger(lines);
    const shared = capturingLogger();
    const both = Object.fromEntries(
      (['trace', 'debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (message: string, ...args: unknown[]) => {
          local[level](message, ...args);
          shared[level](message, ...args);
        },
      ]),
    ) as unknown as ReturnType<typeof capturingLogger>;
    return makeClient(options.baseUrl ? { baseUrl: options.baseUrl } : sandbox, { logger: both, ...options });
  }

  async function fails(promise: Promise<unknown>, kind: Parameters<typeof expectError>[1]) {
    const error = await expectError(promise, kind);
    errors.push(String(error), error.message, error.stack ?? '', error.serverMessage ?? '', error.requestId ?? '', JSON.stringify(error));
    return error;
  }

  it('drives every path with a server that echoes the key', async () => {
    const echoed = { 'x-request-id': `req-${TEST_KEY}` };
    await client().listSessions({ search: 'anything' });
    await client().createSession({ title: 'fine' });

    sandbox.addFault({ times: 1, then: { status: 400, body: { error: `Invalid key ${TEST_KEY}` }, headers: echoed } });
    const bad = await fails(client().listSessions({}), 'badRequest');
    assert.equal(bad.serverMessage, `Invalid key ${REDACTED}`, 'the echo really happened and was redacted');

    sandbox.addFault({ times: 1, then: { status: 403, body: { error: { type: 't', code: 'c', message: `x-api-key: ${TEST_KEY} lacks scope` } } } });
    await fails(client().listSessions({}), 'permission');
    sandbox.addFault({ times: 1, then: { status: 404, body: { message: TEST_KEY }, headers: echoed } });
    await fails(client().listSessions({}), 'notFound');
    sandbox.addFault({ times: 1, then: { status: 429, body: { error: TEST_KEY }, headers: { ...echoed, 'Retry-After': '600' } } });
    await fails(client().listSessions({}), 'rateLimited');
    sandbox.addFault({ then: { status: 503, rawBody: `down ${TEST_KEY}`, headers: echoed } });
    await fails(client({ maxRetries: 1 }).listSessions({}), 'server');
    sandbox.clearFaults();
    sandbox.addFault({ method: 'POST', times: 1, then: { status: 500, body: { error: TEST_KEY } } });
    await fails(client().createSession({ title: TEST_KEY }), 'server');
    sandbox.addFault({ times: 1, then: { status: 200, rawBody: TEST_KEY, headers: { 'content-type': `text/${TEST_KEY}` } } });
    await fails(client().listSessions({}), 'invalidResponse');
    sandbox.addFault({ times: 1, then: { kind: 'oversize', bytes: 50_000 } });
    await fails(client({ maxBodyBytes: 10_000 }).listSessions({}), 'invalidResponse');
    sandbox.addFault({ times: 1, then: { kind: 'dropMidBody' } });
    await fails(client({ maxRetries: 0 }).listSessions({}), 'connection');
    sandbox.addFault({ times: 2, then: { kind: 'hang' } });
    await fails(client({ attemptTimeoutMs: 50, maxRetries: 1 }).listSessions({}), 'timeout');
    sandbox.clearFaults();
    sandbox.addFault({ times: 1, then: { kind: 'delay', ms: 1000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await fails(client().listSessions({}, controller.signal), 'cancelled');

    const wrongKey = `${TEST_KEY}-wrong`;
    await fails(client({ apiKey: wrongKey }).listSessions({}), 'auth');

    const port = await closedPort();
    await fails(client({ baseUrl: `http://127.0.0.1:${port}/public-api/v1`, ...fakeTime() }).createSession({}), 'connection');

    const echo = await startEchoServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': String(req.headers['x-api-key']) });
      res.end(JSON.stringify({ error: `bad key ${String(req.headers['x-api-key'])}`, headers: req.headers }));
    });
    try {
      const auth = await fails(client({ baseUrl: echo.baseUrl }).listSessions({}), 'auth');
      assert.equal(auth.requestId, REDACTED);
    } finally {
      await echo.close();
    }
  });

  it('no log line or error message holds the key', () => {
    assert.ok(lines.length > 20, `captured ${lines.length} log lines`);
    assert.ok(errors.length > 50, `captured ${errors.length} error strings`);
    for (const text of [...lines, ...errors]) assert.ok(!text.includes(TEST_KEY), text);
  });

  it('nothing captured so far across the client tests holds the key', () => {
    assert.ok(captured.length > 0);
    assert.deepEqual(captured.filter((text) => text.includes(TEST_KEY)), []);
  });
});
