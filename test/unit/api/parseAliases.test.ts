// The second names PG:AI's other endpoints use for a session's fields, and a paging hint sent as
// null under its first name with a value under another.
import assert from 'node:assert/strict';
import { parseSessionList, toSession } from '../../../src/api/parse';
import { sessions } from './builders';

describe('api/parse: aliases', () => {
  it('reads session_type and createdAt when the first names are absent', () => {
    const s = toSession({ id: 'a', session_type: 'email', createdAt: '2026-03-01T00:00:00Z', companyId: 'c' });
    assert.deepEqual([s?.type, s?.createdAt, s?.companyId], ['email', '2026-03-01T00:00:00Z', 'c']);
  });

  it('a hint sent as null under one name gives way to the same hint under the next name', () => {
    const page = parseSessionList({ items: sessions(2), page: null, curPage: 2, per_page: null, limit: 2, total: null, itemsTotal: 9 }, { page: 1, perPage: 25 });
    assert.deepEqual([page.page, page.perPage, page.total, page.hasMore], [2, 2, 9, true]);
  });
});
