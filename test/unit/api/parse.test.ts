import assert from 'node:assert/strict';
import { isPgaiError } from '../../../src/api/errors';
import { parseErrorBody, parseSession, parseSessionList } from '../../../src/api/parse';
import { envelopes, session, sessions } from './builders';

const asked = { page: 1, perPage: 25 };

function assertInvalid(fn: () => unknown): void {
  assert.throws(fn, (error: unknown) => isPgaiError(error, 'invalidResponse'));
}

describe('parseSessionList', () => {
  it('reads the {items,total,page,per_page} envelope', () => {
    const page = parseSessionList(envelopes.items(sessions(25), { total: 48, page: 1, perPage: 25 }), asked);
    assert.equal(page.sessions.length, 25);
    assert.equal(page.total, 48);
    assert.equal(page.page, 1);
    assert.equal(page.perPage, 25);
    assert.equal(page.hasMore, true);
    assert.equal(page.skipped, 0);
    const last = parseSessionList(envelopes.items(sessions(23, 26), { total: 48, page: 2, perPage: 25 }), { page: 2, perPage: 25 });
    assert.equal(last.hasMore, false);
    assert.equal(last.sessions[0].id, 'sess-26');
  });

  it('reads the territories envelope and trusts nextPage', () => {
    const first = parseSessionList(envelopes.territories(sessions(10), 1, 10, 25), { page: 1, perPage: 10 });
    assert.equal(first.total, 25);
    assert.equal(first.hasMore, true);
    const last = parseSessionList(envelopes.territories(sessions(5, 21), 3, 10, 25), { page: 3, perPage: 10 });
    assert.equal(last.hasMore, false);
    assert.equal(last.page, 3);
    // nextPage null wins over a full page.
    const full = parseSessionList({ ...envelopes.territories(sessions(10), 1, 10, 10), nextPage: null }, { page: 1, perPage: 10 });
    assert.equal(full.hasMore, false);
  });

  it('reads {data, pagination} with per_page or limit', () => {
    const a = parseSessionList(envelopes.dataPagination(sessions(20), 1, 20, 156), { page: 1, perPage: 20 });
    assert.deepEqual([a.sessions.length, a.total, a.perPage, a.hasMore], [20, 156, 20, true]);
    const b = parseSessionList(envelopes.dataLimit(sessions(2), 1, 25, 2), asked);
    assert.deepEqual([b.sessions.length, b.total, b.perPage, b.hasMore], [2, 2, 25, false]);
  });

  it('reads a bare array, using the page size to find the last page', () => {
    const full = parseSessionList(sessions(25), asked);
    assert.equal(full.sessions.length, 25);
    assert.equal(full.total, undefined);
    assert.equal(full.hasMore, true);
    const short = parseSessionList(sessions(24), asked);
    assert.equal(short.hasMore, false);
  });

  it('reads the list nested one level under data', () => {
    const page = parseSessionList(envelopes.nestedData(sessions(3), 2, 3, 9), { page: 2, perPage: 3 });
    assert.deepEqual(page.sessions.map((s) => s.id), ['sess-1', 'sess-2', 'sess-3']);
    assert.equal(page.total, 9);
    assert.equal(page.hasMore, true);
    assert.equal(parseSessionList(envelopes.nestedData(sessions(3), 3, 3, 9), { page: 3, perPage: 3 }).hasMore, false);
  });

  it('treats {} (the documented example) and empty lists as an empty last page', () => {
    for (const body of [{}, [], { items: [] }, { data: [] }, { data: {} }, { items: null, total: 0 }]) {
      const page = parseSessionList(body, asked);
      assert.equal(page.sessions.length, 0, JSON.stringify(body));
      assert.equal(page.hasMore, false, JSON.stringify(body));
    }
    // Even when a total claims more.
    assert.equal(parseSessionList({ items: [], total: 99, page: 1 }, asked).hasMore, false);
  });

  it('skips items that are not objects or have no usable id, and counts them', () => {
    const body = { items: [session(1), null, 'x', 42, [session(2)], { title: 'no id' }, { id: '' }, { id: { nested: 1 } }, { id: true }, session(3)] };
    const page = parseSessionList(body, asked);
    assert.deepEqual(page.sessions.map((s) => s.id), ['sess-1', 'sess-3']);
    assert.equal(page.skipped, 8);
  });

  it('turns number ids into strings and normalises known fields', () => {
    const page = parseSessionList(
      [{ id: 7, title: null, type: 'plan', status: 3, company_id: 'c-1', created_at: '2026-02-01T00:00:00Z', updated_at: { x: 1 } }],
      asked,
    );
    const [s] = page.sessions;
    assert.equal(s.id, '7');
    assert.equal(s.title, undefined);
    assert.equal(s.type, 'plan');
    assert.equal(s.status, '3');
    assert.equal(s.companyId, 'c-1');
    assert.equal(s.createdAt, '2026-02-01T00:00:00Z');
    assert.equal(s.updatedAt, undefined);
  });

  it('keeps every field, known or not, in raw', () => {
    const item = session(1, { workspace: { id: 'w' }, tokens: 12, title: 'T' });
    const [s] = parseSessionList([item], asked).sessions;
    assert.deepEqual(s.raw, item);
    assert.equal(s.title, 'T');
  });

  it('uses pageTotal and total when there is no nextPage', () => {
    assert.equal(parseSessionList({ items: sessions(5), page: 2, pageTotal: 3 }, { page: 2, perPage: 5 }).hasMore, true);
    assert.equal(parseSessionList({ items: sessions(5), page: 3, pageTotal: 3 }, { page: 3, perPage: 5 }).hasMore, false);
    // total wins over the page-size rule: a full page that reaches the total is the last.
    assert.equal(parseSessionList({ items: sessions(5), total: 10 }, { page: 2, perPage: 5 }).hasMore, false);
    // a short page with a larger total still has more (server caps page size).
    assert.equal(parseSessionList({ items: sessions(3), total: 10 }, { page: 1, perPage: 5 }).hasMore, true);
  });

  it('falls back to the asked page and size when the server does not say', () => {
    const page = parseSessionList({ items: sessions(2), page: 'x', per_page: -4 }, { page: 4, perPage: 10 });
    assert.equal(page.page, 4);
    assert.equal(page.perPage, 10);
  });

  describe('each paging hint decides on its own (fixtures that disagree with the fallbacks)', () => {
    // Five items on a page of 25: alone, that says "last page". Each hint below says otherwise.
    const five = sessions(5);
    const more = (body: Record<string, unknown>, at = asked) => parseSessionList({ items: five, ...body }, at).hasMore;

    it('nextPage and next_page: present and not null means more, null or false means no more', () => {
      assert.equal(more({ nextPage: 2 }), true);
      assert.equal(more({ next_page: 2 }), true);
      assert.equal(more({ next_page: 'https://api.example/next' }), true);
      assert.equal(parseSessionList({ items: sessions(25), nextPage: null }, asked).hasMore, false, 'null wins over a full page');
      assert.equal(parseSessionList({ items: sessions(25), next_page: false }, asked).hasMore, false);
      // It wins over a total that says otherwise, both ways.
      assert.equal(more({ nextPage: 2, total: 5 }), true);
      assert.equal(parseSessionList({ items: sessions(25), nextPage: null, total: 500 }, asked).hasMore, false);
    });

    it('has_more, hasMore, has_next, hasNext (booleans only)', () => {
      for (const key of ['has_more', 'hasMore', 'has_next', 'hasNext']) {
        assert.equal(more({ [key]: true }), true, key);
        assert.equal(parseSessionList({ items: sessions(25), [key]: false }, asked).hasMore, false, key);
      }
      assert.equal(more({ has_more: 'yes' }), false, 'a string is not a boolean');
    });

    it('total_pages, totalPages, pageTotal, page_count against the page', () => {
      for (const key of ['total_pages', 'totalPages', 'pageTotal', 'page_count']) {
        assert.equal(more({ [key]: 3, page: 2 }), true, key);
        assert.equal(more({ [key]: 3, page: 3 }), false, key);
      }
    });

    it('page, curPage, current_page, currentPage: the page the server says it sent', () => {
      for (const key of ['page', 'curPage', 'current_page', 'currentPage']) {
        assert.equal(parseSessionList({ items: five, [key]: 4 }, asked).page, 4, key);
      }
      // With total, the server's page decides: page 4 of 5-item pages with 18 in all is the last.
      assert.equal(parseSessionList({ items: five, page: 4, per_page: 5, total: 18 }, asked).hasMore, false);
      assert.equal(parseSessionList({ items: five, page: 3, per_page: 5, total: 18 }, asked).hasMore, true);
    });

    it('per_page, perPage, limit, page_size, pageSize: the size the server used', () => {
      for (const key of ['per_page', 'perPage', 'limit', 'page_size', 'pageSize']) {
        const page = parseSessionList({ items: five, [key]: 5 }, asked);
        assert.equal(page.perPage, 5, key);
        // A full page at the server's size (5), not ours (25): maybe more.
        assert.equal(page.hasMore, true, key);
      }
      assert.equal(parseSessionList({ pagination: { limit: 5 }, data: five }, asked).perPage, 5, 'under pagination');
    });

    it('total, itemsTotal, total_count, totalCount', () => {
      for (const key of ['total', 'itemsTotal', 'total_count', 'totalCount']) {
        const page = parseSessionList({ items: five, [key]: 30 }, asked);
        assert.equal(page.total, 30, key);
        assert.equal(page.hasMore, true, key);
      }
    });
  });

  it('rejects bodies with no recognisable list', () => {
    for (const body of ['text', 42, true, null, { error: 'x' }, { items: 5 }, { data: { id: 's1' } }, { id: 's1' }]) {
      assertInvalid(() => parseSessionList(body, asked));
    }
  });
});

describe('parseSession', () => {
  it('reads a bare object and tolerates a data or session wrapper', () => {
    assert.equal(parseSession(session(9)).id, 'sess-9');
    assert.equal(parseSession({ data: session(8) }).id, 'sess-8');
    assert.equal(parseSession({ session: { id: 5 } }).id, '5');
  });

  it('fails with invalidResponse that may have reached the server when no id is present', () => {
    for (const body of [{}, { title: 'x' }, [], 'x', null, { data: {} }]) {
      assert.throws(
        () => parseSession(body),
        (error: unknown) => isPgaiError(error, 'invalidResponse') && error.mayHaveReachedServer,
      );
    }
  });
});

describe('parseErrorBody', () => {
  it('reads both documented shapes and common fallbacks', () => {
    assert.equal(parseErrorBody({ error: 'Contact not found' }), 'Contact not found');
    assert.equal(parseErrorBody({ error: { type: 'authorization_error', code: 'forbidden', message: 'No scope' } }), 'No scope');
    assert.equal(parseErrorBody({ error: { type: 'authorization_error', code: 'forbidden' } }), 'forbidden');
    assert.equal(parseErrorBody({ message: 'Bad page' }), 'Bad page');
    assert.equal(parseErrorBody({ detail: 'Nope' }), 'Nope');
    assert.equal(parseErrorBody({ errors: [{ message: 'first' }] }), 'first');
    assert.equal(parseErrorBody('  plain\n text '), 'plain text');
  });

  it('returns undefined when there is no message', () => {
    for (const body of [undefined, null, {}, { error: '' }, { error: {} }, 42, [], { message: 5 }]) {
      assert.equal(parseErrorBody(body), undefined, JSON.stringify(body));
    }
  });

  it('shortens very long messages', () => {
    const message = parseErrorBody({ error: 'x'.repeat(5000) });
    assert.ok(message !== undefined && message.length <= 300);
  });
});
