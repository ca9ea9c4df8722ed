// Go to Session's pure parts: the choices (loaded first, then what search found, each id once,
// text cleaned) and the search as you type (debounced, the previous request cancelled, only the
// current text's answer shown, busy while asking).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Session } from '../../../../src/api/types';
import { goToChoices, SEARCH_DELAY_MS, SearchAsYouType } from '../../../../src/core/sessions/goTo';
import { FakeTimers, flush, session } from './factories';

describe('core/sessions/goTo', () => {
  it('loaded sessions first in their order, then found ones not loaded; each id once', () => {
    const a = session({ title: 'Alpha' });
    const b = session({ title: 'Beta', companyId: 'c-1' });
    const c = session({ title: 'Gamma', type: 'email', status: 'running' });
    const choices = goToChoices([a, b], [b, c], Date.parse('2026-03-02T12:05:00.000Z'));
    assert.deepEqual(choices.map((x) => [x.label, x.found]), [['Alpha', false], ['Beta', false], ['Gamma', true]]);
    assert.equal(choices[1].detail, 'Company c-1');
    assert.equal(choices[2].description, 'Email · Running · 5 min ago');
    assert.equal(choices[0].detail, undefined);
  });

  it('property: hostile titles and ids come out as one line of bounded, inert text', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string({ minLength: 1 }), title: fc.string({ unit: 'binary' }) }), { maxLength: 10 }), (raw) => {
        const list: Session[] = raw.map((r) => ({ ...r, raw: {} }));
        const choices = goToChoices(list, list, Date.now());
        assert.equal(choices.length, new Set(raw.map((r) => r.id)).size);
        for (const c of choices) {
          assert.ok(c.label.length <= 200);
          // eslint-disable-next-line no-control-regex -- what it looks for are control characters
          assert.doesNotMatch(c.label, /[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
        }
      }),
    );
  });

  describe('SearchAsYouType', () => {
    function setUp() {
      const timers = new FakeTimers();
      const asked: { text: string; signal: AbortSignal; resolve: (s: Session[]) => void; reject: (e: unknown) => void }[] = [];
      const results: [string, string[]][] = [];
      const busy: boolean[] = [];
      const errors: unknown[] = [];
      const search = new SearchAsYouType(
        (text, signal) => new Promise((resolve, reject) => asked.push({ text, signal, resolve, reject })),
        timers,
        (text, sessions) => results.push([text, sessions.map((s) => s.id)]),
        (b) => busy.push(b),
        (e) => errors.push(e),
      );
      return { timers, asked, results, busy, errors, search };
    }

    it('asks once typing pauses, with the text as it is then', () => {
      const { timers, asked, search } = setUp();
      search.type('A');
      timers.advance(SEARCH_DELAY_MS - 1);
      search.type('Ac');
      timers.advance(SEARCH_DELAY_MS - 1);
      search.type('Acme ');
      assert.equal(asked.length, 0);
      timers.advance(SEARCH_DELAY_MS);
      assert.deepEqual(asked.map((a) => a.text), ['Acme']);
    });

    it('a keystroke cancels the request on its way, and a late answer to it is never shown', async () => {
      const { timers, asked, results, busy, search } = setUp();
      search.type('Acme');
      timers.advance(SEARCH_DELAY_MS);
      search.type('Globex');
      assert.equal(asked[0].signal.aborted, true);
      asked[0].resolve([session({ id: 'late' })]);
      await flush();
      assert.deepEqual(results, []);
      timers.advance(SEARCH_DELAY_MS);
      asked[1].resolve([session({ id: 'g' })]);
      await flush();
      assert.deepEqual(results, [['Globex', ['g']]]);
      assert.deepEqual(busy, [true, false, true, false]);
    });

    it('an empty text clears what was found without asking; an error is reported, not shown', async () => {
      const { timers, asked, results, errors, search } = setUp();
      search.type('  ');
      assert.deepEqual(results, [['', []]]);
      timers.advance(SEARCH_DELAY_MS);
      assert.equal(asked.length, 0);
      search.type('x');
      timers.advance(SEARCH_DELAY_MS);
      asked[0].reject(new Error('offline'));
      await flush();
      assert.equal(errors.length, 1);
      assert.deepEqual(results, [['', []]]);
    });

    it('dispose cancels and drops everything', async () => {
      const { timers, asked, results, search } = setUp();
      search.type('x');
      timers.advance(SEARCH_DELAY_MS);
      search.dispose();
      assert.equal(asked[0].signal.aborted, true);
      asked[0].resolve([session()]);
      search.type('y');
      timers.advance(SEARCH_DELAY_MS);
      await flush();
      assert.equal(asked.length, 1);
      assert.deepEqual(results, []);
    });
  });
});
