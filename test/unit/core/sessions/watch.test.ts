// Watched ids (per origin, bounded, robust to garbage in the store) and the tracker that turns
// observations of watched sessions into transitions worth telling.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Session } from '../../../../src/api/types';
import { statusKind } from '../../../../src/core/sessions/statusInfo';
import type { IdStore } from '../../../../src/core/idList';
import { WATCHED_MAX, WatchedIds, watchedKey, WatchTracker } from '../../../../src/core/sessions/watch';
import { session } from './factories';

class MemoryStore implements IdStore {
  readonly map = new Map<string, unknown>();
  writes = 0;
  get(key: string): unknown {
    return this.map.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.map.set(key, value);
    return Promise.resolve();
  }
}

const A = 'https://a.example';
const B = 'https://b.example';

function tracker(...watched: string[]): { tracker: WatchTracker; ids: Set<string> } {
  const ids = new Set(watched);
  return { tracker: new WatchTracker((id) => ids.has(id)), ids };
}

const as = (s: Session, status: string | undefined): Session => ({ ...s, status });

describe('core/sessions/watch', () => {
  describe('WatchedIds', () => {
    it('keeps ids per origin, most recent first, and writes only arrays of ids', () => {
      const store = new MemoryStore();
      const ids = new WatchedIds(store);
      ids.setOrigin(A);
      ids.add('one');
      ids.add('two');
      ids.setOrigin(B);
      assert.deepEqual(ids.ids(), []);
      ids.add('three');
      assert.deepEqual(store.map.get(watchedKey(A)), ['two', 'one']);
      assert.deepEqual(store.map.get(watchedKey(B)), ['three']);
      // A restart: a new instance reads what was kept.
      const again = new WatchedIds(store);
      again.setOrigin(A);
      assert.ok(again.has('one') && again.has('two') && !again.has('three'));
      assert.equal(again.remove('one'), true);
      assert.equal(again.remove('one'), false);
      assert.deepEqual(store.map.get(watchedKey(A)), ['two']);
    });

    it('watches nothing without an origin', () => {
      const store = new MemoryStore();
      const ids = new WatchedIds(store);
      ids.setOrigin(undefined);
      assert.equal(ids.add('one'), false);
      assert.equal(ids.has('one'), false);
      assert.equal(store.writes, 0);
    });

    it('is bounded: the most recently watched stay', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 400 }), (added) => {
          const store = new MemoryStore();
          const ids = new WatchedIds(store, undefined, 20);
          ids.setOrigin(A);
          for (const id of added) ids.add(id);
          const kept = ids.ids();
          assert.ok(kept.length <= 20);
          assert.equal(new Set(kept).size, kept.length);
          const expected = [...new Set([...added].reverse())].slice(0, 20);
          assert.deepEqual([...kept], expected);
        }),
      );
      const ids = new WatchedIds(new MemoryStore());
      ids.setOrigin(A);
      for (let i = 0; i < WATCHED_MAX + 50; i++) ids.add(`id-${i}`);
      assert.equal(ids.ids().length, WATCHED_MAX);
      assert.ok(ids.has(`id-${WATCHED_MAX + 49}`) && !ids.has('id-0'));
    });

    it('reads garbage in the store as what is usable in it, and never throws', () => {
      fc.assert(
        fc.property(fc.anything(), (garbage) => {
          const store = new MemoryStore();
          store.map.set(watchedKey(A), garbage);
          const ids = new WatchedIds(store);
          ids.setOrigin(A);
          for (const id of ids.ids()) assert.equal(typeof id, 'string');
          ids.add('fresh');
          assert.ok(ids.has('fresh'));
          assert.ok((store.map.get(watchedKey(A)) as unknown[]).every((id) => typeof id === 'string'));
        }),
      );
      const store = new MemoryStore();
      store.map.set(watchedKey(A), ['ok', 7, null, '', 'x'.repeat(1000), 'ok', { id: 'no' }]);
      const ids = new WatchedIds(store);
      ids.setOrigin(A);
      assert.deepEqual(ids.ids(), ['ok']);
    });

    it('a store that throws or rejects is reported, not thrown', async () => {
      const errors: unknown[] = [];
      const ids = new WatchedIds({ get: () => { throw new Error('get'); }, update: () => Promise.reject(new Error('update')) }, (e) => errors.push(e));
      ids.setOrigin(A);
      ids.add('one');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(errors.map((e) => (e as Error).message), ['get', 'update']);
      assert.ok(ids.has('one'));
    });
  });

  describe('WatchTracker', () => {
    it('tells a watched session that finishes or needs input, once', () => {
      const s = session({ id: 'w', status: 'running' });
      const { tracker: t } = tracker('w');
      assert.deepEqual(t.observe([s], true), []);
      assert.deepEqual(t.observe([as(s, 'running')], false), []);
      const [done] = t.observe([as(s, 'completed')], false);
      assert.equal(done.to, 'completed');
      assert.equal(done.from, 'running');
      assert.deepEqual(t.observe([as(s, 'completed')], false), [], 'the same kind again is no change');
      assert.equal(t.observe([as(s, 'waiting_for_input')], false)[0]?.to, 'needsInput');
    });

    it('records a first sighting, a baseline and an in-progress change without telling', () => {
      const { tracker: t } = tracker('w', 'v');
      assert.deepEqual(t.observe([session({ id: 'w', status: 'completed' })], false), [], 'first seen');
      assert.deepEqual(t.observe([session({ id: 'v', status: 'queued' })], false), []);
      assert.deepEqual(t.observe([session({ id: 'v', status: 'running' })], false), [], 'queued → running');
      assert.deepEqual(t.observe([session({ id: 'v', status: 'failed' })], true), [], 'baseline');
      assert.deepEqual(t.observe([session({ id: 'x', status: 'queued' })], false), []);
      assert.deepEqual(t.observe([session({ id: 'x', status: 'failed' })], false), [], 'not watched');
    });

    it('a watched session first seen after the baseline, updated since it, tells (watched before a restart)', () => {
      const { tracker: t } = tracker('w', 'old', 'busy');
      assert.deepEqual(t.observe([session({ id: 'other', status: 'running', updatedAt: '2026-12-01T10:00:00.000Z' })], true), []);
      const [told] = t.observe([session({ id: 'w', status: 'completed', updatedAt: '2026-12-01T10:00:01.000Z' })], false);
      assert.equal(told?.to, 'completed');
      assert.equal(told?.from, 'unknown');
      assert.deepEqual(t.observe([session({ id: 'old', status: 'failed', updatedAt: '2026-12-01T10:00:00.000Z' })], false), [], 'not updated since the baseline: it may have failed long ago');
      assert.deepEqual(t.observe([session({ id: 'busy', status: 'running', updatedAt: '2026-12-01T10:05:00.000Z' })], false), [], 'in progress: nothing to tell');
      t.clear();
      assert.deepEqual(t.observe([session({ id: 'w', status: 'failed', updatedAt: '2026-12-01T11:00:00.000Z' })], false), [], 'another origin: no baseline yet');
    });

    it('a session with no earlier status is first seen', () => {
      const { tracker: t } = tracker('w');
      t.observe([session({ id: 'w', status: undefined })], false);
      assert.deepEqual(t.observe([session({ id: 'w', status: 'completed' })], false), []);
    });

    it('a created session noted as queued tells its completion even if no poll saw it', () => {
      const { tracker: t } = tracker('new');
      t.note(session({ id: 'new', status: 'queued' }));
      assert.equal(t.observe([session({ id: 'new', status: 'done' })], false)[0]?.to, 'completed');
    });

    it('a duplicate later in one observation (an older copy) is ignored', () => {
      const { tracker: t } = tracker('w');
      t.note(session({ id: 'w', status: 'running' }));
      const out = t.observe([session({ id: 'w', status: 'completed' }), session({ id: 'w', status: 'running' })], false);
      assert.equal(out.length, 1);
      assert.equal(t.get('w')?.status, 'completed');
    });

    it('lists the active watched sessions; an unwatched or forgotten one is not listed', () => {
      const { tracker: t, ids } = tracker('a', 'b', 'c', 'd');
      t.observe([session({ id: 'a', status: 'running' }), session({ id: 'b', status: 'completed' }), session({ id: 'c', status: 'paused' }), session({ id: 'd', status: 'pending' })], true);
      assert.deepEqual(t.active().map((s) => s.id), ['a', 'c', 'd']);
      ids.delete('c');
      t.forget('d');
      assert.deepEqual(t.active().map((s) => s.id), ['a']);
      t.clear();
      assert.deepEqual(t.active(), []);
    });

    const status = fc.oneof(fc.constantFrom('running', 'queued', 'completed', 'failed', 'cancelled', 'waiting_for_input', 'archived', 'active', '', 'mystery'), fc.string({ maxLength: 12 }), fc.constant(undefined));
    const observations = fc.array(fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'z'), status }), { maxLength: 8 }), { maxLength: 8 });

    it('property: only a change into completed, failed, cancelled or needs input is told; never for an unknown status', () => {
      fc.assert(
        fc.property(observations, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (rounds, baselines) => {
          const { tracker: t } = tracker('a', 'b', 'c');
          const last = new Map<string, string | undefined>();
          rounds.forEach((round, i) => {
            const out = t.observe(round.map((r) => session(r)), baselines[i]);
            if (baselines[i]) assert.deepEqual(out, [], 'a baseline tells nothing');
            assert.equal(new Set(out.map((o) => o.session.id)).size, out.length, 'one transition per session per observation');
            for (const o of out) {
              assert.ok(['completed', 'failed', 'cancelled', 'needsInput'].includes(statusKind(o.session.status)));
              assert.notEqual(o.session.id, 'z');
              assert.ok(last.has(o.session.id), 'never on a first sighting');
              assert.notEqual(statusKind(last.get(o.session.id)), statusKind(o.session.status));
            }
            const firstSeen = new Set<string>();
            for (const r of round) {
              if (firstSeen.has(r.id)) continue;
              firstSeen.add(r.id);
              last.set(r.id, r.status);
            }
          });
        }),
      );
    });
  });
});
