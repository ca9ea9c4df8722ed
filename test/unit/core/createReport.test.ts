// What a user is told after each create outcome: the sentence, its severity and the actions.
// The sentences are compared whole: a changed word is a changed message a user reads.
import assert from 'node:assert/strict';
import { PgaiError } from '../../../src/api/errors';
import type { Session } from '../../../src/api/types';
import type { CreateValues } from '../../../src/core/createFlow';
import { outcomeLogLine, outcomeReport, titleOf } from '../../../src/core/createReport';

const typed: CreateValues = { type: 'chat', title: '  Q3 pipeline  ', companyId: '' };
const blank: CreateValues = { type: 'chat', title: '   ', companyId: '' };
const session = (title: string | undefined, id = 's-1'): Session => ({ id, ...(title === undefined ? {} : { title }), type: 'chat', raw: { id } });
const withId = (kind: ConstructorParameters<typeof PgaiError>[0], message: string, details: ConstructorParameters<typeof PgaiError>[2] = {}) =>
  new PgaiError(kind, message, { requestId: 'req-9', ...details });

describe('create outcome reports', () => {
  it('titles: the server’s title, else what was typed (trimmed), else "Untitled"', () => {
    assert.equal(titleOf(typed, session('From server')), 'From server');
    assert.equal(titleOf(typed, session('   ')), 'Q3 pipeline');
    assert.equal(titleOf(typed), 'Q3 pipeline');
    assert.equal(titleOf(blank), 'Untitled');
  });

  it('created: says so with the server’s title, and whether reading back found it', () => {
    assert.deepEqual(outcomeReport({ kind: 'created', session: session('Named'), confirmedBy: 'answer' }, typed), {
      message: 'Created session “Named”.',
      severity: 'info',
      actions: ['Open Details'],
    });
    const found = outcomeReport({ kind: 'created', session: session(undefined), confirmedBy: 'readBack' }, typed);
    assert.equal(found.message, 'Created session “Q3 pipeline” (PG:AI’s answer was lost, but reading back found it).');
  });

  it('created but unseen: one candidate offers Refresh, several offer Pick', () => {
    const one = outcomeReport({ kind: 'createdUnseen', matches: [] }, typed);
    assert.equal(one.message, 'PG:AI created the session “Q3 pipeline”, but its answer did not include it. The view was refreshed; it appears there once PG:AI lists it.');
    assert.deepEqual([one.severity, one.actions], ['info', ['Refresh Sessions']]);
    const two = outcomeReport({ kind: 'createdUnseen', matches: [session('a', '1'), session('b', '2')] }, typed);
    assert.equal(two.message, 'PG:AI created the session “Q3 pipeline”, but did not say which of 2 new sessions with that title it is. The view was refreshed.');
    assert.deepEqual(two.actions, ['Pick the Session']);
  });

  it('ambiguous: never chooses; names the failure and how many look alike; no Try Again', () => {
    const error = withId('server', 'PG:AI had a problem (502).', { status: 502 });
    const one = outcomeReport({ kind: 'ambiguous', error, matches: [session('x')] }, typed);
    assert.equal(one.message, 'PG:AI answered with a server error (502) while creating “Q3 pipeline”, and a session with that title was created around then. It may be yours: look at it before trying again.');
    const three = outcomeReport({ kind: 'ambiguous', error: withId('timeout', 'late'), matches: [session('1', '1'), session('2', '2'), session('3', '3')] }, typed);
    assert.equal(three.message, 'PG:AI did not answer in time while creating “Q3 pipeline”, and 3 sessions with that title were created around then, so yours cannot be told apart. Pick yours, or refresh the view.');
    for (const report of [one, three]) {
      assert.equal(report.severity, 'error');
      assert.deepEqual(report.actions, ['Pick the Session', 'Refresh Sessions']);
    }
  });

  it('unknown: Refresh comes before Try Again, and the request id is kept', () => {
    const report = outcomeReport({ kind: 'unknown', error: withId('invalidResponse', 'Unreadable.'), readBackError: new Error('x') }, blank);
    assert.equal(report.message, 'PG:AI’s answer could not be read while creating “Untitled” (Unreadable. Request id: req-9.), and checking whether it was created failed too. Refresh the view before trying again, so that it is not created twice.');
    assert.deepEqual(report.actions, ['Refresh Sessions', 'Try Again']);
  });

  it('not created, uncertain: says "probably", offers Try Again', () => {
    const report = outcomeReport({ kind: 'notCreated', error: withId('cancelled', 'Cancelled.'), certain: false }, typed);
    assert.equal(report.message, 'The request was interrupted and the session “Q3 pipeline” is not among the newest sessions, so it was probably not created (Cancelled. Request id: req-9.).');
    assert.deepEqual([report.severity, report.actions, report.reopenNow], ['error', ['Try Again'], undefined]);
    const network = outcomeReport({ kind: 'notCreated', error: new PgaiError('connection', 'Refused.'), certain: false }, typed);
    assert.match(network.message, /^The connection failed and /);
  });

  it('not created, certain: 401/403 offer Update API Key; a 400 reopens the input with the server’s words', () => {
    const rejected = outcomeReport({ kind: 'notCreated', error: new PgaiError('auth', 'no', { status: 401 }), certain: true }, typed);
    assert.deepEqual(rejected, { message: 'Could not create the session: PG:AI rejected the API key (401).', severity: 'error', actions: ['Update API Key'] });
    const forbidden = outcomeReport({ kind: 'notCreated', error: new PgaiError('permission', 'no', { status: 403 }), certain: true }, typed);
    assert.equal(forbidden.message, 'Could not create the session: This API key lacks permission for agent sessions (403).');
    const bad = outcomeReport({ kind: 'notCreated', error: new PgaiError('badRequest', 'Bad request.', { status: 400, serverMessage: 'title too long' }), certain: true }, typed);
    assert.deepEqual(bad, { message: 'PG:AI did not accept the session: title too long.', severity: 'error', actions: ['Try Again'], reopenNow: true });
    const badPlain = outcomeReport({ kind: 'notCreated', error: new PgaiError('badRequest', 'Bad request.', { status: 400 }), certain: true }, typed);
    assert.equal(badPlain.message, 'PG:AI did not accept the session: Bad request.');
    const other = outcomeReport({ kind: 'notCreated', error: withId('rateLimited', 'Rate limited.', { status: 429 }), certain: true }, typed);
    assert.deepEqual(other, { message: 'Could not create the session: Rate limited. Request id: req-9.', severity: 'error', actions: ['Try Again'] });
  });

  it('a 400 about the title limit says it in words: the limit, the title’s length, what to do', () => {
    const long: CreateValues = { type: 'chat', title: 'x'.repeat(1_234), companyId: '' };
    const error = new PgaiError('badRequest', 'PG:AI rejected the request (400): title must be at most 500 characters.', { status: 400, serverMessage: 'title must be at most 500 characters' });
    const report = outcomeReport({ kind: 'notCreated', error, certain: true }, long, 'en-US');
    assert.deepEqual(report, {
      message: 'PG:AI accepts titles of up to 500 characters; this one has 1,234. Shorten it, or leave it empty for "Untitled".',
      severity: 'error',
      actions: ['Try Again'],
      reopenNow: true,
    });
    assert.match(outcomeReport({ kind: 'notCreated', error, certain: true }, long, 'de-DE').message, /this one has 1\.234\./, 'numbers in the user’s locale');
    // The server counts otherwise than this check (the title is within its stated limit): its words are quoted.
    assert.equal(outcomeReport({ kind: 'notCreated', error, certain: true }, typed).message, 'PG:AI did not accept the title: title must be at most 500 characters.');
  });

  it('a 400’s server text is one clean line, capped', () => {
    const error = new PgaiError('badRequest', 'x', { status: 400, serverMessage: `bad\n\u202Evalue ${'y'.repeat(1_000)}` });
    const { message } = outcomeReport({ kind: 'notCreated', error, certain: true }, typed);
    assert.ok(message.startsWith('PG:AI did not accept the session: bad value yyy'), message);
    assert.ok(message.length < 400, `${message.length}`);
    assert.doesNotMatch(message, /[\n\u202E]/);
  });

  it('cancelled: nothing to say', () => {
    assert.deepEqual(outcomeReport({ kind: 'cancelled' }, typed), { message: '', severity: 'info', actions: [] });
  });

  it('a server error without a status still reads as one', () => {
    const report = outcomeReport({ kind: 'unknown', error: new PgaiError('server', 'x'), readBackError: undefined }, typed);
    assert.match(report.message, /^PG:AI answered with a server error \(5xx\) while creating/);
  });

  it('log lines: ids, kinds and request ids, never the title', () => {
    const lines = [
      outcomeLogLine({ kind: 'created', session: session('Secret plan', 's-9'), confirmedBy: 'answer' }, 'chat'),
      outcomeLogLine({ kind: 'created', session: session('Secret plan', 's-9'), confirmedBy: 'readBack' }, 'email'),
      outcomeLogLine({ kind: 'cancelled' }, 'chat'),
      outcomeLogLine({ kind: 'createdUnseen', matches: [session('Secret plan')] }, 'chat'),
      outcomeLogLine({ kind: 'unknown', error: withId('timeout', 'Late.'), readBackError: new Error('also late') }, 'chat'),
      outcomeLogLine({ kind: 'notCreated', error: withId('server', 'Boom.', { status: 503 }), certain: false }, 'chat'),
    ];
    assert.deepEqual(lines, [
      { level: 'info', line: 'Created session s-9 (chat).' },
      { level: 'info', line: 'Created session s-9 (email), found by reading back after an unknown outcome.' },
      { level: 'info', line: 'Creating a session was cancelled.' },
      { level: 'warn', line: 'PG:AI answered 2xx to a create without the session; reading back found 1 candidate(s).' },
      { level: 'warn', line: 'Creating a session: outcome unknown (Late. Request id: req-9.); reading back failed: also late' },
      { level: 'warn', line: 'Creating a session: notCreated (server 503): Boom. Request id: req-9.' },
    ]);
    assert.ok(lines.every((l) => !l.line.includes('Secret plan')));
  });
});
