// The edges of the client's pure parts: error causes kept for the log, which error codes are
// read from a cause chain, which failures a POST retries, headers by any spelling, a reset time
// that cannot be read, the redactor with overlapping forms of a key, shared work replaced after an
// abort, no-proxy entries with brackets, and a body exactly at the size cap.
import assert from 'node:assert/strict';
import { networkError } from '../../../src/api/errorMap';
import { PgaiError } from '../../../src/api/errors';
import { parseBaseUrl } from '../../../src/api/baseUrl';
import { bypassesProxy } from '../../../src/api/proxy';
import { RateLimitTracker, headerValue, parseResetAt } from '../../../src/api/rateLimit';
import { createRedactor } from '../../../src/api/redact';
import { errorCode, isRetryable } from '../../../src/api/retry';
import { SharedRequests } from '../../../src/api/shared';
import { ResponseTooLargeError } from '../../../src/api/transport';
import { makeClient, startEchoServer } from './harness';

const NOW = Date.UTC(2026, 0, 15, 12);
const withCode = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, ...(cause === undefined ? {} : { cause }) });
const context = { host: 'api.example.test', redact: createRedactor('k') };

describe('api: edges of the pure parts', () => {
  it('a network error keeps what it came from as its cause', () => {
    for (const original of [new ResponseTooLargeError(10), withCode('HPE_INVALID_CHUNK_SIZE'), withCode('ECONNRESET'), withCode('ECONNREFUSED')]) {
      assert.equal(networkError(original, context).cause, original, original.message);
    }
  });

  it('the too-large error names its limit', () => {
    const error = new ResponseTooLargeError(1234);
    assert.deepEqual([error.name, error.message, error.limit], ['ResponseTooLargeError', 'response larger than 1234 bytes', 1234]);
  });

  describe('errorCode', () => {
    it('looks five levels down a cause chain, no further', () => {
      const chain = (depth: number) => {
        let error: unknown = withCode('ECONNREFUSED');
        for (let i = 0; i < depth; i++) error = Object.assign(new Error('wrapped'), { cause: error });
        return error;
      };
      assert.equal(errorCode(chain(4)), 'ECONNREFUSED');
      assert.equal(errorCode(chain(5)), undefined);
    });

    it('skips undici’s generic UND_ERR for the code below it', () => {
      assert.equal(errorCode(withCode('UND_ERR', withCode('ECONNRESET'))), 'ECONNRESET');
      assert.equal(errorCode(withCode('UND_ERR')), undefined);
    });

    it('anything that is not an object has no code, and a cause cycle ends', () => {
      for (const value of ['ECONNREFUSED', undefined, null, 42]) assert.equal(errorCode(value), undefined, String(value));
      const cyclic: Error & { cause?: unknown } = new Error('loop');
      cyclic.cause = cyclic;
      assert.equal(errorCode(cyclic), undefined);
    });
  });

  describe('isRetryable', () => {
    it('a URL the client cannot use is never retried (any ERR_INVALID_URL… code)', () => {
      const error = new PgaiError('connection', 'x', { mayHaveReachedServer: false, cause: withCode('ERR_INVALID_URL_SCHEME') });
      assert.equal(isRetryable('GET', error), false);
      assert.equal(isRetryable('GET', new PgaiError('connection', 'x', { cause: withCode('ERR_INVALID_URL') })), false);
    });

    it('a POST is retried only after a failure to connect, not after a timeout carrying a connect code', () => {
      const cause = withCode('ECONNREFUSED');
      assert.equal(isRetryable('POST', new PgaiError('connection', 'x', { mayHaveReachedServer: false, cause })), true);
      assert.equal(isRetryable('POST', new PgaiError('timeout', 'x', { mayHaveReachedServer: false, cause })), false);
    });
  });

  describe('headers and the tracker', () => {
    it('a header in another spelling is found even after a same-named header without a string value', () => {
      const headers = { 'X-RateLimit-Limit': [] as string[], 'x-RATELIMIT-limit': ' 60 ' };
      assert.equal(headerValue(headers, 'x-ratelimit-limit'), '60');
      assert.equal(headerValue({ 'retry-after': ' 5 ' }, 'Retry-After'), '5');
      assert.equal(headerValue({ 'Retry-After': ' 7 ' }, 'retry-after'), '7');
    });

    it('a reset too large to be a number is unreadable', () => {
      assert.equal(parseResetAt('9'.repeat(400), NOW), undefined);
    });

    it('sending counts nothing down when the count is unknown or already zero', () => {
      const unknown = new RateLimitTracker();
      unknown.noteSent(NOW);
      assert.deepEqual(unknown.snapshot, {});
      const empty = new RateLimitTracker();
      empty.observe({ 'x-ratelimit-remaining': '0' }, NOW);
      empty.noteSent(NOW);
      assert.equal(empty.snapshot.remaining, 0);
    });
  });

  it('the redactor removes the longest form of the key first (a key whose URL form extends it)', () => {
    const redact = createRedactor('key%');
    assert.equal(redact('a key%25 b key% c'), 'a [redacted] b [redacted] c');
  });

  it('a blank base URL is called empty, not invalid', () => {
    const result = parseBaseUrl('   ');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.message, 'The PG:AI API URL is empty. Set pgai.apiBaseUrl to an https URL.');
  });

  it('a bracketed no-proxy entry must be exactly an address and an optional port', () => {
    const url = new URL('http://[2001:db8::1]/v1');
    assert.equal(bypassesProxy(url, ['[2001:db8::1]:80']), true);
    assert.equal(bypassesProxy(url, ['[2001:db8::1]:80x']), false);
    assert.equal(bypassesProxy(url, ['[2001:db8::1]']), true);
  });

  it('shared work started after every caller left is not forgotten when the old work ends', async () => {
    const shared = new SharedRequests<string>();
    let finishOld!: (value: string) => void;
    const old = new Promise<string>((resolve) => (finishOld = resolve));
    const leaving = new AbortController();
    const first = shared.run('k', leaving.signal, () => old);
    leaving.abort();
    await assert.rejects(first);
    let starts = 0;
    let finishNew!: (value: string) => void;
    const fresh = new Promise<string>((resolve) => (finishNew = resolve));
    const second = shared.run('k', undefined, () => (starts++, fresh));
    finishOld('old');
    await old;
    await Promise.resolve();
    const third = shared.run('k', undefined, () => (starts++, Promise.resolve('another')));
    assert.equal(starts, 1, 'the third caller joins the second');
    finishNew('new');
    assert.deepEqual(await Promise.all([second, third]), ['new', 'new']);
  });

  it('a body exactly at the size cap is read, declared or streamed', async () => {
    const body = JSON.stringify({ items: [{ id: 'a' }] });
    for (const chunked of [false, true]) {
      const echo = await startEchoServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }) });
        if (chunked) {
          res.write(body.slice(0, 5));
          res.end(body.slice(5));
        } else res.end(body);
      });
      try {
        const page = await makeClient(echo, { maxBodyBytes: Buffer.byteLength(body) }).listSessions({});
        assert.deepEqual(page.sessions.map((s) => s.id), ['a'], chunked ? 'streamed' : 'declared');
      } finally {
        await echo.close();
      }
    }
  });
});
