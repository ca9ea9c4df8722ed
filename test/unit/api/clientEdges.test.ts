// The client's edges, over loopback HTTP: the exact words of each configuration and cancellation
// error, what is logged at each level (and that nothing is built when the level hides it), the
// budget and rate-limit decisions at their boundaries on a fake clock, and the body checks.
import assert from 'node:assert/strict';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../../../src/api/logger';
import { TEST_KEY, capturingLogger, expectError, fakeTime, makeClient, startEchoServer, type EchoServer } from './harness';

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function leveled(lines: string[], logLevel: number | undefined): Logger {
  return { ...capturingLogger(lines), ...(logLevel === undefined ? {} : { logLevel }) };
}

describe('PgaiClient edges', () => {
  let echo: EchoServer | undefined;
  afterEach(async () => {
    await echo?.close();
    echo = undefined;
  });

  describe('configuration and lifetime', () => {
    it('a bad base URL: its own message, nothing sent, certain', async () => {
      const error = await expectError(makeClient({ baseUrl: 'not a url' }).listSessions({}), 'config');
      assert.equal(error.message, 'The PG:AI API URL is not a valid URL. Use https://host/path.');
      assert.equal(error.mayHaveReachedServer, false);
    });

    it('no key: says so, certain nothing was sent', async () => {
      echo = await startEchoServer((_req, res) => json(res, 200, []));
      const error = await expectError(makeClient(echo, { apiKey: ' ' }).createSession({ title: 'x' }), 'config');
      assert.equal(error.message, 'No PG:AI API key is set.');
      assert.equal(error.mayHaveReachedServer, false);
      assert.equal(echo.seen.length, 0);
    });

    it('a closed client: says it was closed, certain nothing was sent', async () => {
      echo = await startEchoServer((_req, res) => json(res, 200, []));
      const client = makeClient(echo);
      await client.dispose();
      for (const call of [client.listSessions({}), client.createSession({})]) {
        const error = await expectError(call, 'cancelled');
        assert.equal(error.message, 'The PG:AI client was closed.');
        assert.equal(error.mayHaveReachedServer, false);
      }
      assert.equal(echo.seen.length, 0);
    });

    it('a bad proxy URL: config error with the cause, certain nothing was sent', async () => {
      const error = await expectError(makeClient({ baseUrl: 'https://pgai.test/v1' }, { proxyUrl: 'http://[bad' }).listSessions({}), 'config');
      assert.equal(error.message, 'The proxy URL is not valid.');
      assert.equal(error.mayHaveReachedServer, false);
      assert.ok(error.cause instanceof Error);
    });

    it('one connection pool per client: "connecting" is logged once for many requests', async () => {
      echo = await startEchoServer((req, res) => json(res, req.method === 'POST' ? 201 : 200, req.method === 'POST' ? { id: 's' } : []));
      const lines: string[] = [];
      const client = makeClient(echo, { logger: leveled(lines, undefined) });
      await client.listSessions({ page: 1 });
      await client.listSessions({ page: 2 });
      await client.createSession({});
      assert.deepEqual(lines.filter((l) => l.includes('connecting')), ['debug PG:AI client connecting direct.']);
    });

    it('dispose closes the kept-alive connection', async () => {
      const sockets: Socket[] = [];
      const server = createServer((_req: IncomingMessage, res: ServerResponse) => json(res, 200, []));
      server.on('connection', (socket: Socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const client = makeClient({ baseUrl: `http://127.0.0.1:${port}/v1` });
        await client.listSessions({});
        assert.equal(sockets.length, 1);
        const closed = new Promise<void>((resolve) => (sockets[0].destroyed ? resolve() : sockets[0].once('close', () => resolve())));
        await client.dispose();
        await closed;
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('what is sent', () => {
    it('a page that is not a finite number is page 1; search is sent trimmed', async () => {
      echo = await startEchoServer((_req, res) => json(res, 200, []));
      const client = makeClient(echo);
      await client.listSessions({ page: Number.NaN });
      await client.listSessions({ page: Number.POSITIVE_INFINITY, search: '  acme  ' });
      assert.deepEqual(echo.seen.map((r) => new URL(r.url, 'http://x').searchParams.toString()), ['page=1&per_page=25', 'page=1&per_page=25&search=acme']);
    });

    it('a page without a Date header carries no server time', async () => {
      echo = await startEchoServer((_req, res) => {
        res.sendDate = false;
        json(res, 200, []);
      });
      const page = await makeClient(echo).listSessions({});
      assert.equal('serverTime' in page, false);
    });

    it('a POST whose signal was aborted before it is sent certainly did not reach the server', async () => {
      echo = await startEchoServer((_req, res) => json(res, 201, { id: 's' }));
      const controller = new AbortController();
      controller.abort();
      const error = await expectError(makeClient(echo).createSession({ title: 'x' }, controller.signal), 'cancelled');
      assert.equal(error.mayHaveReachedServer, false);
      assert.equal(echo.seen.length, 0);
    });

    it('a POST cancelled while the server holds it may have reached it, and keeps the cause', async () => {
      let arrived!: () => void;
      const received = new Promise<void>((resolve) => (arrived = resolve));
      echo = await startEchoServer(() => arrived());
      const controller = new AbortController();
      const call = makeClient(echo).createSession({ title: 'x' }, controller.signal);
      await received;
      controller.abort();
      const error = await expectError(call, 'cancelled');
      assert.equal(error.message, 'The request to PG:AI was cancelled.');
      assert.equal(error.mayHaveReachedServer, true);
      assert.ok(error.cause !== undefined);
    });
  });

  describe('logging', () => {
    it('at info level nothing is built for debug or trace; at debug every line; at trace the budget too', async () => {
      const headers = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
      let first = true;
      echo = await startEchoServer((_req, res) => {
        if (first) {
          first = false;
          json(res, 503, { error: 'busy' }, headers);
        } else json(res, 200, [], headers);
      });
      const run = async (logLevel: number | undefined) => {
        first = true;
        const lines: string[] = [];
        const time = fakeTime();
        await makeClient(echo!, { ...time, logger: leveled(lines, logLevel), random: () => 0.5, baseDelayMs: 10 }).listSessions({ perPage: 2 });
        return lines;
      };
      // Only the one-off line about the connection pool is handed over (the channel filters it).
      assert.deepEqual(await run(3), ['debug PG:AI client connecting direct.']);
      const path = '/public-api/v1/agent/sessions?page=1&per_page=2';
      const debug = [
        'debug PG:AI client connecting direct.',
        `debug GET ${path} (attempt 1) → 503 in 0 ms`,
        `debug GET ${path}: retrying in 2 ms after: PG:AI had a server error (503); try again later.`,
        `debug GET ${path} (attempt 2) → 200 in 0 ms`,
      ];
      assert.deepEqual(await run(2), debug);
      assert.deepEqual(await run(1), [debug[0], debug[1], 'trace PG:AI rate limit: 59 of 60 left', debug[2], debug[3], 'trace PG:AI rate limit: 59 of 60 left']);
    });

    it('the budget line says "?" for what the server did not send, and is left out when it sent neither', async () => {
      const cases: [Record<string, string>, string | undefined][] = [
        [{ 'x-ratelimit-limit': '60' }, 'trace PG:AI rate limit: ? of 60 left'],
        [{ 'x-ratelimit-remaining': '7' }, 'trace PG:AI rate limit: 7 of ? left'],
        [{}, undefined],
      ];
      for (const [headers, expected] of cases) {
        const server = await startEchoServer((_req, res) => json(res, 200, [], headers));
        try {
          const lines: string[] = [];
          await makeClient(server, { logger: leveled(lines, 1) }).listSessions({});
          assert.deepEqual(lines.filter((l) => l.startsWith('trace')), expected === undefined ? [] : [expected]);
        } finally {
          await server.close();
        }
      }
    });

    it('a failed attempt is logged with its time on the client clock', async () => {
      const server = createServer((req: IncomingMessage) => req.socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const lines: string[] = [];
        const time = fakeTime();
        await expectError(makeClient({ baseUrl: `http://127.0.0.1:${port}/v1` }, { ...time, logger: leveled(lines, 2), maxRetries: 0 }).listSessions({ perPage: 2 }), 'connection');
        assert.deepEqual(lines.filter((l) => l.includes('failed')), [
          `debug GET /v1/agent/sessions?page=1&per_page=2 (attempt 1) failed after 0 ms: The connection to PG:AI at 127.0.0.1:${port} was lost before the response was complete.`,
        ]);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('budget and rate limits on a fake clock', () => {
    it('retries stop when the next wait would not fit in what is left of the total budget', async () => {
      echo = await startEchoServer((_req, res) => json(res, 503, { error: 'busy' }));
      const time = fakeTime();
      const client = makeClient(echo, { ...time, maxRetries: 10, baseDelayMs: 3_000, maxDelayMs: 3_000, random: () => 0.9999, totalTimeoutMs: 8_000 });
      await expectError(client.listSessions({}), 'server');
      assert.deepEqual(time.clock.waits, [2_999, 2_999]);
      assert.equal(echo.seen.length, 3);
    });

    it('an attempt cut by the end of the budget is not retried, even on a clock that did not move', async () => {
      echo = await startEchoServer(() => undefined);
      const time = fakeTime();
      for (const [attemptTimeoutMs, totalTimeoutMs] of [
        [3_000, 150],
        [150, 150],
      ]) {
        echo.seen.length = 0;
        const error = await expectError(makeClient(echo, { ...time, attemptTimeoutMs, totalTimeoutMs, maxRetries: 3 }).listSessions({}), 'timeout');
        assert.equal(error.message, 'PG:AI did not respond within 1 s.');
        assert.ok(error.cause !== undefined);
        assert.equal(echo.seen.length, 1, `attempt ${attemptTimeoutMs} ms, total ${totalTimeoutMs} ms`);
      }
    });

    it('a server wait longer than maxWaitMs fails fast; one within it is waited', async () => {
      let calls = 0;
      echo = await startEchoServer((_req, res) => (calls++ === 0 ? json(res, 429, { error: 'slow' }, { 'retry-after': '10' }) : json(res, 200, [])));
      const time = fakeTime();
      await expectError(makeClient(echo, { ...time, maxWaitMs: 5_000 }).listSessions({}), 'rateLimited');
      assert.deepEqual(time.clock.waits, []);
      calls = 0;
      await makeClient(echo, { ...time, maxWaitMs: 10_000, totalTimeoutMs: 60_000 }).listSessions({ page: 2 });
      assert.deepEqual(time.clock.waits, [10_000]);
    });

    it('after a 429 the next call is held, fails fast when the hold exceeds maxWaitMs, and a hold is logged', async () => {
      let calls = 0;
      echo = await startEchoServer((_req, res) => (calls++ === 0 ? json(res, 429, { error: 'slow' }, { 'retry-after': '5' }) : json(res, 200, [])));
      const time = fakeTime();
      const lines: string[] = [];
      const client = makeClient(echo, { ...time, maxRetries: 0, logger: leveled(lines, 2) });
      await expectError(client.listSessions({ page: 1 }), 'rateLimited');
      await client.listSessions({ page: 2 });
      assert.deepEqual(time.clock.waits, [5_000]);
      assert.ok(lines.includes('debug GET /public-api/v1/agent/sessions?page=2&per_page=25: holding 5000 ms (5 s) until the rate limit resets'), lines.join('\n'));
      calls = 0;
      const strict = makeClient(echo, { ...time, maxRetries: 0, maxWaitMs: 4_999 });
      await expectError(strict.listSessions({ page: 3 }), 'rateLimited');
      const error = await expectError(strict.listSessions({ page: 4 }), 'rateLimited');
      assert.equal(error.message, 'PG:AI is rate limiting requests; try again in 5 s.');
      assert.equal(error.mayHaveReachedServer, false);
      assert.deepEqual(time.clock.waits, [5_000], 'no hold over maxWaitMs');
      calls = 0;
      const exact = makeClient(echo, { ...time, maxRetries: 0, maxWaitMs: 5_000 });
      await expectError(exact.listSessions({ page: 5 }), 'rateLimited');
      await exact.listSessions({ page: 6 });
      assert.deepEqual(time.clock.waits, [5_000, 5_000], 'a hold of exactly maxWaitMs is waited');
    });

    it('a hold as long as the whole budget fails fast; one shorter is waited (and the rest of the budget is what the request gets)', async () => {
      let calls = 0;
      // The answer after the wait comes 300 ms later (real time): the 1 ms of budget left never reaches it.
      echo = await startEchoServer((_req, res) => (calls++ === 0 ? json(res, 429, { error: 'slow' }, { 'retry-after': '5' }) : setTimeout(() => json(res, 200, []), 300)));
      const time = fakeTime();
      const tight = makeClient(echo, { ...time, maxRetries: 0, totalTimeoutMs: 5_000 });
      await expectError(tight.listSessions({ page: 1 }), 'rateLimited');
      await expectError(tight.listSessions({ page: 2 }), 'rateLimited');
      assert.deepEqual(time.clock.waits, []);
      calls = 0;
      const roomy = makeClient(echo, { ...time, maxRetries: 0, totalTimeoutMs: 5_001 });
      await expectError(roomy.listSessions({ page: 3 }), 'rateLimited');
      await expectError(roomy.listSessions({ page: 4 }), 'timeout');
      assert.deepEqual(time.clock.waits, [5_000]);
    });

    it('a sleep that fails for another reason is not taken for a cancellation, and its words are redacted', async () => {
      echo = await startEchoServer((_req, res) => json(res, 503, { error: 'busy' }));
      const sleep = () => Promise.reject(new Error(`timer broke near ${TEST_KEY}`));
      await assert.rejects(makeClient(echo, { sleep }).listSessions({}), (error: Error) => error.message === 'timer broke near [redacted]');
    });
  });

  describe('bodies', () => {
    it('a 300 is not a success', async () => {
      echo = await startEchoServer((_req, res) => json(res, 300, []));
      const error = await expectError(makeClient(echo).listSessions({}), 'invalidResponse');
      assert.equal(error.message, 'PG:AI answered with an unexpected status (300).');
    });

    it('an answer that is not JSON says its type (60 characters at most) and keeps the request id', async () => {
      const type = `text/${'x'.repeat(100)}`;
      echo = await startEchoServer((_req, res) => {
        res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'x-request-id': 'req_html' });
        res.end('<p>hi</p>');
      });
      const error = await expectError(makeClient(echo).listSessions({}), 'invalidResponse');
      assert.equal(error.message, `PG:AI sent a response that is not JSON (${type.slice(0, 60)}).`);
      assert.equal(error.requestId, 'req_html');
      assert.equal(error.status, 200);
    });

    it('blank JSON is an empty response; broken JSON is invalid; both keep the request id', async () => {
      let body = ' \n ';
      echo = await startEchoServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_b' });
        res.end(body);
      });
      const empty = await expectError(makeClient(echo).listSessions({}), 'invalidResponse');
      assert.deepEqual([empty.message, empty.requestId], ['PG:AI sent an empty response.', 'req_b']);
      body = '{"items": [';
      const broken = await expectError(makeClient(echo).listSessions({ page: 2 }), 'invalidResponse');
      assert.deepEqual([broken.message, broken.requestId], ['PG:AI sent a response that is not valid JSON.', 'req_b']);
    });
  });
});
