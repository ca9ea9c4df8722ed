// The edges of reading PG:AI's answers: what each unusable body is called in the message, which
// numbers count as a page, a size or a total, which field wins when two name the same thing, and
// how far down a nested list is looked for.
import assert from 'node:assert/strict';
import { PgaiError } from '../../../src/api/errors';
import { parseErrorBody, parseSession, parseSessionList, toSession } from '../../../src/api/parse';
import { session, sessions } from './builders';

const asked = { page: 1, perPage: 25 };

function failure(fn: () => unknown): PgaiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PgaiError, String(error));
    return error;
  }
  assert.fail('expected a PgaiError');
}

describe('api/parse: edges', () => {
  it('names what came instead of a list, and says the request reached the server', () => {
    const cases: [unknown, string][] = [
      [null, 'null'],
      [42, 'a number'],
      ['text', 'a string'],
      [true, 'a boolean'],
      [{ error: 'x' }, 'an object without a list of sessions'],
    ];
    for (const [body, described] of cases) {
      const error = failure(() => parseSessionList(body, asked));
      assert.equal(error.message, `PG:AI sent an unexpected response to the session list (${described}).`);
      assert.equal(error.kind, 'invalidResponse');
      assert.equal(error.mayHaveReachedServer, true);
    }
    const created = failure(() => parseSession({ ok: true }));
    assert.equal(created.message, 'PG:AI accepted the request but its reply did not include the new session.');
  });

  it('an explicit null list or `{}` is an empty last page with nothing skipped', () => {
    for (const body of [{ items: null }, { data: null, total: 0 }, {}]) {
      const page = parseSessionList(body, asked);
      assert.deepEqual([page.sessions.length, page.skipped, page.hasMore], [0, 0, false], JSON.stringify(body));
    }
  });

  it('looks for a nested list one level down only', () => {
    assert.equal(parseSessionList({ data: { items: [session(1)] } }, asked).sessions.length, 1);
    failure(() => parseSessionList({ data: { data: { items: [session(1)] } } }, asked));
    failure(() => parseSessionList({ results: { sessions: { items: [session(1)] } } }, asked));
  });

  it('reads numbers given as strings, and refuses blanks, words and infinities', () => {
    const page = (meta: Record<string, unknown>) => parseSessionList({ items: sessions(2), ...meta }, { page: 3, perPage: 10 });
    assert.equal(page({ total: ' 48 ' }).total, 48);
    assert.equal(page({ total: '' }).total, undefined);
    assert.equal(page({ total: '   ' }).total, undefined);
    assert.equal(page({ total: 'many' }).total, undefined);
    assert.equal(page({ total: 'Infinity' }).total, undefined);
    assert.equal(page({ total: Infinity }).total, undefined);
    assert.equal(page({ total: NaN }).total, undefined);
    assert.equal(page({ total: 0 }).total, 0, 'zero is a total');
    assert.equal(page({ total: -1 }).total, undefined);
    assert.equal(page({ total: true }).total, undefined);
    assert.equal(page({ page: '2' }).page, 2);
    assert.equal(page({ page: 1 }).page, 1, 'page 1 is a page');
    assert.equal(page({ page: 0 }).page, 3, 'page 0 is not: the asked page');
    assert.equal(page({ page: 1.5 }).page, 3);
    assert.equal(page({ per_page: '5' }).perPage, 5);
    assert.equal(page({ per_page: 0 }).perPage, 10);
  });

  it('the paging block wins over the top level; the top level fills what it lacks', () => {
    const page = parseSessionList({ items: sessions(2), page: 1, per_page: 2, total: 9, pagination: { page: 4, per_page: 3 } }, asked);
    assert.deepEqual([page.page, page.perPage, page.total], [4, 3, 9]);
    const meta = parseSessionList({ data: sessions(2), meta: { total: 5, page: 2 } }, asked);
    assert.deepEqual([meta.page, meta.total], [2, 5]);
    const nested = parseSessionList({ data: { items: sessions(2), page: 2 }, page: 7, total: 40 }, { page: 2, perPage: 2 });
    assert.deepEqual([nested.page, nested.total, nested.hasMore], [2, 40, true]);
  });

  it('next_page alone decides too; any non-null, non-false value means more', () => {
    const full = sessions(25);
    assert.equal(parseSessionList({ items: full, next_page: null }, asked).hasMore, false);
    assert.equal(parseSessionList({ items: sessions(2), next_page: 2 }, asked).hasMore, true);
    assert.equal(parseSessionList({ items: sessions(2), nextPage: 0 }, asked).hasMore, true);
    assert.equal(parseSessionList({ items: full, nextPage: false }, asked).hasMore, false);
    assert.equal(parseSessionList({ items: full, has_more: 'no' }, asked).hasMore, true, 'a non-boolean has_more is ignored');
    assert.equal(parseSessionList({ items: sessions(2), has_more: true }, asked).hasMore, true);
  });

  it('fields: a null or missing one falls back to its alias; numbers and booleans become text', () => {
    const s = toSession({ id: 0, title: null, name: 'Named', type: 7, session_type: 'chat', status: false, company_id: undefined, companyId: 'c-1', created_at: NaN, createdAt: 'x' });
    assert.deepEqual(
      { id: s?.id, title: s?.title, type: s?.type, status: s?.status, companyId: s?.companyId, createdAt: s?.createdAt },
      { id: '0', title: 'Named', type: '7', status: 'false', companyId: 'c-1', createdAt: undefined },
    );
    assert.equal(toSession({ id: 'a', title: '' })?.title, '', 'an empty title is a title');
    assert.equal(toSession({ id: 'a', updatedAt: 'u' })?.updatedAt, 'u');
    assert.equal(toSession({ id: 'a', updated_at: 'v', updatedAt: 'u' })?.updatedAt, 'v');
    assert.equal(toSession({ id: 'a', title: { text: 'x' } })?.title, undefined);
    for (const id of ['', '  ', Infinity, NaN, null, true, {}]) assert.equal(toSession({ id }), undefined, JSON.stringify(id));
    assert.equal(toSession({ id: ' a ' })?.id, ' a ', 'an id is kept as sent');
  });

  describe('parseErrorBody', () => {
    it('an error object without words falls through to the other fields', () => {
      assert.equal(parseErrorBody({ error: {}, message: 'outer' }), 'outer');
      assert.equal(parseErrorBody({ error: { message: ' ', detail: 'the detail' } }), 'the detail');
      assert.equal(parseErrorBody({ error: { type: 'quota' } }), 'quota');
      assert.equal(parseErrorBody({ error: '   ', message: 'm' }), 'm');
      assert.equal(parseErrorBody({ error_description: 'desc' }), 'desc');
    });

    it('the first readable entry of `errors`, text or object', () => {
      assert.equal(parseErrorBody({ errors: [{ code: 1 }, { message: 'second' }] }), 'second');
      assert.equal(parseErrorBody({ errors: ['', 'plain'] }), 'plain');
      assert.equal(parseErrorBody({ errors: [{}], detail: 'after' }), 'after');
    });

    it('keeps 300 characters whole and cuts 301 to 299 and an ellipsis', () => {
      assert.equal(parseErrorBody('x'.repeat(300)), 'x'.repeat(300));
      assert.equal(parseErrorBody('x'.repeat(301)), `${'x'.repeat(299)}…`);
    });
  });
});
