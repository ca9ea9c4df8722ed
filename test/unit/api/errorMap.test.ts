// How every HTTP status and network failure becomes one PgaiError with one sentence for the user,
// each rule on its own (the client tests go through the sandbox; these pin the edges).
import assert from 'node:assert/strict';
import { errorBodyOf, formatBytes, invalidResponse, networkError, requestIdOf, statusError } from '../../../src/api/errorMap';
import { PgaiError, withRequestId } from '../../../src/api/errors';
import { createRedactor } from '../../../src/api/redact';
import { ResponseTooLargeError } from '../../../src/api/transport';

const KEY = 'pgai_errormap_K3y';
const context = { host: 'api.example.test', redact: createRedactor(KEY) };
const NOW = Date.UTC(2026, 0, 15, 12);
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('errorMap: statuses', () => {
  it('ends the server message with a full stop only when it has none', () => {
    assert.equal(statusError(400, {}, body({ error: 'title too long' }), context, NOW).message, 'PG:AI rejected the request (400): title too long.');
    assert.equal(statusError(400, {}, body({ error: 'title too long!' }), context, NOW).message, 'PG:AI rejected the request (400): title too long!');
    assert.equal(statusError(400, {}, body({ error: 'is it?' }), context, NOW).message, 'PG:AI rejected the request (400): is it?');
    assert.equal(statusError(400, {}, body({ error: 'cut…' }), context, NOW).message, 'PG:AI rejected the request (400): cut…');
    // A full stop inside is not the end.
    assert.equal(statusError(400, {}, body({ error: 'v1.2 required' }), context, NOW).message, 'PG:AI rejected the request (400): v1.2 required.');
    assert.equal(statusError(404, {}, body(''), context, NOW).message, 'PG:AI could not find what was asked for (404).');
  });

  it('a 5xx keeps the wait the server asked for; a 4xx other than 429 does not', () => {
    const headers = { 'retry-after': '7' };
    assert.equal(statusError(500, headers, body(''), context, NOW).retryAfterMs, 7_000);
    assert.equal(statusError(503, headers, body(''), context, NOW).retryAfterMs, 7_000);
    assert.equal(statusError(499, headers, body(''), context, NOW).retryAfterMs, undefined);
    assert.equal(statusError(400, headers, body(''), context, NOW).retryAfterMs, undefined);
    assert.equal(statusError(429, headers, body(''), context, NOW).retryAfterMs, 7_000);
    const server = statusError(500, {}, body({ error: 'x' }), context, NOW);
    assert.deepEqual([server.kind, server.status, server.mayHaveReachedServer], ['server', 500, true]);
    assert.equal(server.message, 'PG:AI had a server error (500); try again later.');
  });

  it('appends the request id (from any of the usual headers, at most 100 characters, redacted)', () => {
    const withId = statusError(500, { 'x-request-id': 'req_1' }, body(''), context, NOW);
    assert.equal(withId.message, 'PG:AI had a server error (500); try again later.', 'the row shows the message alone');
    assert.equal(withRequestId(withId), 'PG:AI had a server error (500); try again later. Request id: req_1.');
    assert.equal(withRequestId(statusError(500, {}, body(''), context, NOW)), 'PG:AI had a server error (500); try again later.');
    assert.equal(withRequestId(new Error('plain')), 'plain');
    assert.equal(requestIdOf({ 'cf-ray': 'ray-9' }, context.redact), 'ray-9');
    assert.equal(requestIdOf({ 'x-correlation-id': 'c'.repeat(150) }, context.redact), 'c'.repeat(100));
    assert.equal(requestIdOf({ 'x-request-id': `id-${KEY}` }, context.redact), 'id-[redacted]');
    assert.equal(requestIdOf({}, context.redact), undefined);
    const invalid = invalidResponse('PG:AI sent an empty response.', 'req_2', 200);
    assert.deepEqual([invalid.kind, withRequestId(invalid), invalid.status, invalid.requestId], ['invalidResponse', 'PG:AI sent an empty response. Request id: req_2.', 200, 'req_2']);
  });

  it('reads an error body as JSON, or as short plain text, never HTML', () => {
    assert.deepEqual(errorBodyOf(body({ error: 'x' })), { error: 'x' });
    assert.equal(errorBodyOf(body('  plain words  ')), 'plain words');
    assert.equal(errorBodyOf(body('x'.repeat(200))), 'x'.repeat(200));
    assert.equal(errorBodyOf(body('x'.repeat(201))), undefined);
    assert.equal(errorBodyOf(body('<html>bad gateway</html>')), undefined);
    assert.equal(errorBodyOf(body('   ')), undefined);
    assert.equal(errorBodyOf(Buffer.alloc(0)), undefined);
  });
});

describe('errorMap: network failures', () => {
  it('a PgaiError passes through as it is', () => {
    const error = new PgaiError('timeout', 'already mapped');
    assert.equal(networkError(error, context), error);
  });

  it('each failure to connect says so, and that nothing was sent', () => {
    const reasons: Record<string, string> = {
      ECONNREFUSED: 'connection refused',
      ENOTFOUND: 'host not found',
      EAI_AGAIN: 'host name lookup failed',
      EHOSTUNREACH: 'host unreachable',
      ENETUNREACH: 'network unreachable',
      EADDRNOTAVAIL: 'address not available',
      UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    };
    for (const [code, reason] of Object.entries(reasons)) {
      const error = networkError(withCode(code), context);
      assert.deepEqual([error.kind, error.message, error.mayHaveReachedServer], ['connection', `Could not reach PG:AI at api.example.test: ${reason}.`, false], code);
    }
  });

  it('a TLS problem names its code and says nothing was sent', () => {
    for (const code of ['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
      const error = networkError(withCode(code), context);
      assert.deepEqual([error.kind, error.message, error.mayHaveReachedServer], ['connection', `Could not reach PG:AI at api.example.test: TLS certificate problem (${code}).`, false], code);
    }
    // Only as a prefix: a code that merely contains one of the words is not a TLS problem.
    assert.doesNotMatch(networkError(withCode('X_CERT_HAS_EXPIRED'), context).message, /TLS/);
  });

  it('a proxy that refuses the tunnel, a malformed response, a too large body, a dropped connection', () => {
    const proxy = networkError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), context);
    assert.deepEqual([proxy.kind, proxy.message, proxy.mayHaveReachedServer], ['connection', 'Could not reach PG:AI at api.example.test: the proxy refused the connection (407).', false]);
    const malformed = networkError(withCode('HPE_INVALID_HEADER_TOKEN'), context);
    assert.deepEqual([malformed.kind, malformed.message, malformed.mayHaveReachedServer], ['invalidResponse', 'PG:AI at api.example.test sent a malformed HTTP response.', true]);
    assert.equal(networkError(withCode('X_HPE_NOT_A_PARSER_ERROR'), context).kind, 'connection', 'HPE_ only as a prefix');
    const large = networkError(new ResponseTooLargeError(4 * 1024 * 1024), context);
    assert.deepEqual([large.kind, large.message, large.mayHaveReachedServer], ['invalidResponse', "PG:AI's response was too large (over 4 MiB).", true]);
    const dropped = networkError(withCode('ECONNRESET'), context);
    assert.deepEqual([dropped.kind, dropped.message, dropped.mayHaveReachedServer], ['connection', 'The connection to PG:AI at api.example.test was lost before the response was complete.', true]);
    assert.equal(networkError('not even an Error', context).kind, 'connection');
  });

  it('formats byte counts for people, at the unit edges', () => {
    assert.equal(formatBytes(1023), '1023 bytes');
    assert.equal(formatBytes(1024), '1 KiB');
    assert.equal(formatBytes(1536), '2 KiB');
    assert.equal(formatBytes(1024 * 1024 - 1), '1024 KiB');
    assert.equal(formatBytes(1024 * 1024), '1 MiB');
    assert.equal(formatBytes(1.25 * 1024 * 1024), '1.3 MiB');
    assert.equal(formatBytes(8 * 1024 * 1024), '8 MiB');
  });
});
