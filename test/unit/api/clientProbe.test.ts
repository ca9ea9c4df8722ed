// A probe (the user's Refresh or Retry) goes out at once while the client believes the rate limit
// is used up, but only its first attempt: a retry after it waits for the limit like any request.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { fakeTime, makeClient, startEchoServer, type EchoServer } from './harness';

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('PgaiClient probes', () => {
  let echo: EchoServer | undefined;
  afterEach(async () => {
    await echo?.close();
    echo = undefined;
  });

  it('a probe’s first attempt skips the hold; its retry is held until the limit resets', async () => {
    const answers: [number, Record<string, string>][] = [
      [200, { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' }],
      [503, {}],
      [200, {}],
    ];
    echo = await startEchoServer((_req, res) => {
      const [status, headers] = answers.shift() ?? [200, {}];
      json(res, status, status === 200 ? [] : { error: 'busy' }, headers);
    });
    const time = fakeTime();
    const client = makeClient(echo, { ...time, random: () => 0.5, baseDelayMs: 10, maxDelayMs: 10, totalTimeoutMs: 60_000 });
    await client.listSessions({ page: 1 });
    assert.equal(client.rateLimit.remaining, 0);
    await client.listSessions({ page: 2 }, undefined, { probe: true });
    assert.deepEqual(time.clock.waits, [5, 4_995], 'the backoff after the 503, then the hold before the retry');
    assert.equal(echo.seen.length, 3);
  });
});
