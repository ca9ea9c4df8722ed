import assert from 'node:assert/strict';
import { PgaiError, isPgaiError } from '../../../src/api/errors';
import { type RetryContext, backoffMs, cancelledError, errorCode, isRetryable, planRetry, sleep } from '../../../src/api/retry';

function withCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}

const refused = new PgaiError('connection', 'refused', { mayHaveReachedServer: false, cause: withCode('ECONNREFUSED') });
const notFound = new PgaiError('connection', 'dns', { mayHaveReachedServer: false, cause: withCode('ENOTFOUND') });
const connectTimeout = new PgaiError('connection', 'ct', {
  mayHaveReachedServer: false,
  cause: Object.assign(new Error('Connect Timeout Error'), { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT' }),
});
const reset = new PgaiError('connection', 'reset', { cause: withCode('ECONNRESET') });
const socket = new PgaiError('connection', 'closed', { cause: new Error('x', { cause: withCode('UND_ERR_SOCKET') }) });
const cert = new PgaiError('connection', 'cert', { mayHaveReachedServer: false, cause: withCode('CERT_HAS_EXPIRED') });
const status = (code: number, kind: PgaiError['kind'], retryAfterMs?: number) =>
  new PgaiError(kind, `status ${code}`, { status: code, retryAfterMs });

const context = (error: PgaiError, overrides: Partial<RetryContext> = {}): RetryContext => ({
  method: 'GET',
  error,
  retriesDone: 0,
  maxRetries: 3,
  maxWaitMs: 60_000,
  remainingMs: 45_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  random: () => 0.5,
  ...overrides,
});

describe('retry policy', () => {
  it('finds error codes along the cause chain', () => {
    assert.equal(errorCode(socket.cause), 'UND_ERR_SOCKET');
    assert.equal(errorCode(new Error('plain')), undefined);
    assert.equal(errorCode('string'), undefined);
  });

  it('retries GET on 429, 500/502/503/504, dropped connections and timeouts', () => {
    for (const error of [
      status(429, 'rateLimited'),
      status(500, 'server'),
      status(502, 'server'),
      status(503, 'server'),
      status(504, 'server'),
      refused,
      notFound,
      connectTimeout,
      reset,
      socket,
      new PgaiError('timeout', 't'),
    ]) {
      assert.equal(isRetryable('GET', error), true, error.message);
    }
  });

  it('does not retry GET on client errors, bad responses, cancellation or certificate problems', () => {
    for (const error of [
      status(400, 'badRequest'),
      status(401, 'auth'),
      status(403, 'permission'),
      status(404, 'notFound'),
      status(501, 'server'),
      new PgaiError('invalidResponse', 'x'),
      new PgaiError('cancelled', 'x'),
      new PgaiError('rateLimited', 'client hold', { mayHaveReachedServer: false }),
      cert,
    ]) {
      assert.equal(isRetryable('GET', error), false, error.message);
    }
  });

  it('retries POST only when it could not have been sent', () => {
    for (const error of [refused, notFound, connectTimeout]) assert.equal(isRetryable('POST', error), true, error.message);
    for (const error of [reset, socket, cert, status(503, 'server'), status(429, 'rateLimited'), new PgaiError('timeout', 't'), new PgaiError('invalidResponse', 'x')]) {
      assert.equal(isRetryable('POST', error), false, error.message);
    }
  });

  it('backs off exponentially with full jitter and a cap', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 };
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, options)), [99, 199, 399, 799, 999, 999]);
    assert.equal(backoffMs(3, { ...options, random: () => 0 }), 0);
    assert.equal(backoffMs(3, { ...options, random: () => 0.5 }), 200);
    assert.equal(backoffMs(3, { ...options, random: () => 7 }), 400);
  });

  it('plans a retry with the backoff, or the server-requested wait when there is one', () => {
    assert.deepEqual(planRetry(context(status(503, 'server'))), { retry: true, delayMs: 250 });
    assert.deepEqual(planRetry(context(status(503, 'server'), { retriesDone: 2 })), { retry: true, delayMs: 1000 });
    assert.deepEqual(planRetry(context(status(429, 'rateLimited', 12_000))), { retry: true, delayMs: 12_000 });
  });

  it('stops after maxRetries, when the wait is too long, or when the budget would run out', () => {
    assert.equal(planRetry(context(status(503, 'server'), { retriesDone: 3 })).retry, false);
    assert.equal(planRetry(context(status(429, 'rateLimited', 61_000))).retry, false);
    assert.equal(planRetry(context(status(429, 'rateLimited', 20_000), { remainingMs: 19_000 })).retry, false);
    assert.equal(planRetry(context(status(400, 'badRequest'))).retry, false);
    assert.equal(planRetry(context(reset, { method: 'POST' })).retry, false);
    assert.equal(planRetry(context(refused, { method: 'POST' })).retry, true);
  });

  it('sleeps, and stops sleeping with a cancelled error when the signal aborts', async () => {
    const started = Date.now();
    await sleep(5);
    assert.ok(Date.now() - started >= 4);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await assert.rejects(pending, (error: unknown) => isPgaiError(error, 'cancelled'));
    await assert.rejects(sleep(10, controller.signal), (error: unknown) => isPgaiError(error, 'cancelled'));
  });

  describe('bounds, pinned at their edges', () => {
    it('a wait exactly at maxWaitMs is waited, one past it is not', () => {
      const roomy = { remainingMs: 120_000 };
      assert.deepEqual(planRetry(context(status(429, 'rateLimited', 60_000), roomy)), { retry: true, delayMs: 60_000 });
      assert.equal(planRetry(context(status(429, 'rateLimited', 60_001), roomy)).retry, false);
    });

    it('a wait that would use the whole remaining budget is not waited, one shorter is', () => {
      assert.equal(planRetry(context(status(429, 'rateLimited', 20_000), { remainingMs: 20_000 })).retry, false);
      assert.deepEqual(planRetry(context(status(429, 'rateLimited', 19_999), { remainingMs: 20_000 })), { retry: true, delayMs: 19_999 });
    });

    it('retries while fewer than maxRetries were made, and not at maxRetries', () => {
      assert.equal(planRetry(context(status(503, 'server'), { retriesDone: 2, maxRetries: 3 })).retry, true);
      assert.equal(planRetry(context(status(503, 'server'), { retriesDone: 3, maxRetries: 3 })).retry, false);
      assert.equal(planRetry(context(status(503, 'server'), { retriesDone: 0, maxRetries: 0 })).retry, false);
    });

    it('an unreadable (NaN) server wait falls back to the backoff; a negative one means now', () => {
      assert.deepEqual(planRetry(context(status(429, 'rateLimited', Number.NaN))), { retry: true, delayMs: 250 });
      assert.deepEqual(planRetry(context(status(429, 'rateLimited', -5))), { retry: true, delayMs: 0 });
      assert.equal(planRetry(context(status(429, 'rateLimited', Number.POSITIVE_INFINITY))).retry, false);
    });
  });

  it('every failure to connect is retried for a POST (nothing was sent), each code on its own', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']) {
      const error = new PgaiError('connection', code, { mayHaveReachedServer: false, cause: withCode(code) });
      assert.equal(isRetryable('POST', error), true, code);
      assert.deepEqual(planRetry(context(error, { method: 'POST' })), { retry: true, delayMs: 250 }, code);
    }
    // A connect failure that another attempt will not fix, and one that may have reached the server.
    for (const code of ['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_INVALID_URL']) {
      assert.equal(isRetryable('POST', new PgaiError('connection', code, { mayHaveReachedServer: false, cause: withCode(code) })), false, code);
      assert.equal(isRetryable('GET', new PgaiError('connection', code, { mayHaveReachedServer: false, cause: withCode(code) })), false, code);
    }
    assert.equal(isRetryable('POST', new PgaiError('connection', 'x', { mayHaveReachedServer: true, cause: withCode('ECONNREFUSED') })), false);
  });

  it('a cancellation says nothing was sent', () => {
    const error = cancelledError();
    assert.equal(error.kind, 'cancelled');
    assert.equal(error.mayHaveReachedServer, false);
    assert.equal(error.message, 'The request to PG:AI was cancelled.');
  });
});
