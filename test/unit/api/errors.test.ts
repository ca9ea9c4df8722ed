// The error type every failure reaches the UI as, the key problem the view's welcome states
// switch on, and which log levels are built at all.
import assert from 'node:assert/strict';
import { KEY_PROBLEM_SENTENCE, PgaiError, isPgaiError, keyProblemOf, withRequestId } from '../../../src/api/errors';
import { type Logger, logsAt, silentLogger } from '../../../src/api/logger';

describe('api/errors', () => {
  it('a PgaiError carries its details; without a cause it has none, and it may have reached the server unless told otherwise', () => {
    const plain = new PgaiError('server', 'Boom.');
    assert.equal(plain.name, 'PgaiError');
    assert.equal(plain.kind, 'server');
    assert.equal(plain.message, 'Boom.');
    assert.equal(plain.mayHaveReachedServer, true);
    assert.equal('cause' in plain, false);
    const cause = new Error('socket');
    const full = new PgaiError('rateLimited', 'Wait.', { status: 429, serverMessage: 'slow', requestId: 'req_1', retryAfterMs: 5, mayHaveReachedServer: false, cause });
    assert.deepEqual(
      { status: full.status, serverMessage: full.serverMessage, requestId: full.requestId, retryAfterMs: full.retryAfterMs, reached: full.mayHaveReachedServer, cause: full.cause },
      { status: 429, serverMessage: 'slow', requestId: 'req_1', retryAfterMs: 5, reached: false, cause },
    );
    assert.ok(full instanceof Error);
  });

  it('withRequestId appends the request id only when there is one', () => {
    assert.equal(withRequestId(new PgaiError('server', 'Boom.', { requestId: 'req_9' })), 'Boom. Request id: req_9.');
    assert.equal(withRequestId(new PgaiError('server', 'Boom.', { requestId: '' })), 'Boom.');
    assert.equal(withRequestId(new PgaiError('server', 'Boom.')), 'Boom.');
    const foreign = Object.assign(new Error('Plain.'), { requestId: 'req_2' });
    assert.equal(withRequestId(foreign), 'Plain.');
  });

  it('isPgaiError checks the class, and the kind when one is given', () => {
    const error = new PgaiError('auth', 'No.');
    assert.equal(isPgaiError(error), true);
    assert.equal(isPgaiError(error, 'auth'), true);
    assert.equal(isPgaiError(error, 'permission'), false);
    assert.equal(isPgaiError(new Error('No.')), false);
    assert.equal(isPgaiError({ kind: 'auth', message: 'No.' }, 'auth'), false);
  });

  it('keyProblemOf: 403 or permission is forbidden, 401 or auth rejected, anything else none', () => {
    assert.equal(keyProblemOf(new PgaiError('permission', 'x')), 'forbidden');
    assert.equal(keyProblemOf(new PgaiError('badRequest', 'x', { status: 403 })), 'forbidden');
    assert.equal(keyProblemOf(new PgaiError('auth', 'x')), 'rejected');
    assert.equal(keyProblemOf(new PgaiError('badRequest', 'x', { status: 401 })), 'rejected');
    // Both at once: the 403 wins (the key works, it lacks a scope).
    assert.equal(keyProblemOf(new PgaiError('auth', 'x', { status: 403 })), 'forbidden');
    for (const other of [new PgaiError('server', 'x', { status: 500 }), new PgaiError('badRequest', 'x', { status: 400 }), new PgaiError('notFound', 'x')]) {
      assert.equal(keyProblemOf(other), undefined, other.kind);
    }
    assert.equal(keyProblemOf(Object.assign(new Error('x'), { status: 401, kind: 'auth' })), undefined);
    assert.equal(keyProblemOf(undefined), undefined);
    assert.match(KEY_PROBLEM_SENTENCE.rejected, /\(401\)/);
    assert.match(KEY_PROBLEM_SENTENCE.forbidden, /\(403\)/);
  });
});

describe('api/logger', () => {
  const at = (logLevel: number | undefined): Logger => ({ ...silentLogger, logLevel });

  it('logsAt: without a level everything shows; 0 (off) shows nothing; otherwise that level and above', () => {
    for (const level of [1, 2, 3, 4, 5]) assert.equal(logsAt(at(undefined), level), true, `no level, ${level}`);
    for (const level of [1, 2, 3, 4, 5]) assert.equal(logsAt(at(0), level), false, `off, ${level}`);
    assert.deepEqual([1, 2, 3, 4, 5].map((level) => logsAt(at(2), level)), [false, true, true, true, true]);
    assert.deepEqual([1, 2, 3, 4, 5].map((level) => logsAt(at(1), level)), [true, true, true, true, true]);
    assert.deepEqual([1, 2, 3, 4, 5].map((level) => logsAt(at(5), level)), [false, false, false, false, true]);
  });

  it('the silent logger shows nothing and its methods do nothing', () => {
    assert.equal(logsAt(silentLogger, 5), false);
    for (const method of ['trace', 'debug', 'info', 'warn', 'error'] as const) assert.equal(silentLogger[method]('x'), undefined);
  });
});
