import * as assert from 'node:assert/strict';
import type { StreamSpec } from '../../../../src/core/sessions/layout';
import { SessionList } from '../../../../src/core/sessions/sessionList';
import { page, session, sessions } from './factories';

function stream(levels: StreamSpec['levels'] = ['status'], perPage = 3): SessionList {
  return new SessionList({ id: 't:chat', query: { perPage, type: 'chat' }, levels });
}

function ids(s: SessionList): string[] {
  return [...s.entries.keys()];
}

describe('core/sessions/sessionList', () => {
  it('buckets a page by status and tracks paging', () => {
    const s = stream();
    const list = [session({ status: 'completed' }), session({ status: 'running' }), session({ status: 'completed' })];
    const r = s.ingest(page(list, 1, 3, { total: 7, hasMore: true }), 1);
    assert.equal(r.structureChanged, true);
    assert.deepEqual([...r.touched].sort(), ['completed', 'running']);
    assert.equal(s.root.at(['completed'])?.count, 2);
    assert.equal(s.root.at(['running'])?.count, 1);
    assert.equal(s.nextPage, 2);
    assert.equal(s.total, 7);
    assert.equal(s.remaining, 4);
    assert.equal(s.hasMore, true);
  });

  it('dedupes across pages: a repeated id updates the stored copy, never duplicates', () => {
    const s = stream();
    const [a, b, c, d] = sessions(4);
    s.ingest(page([a, b, c], 1, 3), 1);
    // A session created meanwhile shifted the list: page 2 repeats c.
    const movedC = { ...c, status: 'failed', title: 'new title' };
    const r = s.ingest(page([movedC, d], 2, 3, { hasMore: false }), 2);
    assert.deepEqual(ids(s), [a.id, b.id, c.id, d.id]);
    assert.equal(s.loaded, 4);
    assert.equal(s.entry(c.id)?.session.title, 'new title');
    assert.deepEqual(s.root.at(['completed'])?.ids, [a.id, b.id, d.id]);
    assert.deepEqual(s.root.at(['failed'])?.ids, [c.id]);
    assert.equal(r.added, 1);
    assert.equal(s.hasMore, false);
    // Same id twice within one page.
    const e = session();
    s.ingest(page([e, { ...e, title: 'again' }], 3, 3, { hasMore: false }), 3);
    assert.equal(s.root.at(['completed'])?.ids.filter((id) => id === e.id).length, 1);
    assert.equal(s.entry(e.id)?.session.title, 'again');
  });

  it('empty buckets go away when their last session moves', () => {
    const s = stream();
    const a = session({ status: 'running' });
    s.ingest(page([a], 1, 3, { hasMore: false }), 1);
    const r = s.ingest(page([{ ...a, status: 'completed' }], 2, 3, { hasMore: false }), 2);
    assert.equal(r.structureChanged, true);
    assert.equal(s.root.at(['running']), undefined);
    assert.deepEqual(s.root.at(['completed'])?.ids, [a.id]);
  });

  it('stops paging when the server ignores `page` or sends an empty page', () => {
    const s = stream([]);
    const first = sessions(3);
    s.ingest(page(first, 1, 3), 1);
    assert.equal(s.hasMore, true);
    s.ingest(page(first, 1, 3), 2); // the same page again
    assert.equal(s.hasMore, false);
    assert.equal(s.loaded, 3);
    const t = stream([]);
    t.ingest(page(sessions(3), 1, 3), 1);
    t.ingest(page([], 2, 3, { hasMore: true }), 2);
    assert.equal(t.hasMore, false);
  });

  it('client-side filtered streams keep only accepted sessions and count rows searched', () => {
    const s = new SessionList({ id: 't:other', query: { perPage: 3 }, levels: [], accept: (x) => x.type === 'voice' });
    s.ingest(page([session({ type: 'chat' }), session({ type: 'voice' }), session({ type: 'plan' })], 1, 3, { total: 9, hasMore: true }), 1);
    assert.equal(s.loaded, 1);
    assert.equal(s.rowsSeen, 3);
    assert.equal(s.acceptsAll, false);
  });

  it('refresh (replaceFirst) puts page 1 first and keeps later pages and paging position', () => {
    const s = stream([], 2);
    const [a, b, c, d] = sessions(4);
    s.ingest(page([a, b], 1, 2, { total: 4, hasMore: true }), 1);
    s.ingest(page([c, d], 2, 2, { total: 4, hasMore: false }), 2);
    const n = session();
    // A new session n on top: page 1 is now [n, a]; b moved to page 2.
    const entryA = s.entry(a.id);
    s.replaceFirst(page([n, { ...a, title: 'A2' }], 1, 2, { total: 5, hasMore: true }));
    assert.deepEqual(ids(s), [n.id, a.id, b.id, c.id, d.id]);
    assert.equal(s.entry(a.id), entryA, 'entries keep their identity');
    assert.equal(s.entry(a.id)?.session.title, 'A2');
    assert.equal(s.nextPage, 3);
    assert.equal(s.total, 5);
    assert.equal(s.hasMore, true, 'one more row than loaded pages cover');
  });

  it('refresh whose page 1 is the whole list drops everything else', () => {
    const s = stream([], 2);
    const [a, b, c] = sessions(3);
    s.ingest(page([a, b], 1, 2), 1);
    s.ingest(page([c], 2, 2, { hasMore: false }), 2);
    s.replaceFirst(page([c], 1, 2, { hasMore: false }));
    assert.deepEqual(ids(s), [c.id]);
    assert.equal(s.hasMore, false);
    assert.equal(s.root.ids.length, 1);
  });

  it('prepend puts a created session on top of its bucket, once', () => {
    const s = stream();
    const list = sessions(3);
    s.ingest(page(list, 1, 3, { total: 3, hasMore: false }), 1);
    const created = session();
    s.prepend(created);
    assert.equal(s.root.at(['completed'])?.ids[0], created.id);
    assert.equal(ids(s)[0], created.id);
    assert.equal(s.total, 4);
    s.ingest(page([created], 2, 3, { hasMore: false }), 2);
    assert.equal(s.loaded, 4);
  });

  it('the same id twice in one page, kept then refused by the filter: no row without a session', () => {
    const spec: StreamSpec = { id: 't:other', query: { perPage: 3 }, accept: (x) => x.type === 'voice', levels: ['status'] };
    const twice = [session({ id: 'dup', type: 'voice' }), session({ id: 'dup', type: 'chat' }), session({ type: 'voice' })];
    const rows = (st: SessionList) => {
      const collect = (b: SessionList['root']): string[] => (b.children.size === 0 ? [...b.ids] : [...b.children.values()].flatMap(collect));
      return collect(st.root);
    };
    for (const load of [
      (st: SessionList) => st.ingest(page(twice, 1, 3, { hasMore: false }), 1),
      (st: SessionList) => {
        st.ingest(page(sessions(3, { type: 'voice' }), 1, 3, { hasMore: true }), 1);
        st.replaceFirst(page(twice, 1, 3, { hasMore: true }));
      },
      (st: SessionList) => st.replaceAll([page(twice, 1, 3, { hasMore: false })]),
    ]) {
      const st = new SessionList(spec);
      load(st);
      assert.ok(!st.entries.has('dup'), 'the refused copy is listed');
      assert.equal(rows(st).length, st.entries.size, `rows ${rows(st).join(',')} for ${[...st.entries.keys()].join(',')}`);
    }
  });

  describe('counts and paging after each kind of load', () => {
    it('prepend counts a new session in the total once, and an already loaded one not at all', () => {
      const s = stream();
      const [a, b, c] = sessions(3);
      s.ingest(page([a, b, c], 1, 3, { total: 10, hasMore: true }), 1);
      const created = session();
      s.prepend(created);
      assert.equal(s.total, 11);
      s.prepend(created);
      assert.equal(s.total, 11, 'the same session again');
      s.prepend({ ...b, title: 'edited' });
      assert.equal(s.total, 11, 'a session already loaded');
      assert.deepEqual(ids(s).slice(0, 2), [b.id, created.id]);
    });

    it('pagesLoaded and nextPage count up with each page', () => {
      const s = stream();
      s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
      assert.deepEqual([s.pagesLoaded, s.nextPage], [1, 2]);
      s.ingest(page(sessions(3), 2, 3, { hasMore: true }), 2);
      assert.deepEqual([s.pagesLoaded, s.nextPage], [2, 3]);
    });

    it('takes the page size the server reports on the first page', () => {
      const s = stream(['status'], 25);
      s.ingest(page(sessions(10), 1, 10, { hasMore: true, total: 40 }), 1);
      assert.equal(s.perPage, 10);
      assert.equal(s.remaining, 30, 'what remains is counted in the server’s pages');
      // A later page does not change it.
      s.ingest(page(sessions(5), 2, 5, { hasMore: true, total: 40 }), 2);
      assert.equal(s.perPage, 10);
    });

    it('after a refreshed first page: Load more continues where it was, as far as the total says', () => {
      const fresh = () => {
        const s = stream();
        s.ingest(page(sessions(3), 1, 3, { hasMore: true }), 1);
        s.ingest(page(sessions(3), 2, 3, { hasMore: true }), 2);
        return s;
      };
      // The total says there is more past page 2.
      let s = fresh();
      s.replaceFirst(page(sessions(3), 1, 3, { hasMore: true, total: 7 }));
      assert.deepEqual([s.nextPage, s.hasMore], [3, true]);
      // The total says page 2 was the last.
      s = fresh();
      s.replaceFirst(page(sessions(3), 1, 3, { hasMore: true, total: 6 }));
      assert.deepEqual([s.nextPage, s.hasMore], [3, false]);
      // No total: what was known before stays.
      s = fresh();
      s.replaceFirst(page(sessions(3), 1, 3, { hasMore: true }));
      assert.equal(s.hasMore, true);
      // Only page 1 was loaded: more, whatever the total says about later pages.
      s = stream();
      s.ingest(page(sessions(3), 1, 3, { hasMore: false }), 1);
      s.replaceFirst(page(sessions(3), 1, 3, { hasMore: true, total: 3 }));
      assert.deepEqual([s.nextPage, s.hasMore], [2, true]);
      // The refreshed page is the whole list: exactly that page, nothing more.
      s = fresh();
      s.replaceFirst(page(sessions(2), 1, 3, { hasMore: false, total: 2 }));
      assert.deepEqual([s.loaded, s.pagesLoaded, s.nextPage, s.hasMore], [2, 1, 2, false]);
    });
  });
});
