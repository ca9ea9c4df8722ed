// What a stream holds after each kind of load, on the edges: the order of updated sessions,
// which buckets a change touches, when paging ends, what a refreshed page 1 keeps under each
// sort, and the counts a reload reports.
import * as assert from 'node:assert/strict';
import type { Session } from '../../../../src/api/types';
import type { StreamSpec } from '../../../../src/core/sessions/layout';
import { SessionList } from '../../../../src/core/sessions/sessionList';
import { page, session, sessions } from './factories';

function list(levels: StreamSpec['levels'] = ['status'], perPage = 3, query: Partial<StreamSpec['query']> = {}, accept?: StreamSpec['accept']): SessionList {
  return new SessionList({ id: 't:chat', query: { perPage, type: 'chat', ...query }, levels, ...(accept ? { accept } : {}) });
}

const ids = (s: SessionList) => [...s.entries.keys()];

describe('core/sessions/sessionList: paging edges', () => {
  it('before anything is loaded: page 1 next, more may come, the asked page size, no total', () => {
    const s = list(['status'], 7);
    assert.deepEqual([s.pagesLoaded, s.nextPage, s.hasMore, s.perPage, s.total, s.remaining, s.loaded, s.rowsSeen], [0, 1, true, 7, undefined, undefined, 0, 0]);
    assert.equal(list([], 500).perPage, 50, 'clamped to what PG:AI allows');
  });

  it('no total from the server: nothing is said to remain', () => {
    const s = list();
    s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
    assert.equal(s.remaining, undefined);
    s.ingest(page(sessions(3), 2, 3, { hasMore: true, total: 10 }), 2);
    assert.equal(s.remaining, 4);
  });

  it('an updated session keeps its place and touches only its bucket; a flat stream touches none', () => {
    const [a, b, c] = sessions(3);
    const s = list();
    s.ingest(page([a, b, c], 1, 3, { hasMore: true }), 1);
    const r = s.ingest(page([{ ...a, title: 'edited' }, session()], 2, 3, { hasMore: true }), 2);
    assert.deepEqual(ids(s).slice(0, 3), [a.id, b.id, c.id]);
    assert.equal(r.structureChanged, false);
    assert.deepEqual([...r.touched], ['completed']);
    assert.deepEqual(s.root.at(['completed'])?.ids.slice(0, 3), [a.id, b.id, c.id]);
    const flat = list([]);
    flat.ingest(page([a, b, c], 1, 3, { hasMore: true }), 1);
    const f = flat.ingest(page([{ ...b, title: 'edited' }, session()], 2, 3, { hasMore: true }), 2);
    assert.deepEqual([...f.touched], []);
    assert.deepEqual(ids(flat).slice(0, 3), [a.id, b.id, c.id]);
    assert.equal(flat.entry(b.id)?.session.title, 'edited');
  });

  it('a session leaving the last one of its status: that bucket goes (the shape changed), both buckets touched', () => {
    const a = session({ status: 'running' });
    const b = session({ status: 'completed' });
    const s = list();
    s.ingest(page([a, b], 1, 3, { hasMore: true }), 1);
    const r = s.ingest(page([{ ...a, status: 'completed' }], 2, 3, { hasMore: true }), 2);
    assert.equal(r.structureChanged, true);
    assert.deepEqual([...r.touched].sort(), ['completed', 'running']);
    assert.deepEqual([...s.root.children.keys()], ['completed']);
    assert.deepEqual(s.root.at(['completed'])?.ids, [b.id, a.id]);
  });

  it('a session the filter no longer accepts is removed, touching its bucket', () => {
    const a = session({ type: 'voice' });
    const b = session({ type: 'voice', status: 'running' });
    const s = list(['status'], 3, {}, (x) => x.type === 'voice');
    s.ingest(page([a, b], 1, 3, { hasMore: true }), 1);
    const r = s.ingest(page([{ ...b, type: 'chat' }, session({ type: 'chat' })], 2, 3, { hasMore: true }), 2);
    assert.deepEqual(ids(s), [a.id]);
    assert.equal(r.structureChanged, true);
    assert.deepEqual([...r.touched], ['running']);
    assert.equal(s.rowsSeen, 4);
  });

  it('a later page with nothing new ends paging; page 1 again does not; one new id keeps it going', () => {
    const [a, b, c, d] = sessions(4);
    const s = list();
    s.ingest(page([a, b, c], 1, 3, { hasMore: true }), 1);
    s.ingest(page([a, b, c], 1, 3, { hasMore: true }), 1);
    assert.equal(s.hasMore, true, 'page 1 asked again is no sign of a server ignoring `page`');
    const going = list();
    going.ingest(page([a, b, c], 1, 3, { hasMore: true }), 1);
    going.ingest(page([c, d], 2, 3, { hasMore: true }), 2);
    assert.equal(going.hasMore, true);
    going.ingest(page([c, d], 3, 3, { hasMore: true }), 3);
    assert.equal(going.hasMore, false);
  });

  it('keeps the asked page size when the first page reports none', () => {
    const s = list(['status'], 3);
    s.ingest(page(sessions(3), 1, 0, { hasMore: true, total: 9 }), 1);
    assert.equal(s.perPage, 3);
    assert.equal(s.remaining, 6);
  });

  it('prepend without a server total leaves it unknown', () => {
    const s = list();
    s.ingest(page(sessions(2), 1, 3, { hasMore: false }), 1);
    s.prepend(session());
    assert.equal(s.total, undefined);
  });

  describe('replaceFirst', () => {
    it('always says the shape changed (the buckets are rebuilt), also for a flat stream', () => {
      const s = list([]);
      s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
      assert.equal(s.replaceFirst(page(sessions(3), 1, 3, { hasMore: true })).structureChanged, true);
    });

    it('an empty page 1 is the whole (empty) list, even if it says more would follow', () => {
      const s = list();
      s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
      s.ingest(page(sessions(3), 2, 3, { hasMore: true }), 2);
      s.replaceFirst(page([], 1, 3, { hasMore: true }));
      assert.deepEqual([s.loaded, s.pagesLoaded, s.nextPage, s.hasMore, s.rowsSeen], [0, 1, 2, false, 0]);
    });

    it('counts the sessions it added, never a negative number', () => {
      const s = list();
      const [a, b, c] = sessions(3);
      s.ingest(page([a, b, c], 1, 3, { hasMore: false }), 1);
      assert.equal(s.replaceFirst(page([a], 1, 3, { hasMore: false })).added, 0);
      assert.equal(s.replaceFirst(page([a, b, c], 1, 3, { hasMore: false })).added, 2);
      const more = list();
      more.ingest(page([a, b, c], 1, 3, { hasMore: true }), 1);
      assert.equal(more.replaceFirst(page([session(), session(), a], 1, 3, { hasMore: true })).added, 2);
    });

    it('the sessions of a whole-list page 1 count as seen: a later page repeating them ends paging', () => {
      const [a, b] = sessions(2);
      const s = list();
      s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
      s.replaceFirst(page([a, b], 1, 3, { hasMore: false }));
      s.ingest(page([a, b], 2, 3, { hasMore: true }), 2);
      assert.equal(s.hasMore, false);
    });

    it('the sessions of a partial page 1 count as seen too: a page 2 of only them ends paging', () => {
      const old = sessions(6);
      const s = list();
      s.ingest(page(old.slice(0, 3), 1, 3, { hasMore: true }), 1);
      s.ingest(page(old.slice(3), 2, 3, { hasMore: true }), 2);
      const fresh = session();
      s.replaceFirst(page([fresh, old[0], old[1]], 1, 3, { hasMore: true }));
      assert.equal(s.hasMore, true);
      s.ingest(page([fresh], 3, 3, { hasMore: true }), 3);
      assert.equal(s.hasMore, false);
    });

    it('a loaded session now on page 1 but refused by the filter goes, whatever the sort', () => {
      const x = session({ type: 'voice' });
      const s = list(['status'], 3, { sortBy: 'title' }, (v) => v.type === 'voice');
      s.ingest(page([x, session({ type: 'voice' })], 1, 3, { hasMore: true }), 1);
      s.replaceFirst(page([{ ...x, type: 'chat' }, session({ type: 'voice' }), session({ type: 'voice' })], 1, 3, { hasMore: true }));
      assert.equal(s.entries.has(x.id), false);
    });

    /** Page 1 ends at 10:00; one loaded session before it, one after, one without the time. */
    function refreshed(sortBy: string, sortOrder: string, field: 'createdAt' | 'updatedAt'): { kept: string[]; s: SessionList; before: Session; after: Session; blank: Session } {
      const at = (hh: number) => `2026-03-01T${String(hh).padStart(2, '0')}:00:00.000Z`;
      const mk = (hh: number | undefined) => session(hh === undefined ? { [field]: undefined } : { [field]: at(hh) });
      const before = mk(8);
      const after = mk(12);
      const blank = mk(undefined);
      const s = list([], 3, { sortBy, sortOrder });
      s.ingest(page([before, after, blank], 1, 3, { hasMore: true }), 1);
      const firstPage = sortOrder === 'asc' ? [mk(7), mk(9), mk(10)] : [mk(14), mk(11), mk(10)];
      s.replaceFirst(page(firstPage, 1, 3, { hasMore: true }));
      const kept = [before, after, blank].filter((x) => s.entries.has(x.id)).map((x) => (x === before ? 'before' : x === after ? 'after' : 'blank'));
      return { kept, s, before, after, blank };
    }

    it('newest created first: a loaded session newer than page 1’s end has left; an older one may be further down', () => {
      assert.deepEqual(refreshed('created_at', 'desc', 'createdAt').kept, ['before', 'blank']);
    });

    it('oldest created first: a loaded session older than page 1’s end has left; a newer one may be further down', () => {
      assert.deepEqual(refreshed('created_at', 'asc', 'createdAt').kept, ['after', 'blank']);
    });

    it('newest update first: judged by the update time', () => {
      assert.deepEqual(refreshed('updated_at', 'desc', 'updatedAt').kept, ['before', 'blank']);
      assert.deepEqual(refreshed('updated_at', undefined as unknown as string, 'updatedAt').kept, ['before', 'blank'], 'desc is the default');
    });

    it('oldest update first, or by title: anything may have moved, everything stays', () => {
      assert.deepEqual(refreshed('updated_at', 'asc', 'updatedAt').kept, ['before', 'after', 'blank']);
      assert.deepEqual(refreshed('title', 'desc', 'createdAt').kept, ['before', 'after', 'blank']);
    });

    it('a page 1 whose last session has no time keeps everything', () => {
      const s = list([], 3, { sortBy: 'created_at', sortOrder: 'desc' });
      const newer = session({ createdAt: '2026-03-05T00:00:00.000Z' });
      s.ingest(page([newer, session(), session()], 1, 3, { hasMore: true }), 1);
      s.replaceFirst(page([session(), session({ createdAt: undefined })], 1, 2, { hasMore: true }));
      assert.equal(s.entries.has(newer.id), true);
    });
  });

  describe('replaceAll', () => {
    it('a second page repeating the first ends the stream there', () => {
      const [a, b, c] = sessions(3);
      const s = list();
      const r = s.replaceAll([page([a, b, c], 1, 3, { hasMore: true }), page([a, b, c], 2, 3, { hasMore: true })]);
      assert.deepEqual([s.loaded, s.pagesLoaded, s.nextPage, s.hasMore, s.rowsSeen], [3, 1, 2, false, 3]);
      assert.equal(r.added, 3);
    });

    it('an empty last page counts as a page and ends the stream, whatever it says', () => {
      const s = list();
      s.replaceAll([page(sessions(3), 1, 3, { hasMore: true }), page([], 2, 3, { hasMore: true, total: 3 })]);
      assert.deepEqual([s.loaded, s.pagesLoaded, s.nextPage, s.hasMore, s.total], [3, 2, 3, false, 3]);
    });

    it('two full pages: two pages loaded, more to come as the last one says', () => {
      const s = list([]);
      const r = s.replaceAll([page(sessions(3), 1, 3, { hasMore: true }), page(sessions(3), 2, 3, { hasMore: true, total: 9 })]);
      assert.deepEqual([s.loaded, s.pagesLoaded, s.nextPage, s.hasMore, s.total], [6, 2, 3, true, 9]);
      assert.equal(r.structureChanged, true);
    });

    it('nothing at all: one (empty) page, no more, no total', () => {
      const s = list();
      s.ingest(page(sessions(3), 1, 3, { hasMore: true, total: 5 }), 1);
      const r = s.replaceAll([]);
      assert.deepEqual([s.loaded, s.pagesLoaded, s.nextPage, s.hasMore, s.total, s.perPage], [0, 1, 1, false, undefined, 3]);
      assert.equal(r.added, 0);
    });

    it('takes the page size of its first page, when it reports one', () => {
      const s = list([], 3);
      s.replaceAll([page(sessions(2), 1, 10, { hasMore: false })]);
      assert.equal(s.perPage, 10);
      s.replaceAll([page(sessions(2), 1, 0, { hasMore: false })]);
      assert.equal(s.perPage, 10);
    });

    it('counts what it added beyond what was loaded', () => {
      const s = list([]);
      s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
      assert.equal(s.replaceAll([page(sessions(3), 1, 3, { hasMore: true }), page(sessions(2), 2, 3, { hasMore: false })]).added, 2);
      assert.equal(s.replaceAll([page(sessions(1), 1, 3, { hasMore: false })]).added, 0);
    });
  });
});
