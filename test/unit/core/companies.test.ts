// What Create Session… remembers about companies: the ones used last per API origin (ids only,
// bounded, garbage in the store read as nothing) and the hint that says which company an id is.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { companyHints, RECENT_COMPANIES_MAX, RecentCompanies } from '../../../src/core/companies';
import { session } from './sessions/factories';

class MemoryStore {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('core/companies', () => {
  it('keeps the companies used last per origin, most recent first, bounded, ids only', () => {
    const store = new MemoryStore();
    const recent = new RecentCompanies(store);
    recent.use('https://a', uuid(1));
    recent.use('https://a', uuid(2));
    recent.use('https://a', uuid(1).toUpperCase());
    recent.use('https://b', uuid(3));
    recent.use('https://a', '');
    recent.use('https://a', 'not a uuid');
    recent.use(undefined, uuid(4));
    assert.deepEqual(recent.list('https://a'), [uuid(1), uuid(2)]);
    assert.deepEqual(recent.list('https://b'), [uuid(3)]);
    assert.deepEqual(recent.list(undefined), []);
    for (let i = 10; i < 30; i++) recent.use('https://a', uuid(i));
    assert.equal(recent.list('https://a').length, RECENT_COMPANIES_MAX);
    assert.equal(recent.list('https://a')[0], uuid(29));
    assert.ok([...store.values.values()].every((v) => Array.isArray(v) && v.every((id) => typeof id === 'string' && id.length === 36)));
  });

  it('property: whatever the store holds, reading it never throws and yields UUIDs only', () => {
    fc.assert(
      fc.property(fc.anything(), (garbage) => {
        const store = new MemoryStore();
        store.values.set('pgai.recentCompanies:https://a', garbage);
        const ids = new RecentCompanies(store).list('https://a');
        return ids.every((id) => /^[0-9a-f-]{36}$/.test(id)) && ids.length <= RECENT_COMPANIES_MAX;
      }),
    );
    const throwing = { get: () => { throw new Error('disk'); }, update: () => Promise.reject(new Error('disk')) };
    const errors: unknown[] = [];
    const recent = new RecentCompanies(throwing, (e) => errors.push(e));
    assert.deepEqual(recent.list('https://a'), []);
    recent.use('https://a', uuid(1));
    assert.ok(errors.length >= 1);
  });

  it('a company’s hint is its most recently updated session, its title cleaned and bounded', () => {
    const now = Date.parse('2026-03-02T14:00:00.000Z');
    const hints = companyHints(
      [
        session({ companyId: uuid(1).toUpperCase(), title: 'Older', updatedAt: '2026-03-01T12:00:00.000Z' }),
        session({ companyId: uuid(1), title: 'Acme\u202e discovery', updatedAt: '2026-03-02T12:00:00.000Z' }),
        session({ companyId: uuid(2), title: 'x'.repeat(500), updatedAt: undefined, createdAt: undefined }),
        session({ title: 'no company' }),
      ],
      now,
    );
    assert.equal(hints.size, 2);
    assert.match(hints.get(uuid(1)) ?? '', /^Latest: “Acme.? discovery” · 2 h ago$/);
    assert.doesNotMatch(hints.get(uuid(1)) ?? '', /\u202e/);
    assert.ok((hints.get(uuid(2)) ?? '').length < 80);
  });
});
