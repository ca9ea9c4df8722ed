import assert from 'node:assert/strict';
import { COMPANIES, generateSessions, HOSTILE_TITLES, mulberry32, spread, TYPES, UUID_RE } from '../../../sandbox/data';

const NOW = Date.UTC(2026, 2, 15);
const DAY = 86_400_000;

describe('sandbox data', () => {
  it('mulberry32 is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const seqA = Array.from({ length: 1000 }, a);
    assert.deepEqual(seqA, Array.from({ length: 1000 }, b));
    assert.notDeepEqual(seqA.slice(0, 10), Array.from({ length: 10 }, c));
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
    const mean = seqA.reduce((s, x) => s + x, 0) / seqA.length;
    assert.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`);
  });

  it('spread gives exact proportions in a shuffled order', () => {
    const out = spread(mulberry32(1), 100, [
      ['a', 40],
      ['b', 60],
    ] as const);
    assert.equal(out.length, 100);
    assert.equal(out.filter((x) => x === 'a').length, 40);
    assert.notDeepEqual(out.slice(0, 40), Array(40).fill('a'));
  });

  it('the same seed gives identical data, another seed different data', () => {
    assert.deepEqual(generateSessions(42, 520, NOW), generateSessions(42, 520, NOW));
    const other = generateSessions(43, 520, NOW);
    assert.notDeepEqual(other.map((s) => s.id), generateSessions(42, 520, NOW).map((s) => s.id));
  });

  for (const seed of [42, 1, 2, 3, 99]) {
    it(`seed ${seed}: covers every type (>= 30 each), status, and the null/absent cases`, () => {
      const sessions = generateSessions(seed, 520, NOW);
      assert.equal(sessions.length, 520);
      assert.equal(new Set(sessions.map((s) => s.id)).size, 520);
      assert.ok(sessions.every((s) => UUID_RE.test(s.id)));
      for (const type of TYPES) {
        const n = sessions.filter((s) => s.type === type).length;
        assert.ok(n >= 30, `${type}: ${n}`);
      }
      const typeCounts = new Set(TYPES.map((t) => sessions.filter((s) => s.type === t).length));
      assert.ok(typeCounts.size > 3, 'types are spread unevenly');
      const statuses = new Set(sessions.map((s) => s.status));
      for (const st of ['active', 'running', 'in_progress', 'completed', 'failed', 'archived', 'waiting_for_input', null]) {
        assert.ok(statuses.has(st as string), `status ${String(st)}`);
      }
      const nullStatus = sessions.filter((s) => s.status === null).length;
      assert.ok(nullStatus >= 2 && nullStatus <= 15, `null statuses ${nullStatus}`);

      const nullTitle = sessions.filter((s) => 'title' in s && s.title === null).length;
      const noTitle = sessions.filter((s) => !('title' in s)).length;
      assert.ok(nullTitle > 520 * 0.06 && nullTitle < 520 * 0.1, `null titles ${nullTitle}`);
      assert.ok(noTitle > 520 * 0.01 && noTitle < 520 * 0.03, `absent titles ${noTitle}`);

      const scoped = sessions.filter((s) => s.company_id !== null);
      assert.ok(scoped.length > 520 * 0.35 && scoped.length < 520 * 0.45, `scoped ${scoped.length}`);
      const ids = new Set(COMPANIES.map((c) => c.id));
      assert.ok(scoped.every((s) => ids.has(s.company_id as string)));
      assert.ok(new Set(scoped.map((s) => s.company_id)).size >= 10);

      const titles = sessions.map((s) => s.title);
      for (const hostile of HOSTILE_TITLES) assert.ok(titles.includes(hostile), hostile);
      assert.ok(titles.some((t) => t?.includes('\u202E')));
    });
  }

  it('titles of scoped sessions name their company; plausible titles', () => {
    const sessions = generateSessions(42, 520, NOW);
    const named = sessions.filter((s) => s.company_id && typeof s.title === 'string' && !HOSTILE_TITLES.includes(s.title));
    const withName = named.filter((s) => s.title!.includes(COMPANIES.find((c) => c.id === s.company_id)!.name));
    assert.ok(withName.length > named.length * 0.8, `${withName.length}/${named.length}`);
    assert.ok(sessions.some((s) => typeof s.title === 'string' && /^(Pipeline review|Research): /.test(s.title)));
  });

  it('timestamps: within ~9 months before now, updated_at >= created_at', () => {
    const sessions = generateSessions(42, 520, NOW);
    for (const s of sessions) {
      const c = Date.parse(s.created_at);
      const u = Date.parse(s.updated_at);
      assert.equal(new Date(c).toISOString(), s.created_at);
      assert.ok(c < NOW && c > NOW - 275 * DAY, s.created_at);
      assert.ok(u >= c && u <= NOW, `${s.created_at} ${s.updated_at}`);
    }
    const oldest = Math.min(...sessions.map((s) => Date.parse(s.created_at)));
    assert.ok(oldest < NOW - 240 * DAY, 'spread over months');
  });

  it('some sessions carry extra fields (message_count, model, owner)', () => {
    const sessions = generateSessions(42, 520, NOW);
    assert.ok(sessions.some((s) => typeof s.message_count === 'number'));
    assert.ok(sessions.some((s) => typeof s.model === 'string'));
    assert.ok(sessions.some((s) => typeof (s.owner as { name?: unknown } | undefined)?.name === 'string'));
    assert.ok(sessions.some((s) => !('message_count' in s) && !('model' in s) && !('owner' in s)));
  });

  it('other counts work (small and large)', () => {
    assert.equal(generateSessions(42, 0, NOW).length, 0);
    assert.equal(generateSessions(42, 7, NOW).length, 7);
    assert.equal(generateSessions(42, 2000, NOW).length, 2000);
  });
});
