// A few last edges: a lone surrogate shown as U+FFFD, the bounded prefix of a long title, a
// reload stopped by an empty page, Load more without a warning, and showing a group while its
// Load more is on its way.
import * as assert from 'node:assert/strict';
import type { SessionPage } from '../../../../src/api/types';
import { Stream } from '../../../../src/core/sessions/stream';
import { cleanText, displayText } from '../../../../src/core/sessions/text';
import { FakeApi, flush, page, sessions, streamHost as host } from './factories';

const spec = { id: 't:chat', query: { perPage: 3 }, levels: [] };

describe('core/sessions: last edges', () => {
  it('a lone surrogate becomes U+FFFD, not nothing', () => {
    assert.equal(cleanText('a\uD800b'), 'a\uFFFDb');
  });

  it('a long title is read up to 4 × max + 64 characters: text after that is not shown', () => {
    assert.equal(displayText(`${' '.repeat(110)}x${' '.repeat(100)}`, 10, 'F'), 'F');
  });

  it('the user’s Refresh of three pages stops at an empty second page', async () => {
    const asked: number[] = [];
    const answers: Record<number, SessionPage> = { 1: page(sessions(3), 1, 3, { hasMore: true }), 2: page(sessions(3), 2, 3, { hasMore: true }), 3: page(sessions(3), 3, 3, { hasMore: true }) };
    const s = new Stream(spec, host((query) => (asked.push(query.page ?? 1), Promise.resolve(answers[query.page ?? 1]))));
    await s.shown();
    await s.loadMore();
    await s.loadMore();
    assert.equal(s.pagesLoaded, 3);
    answers[2] = page([], 2, 3, { hasMore: true });
    asked.length = 0;
    await s.refresh(true);
    assert.deepEqual(asked, [1, 2]);
    assert.equal(s.hasMore, false);
    assert.equal(s.loaded, 3);
  });

  it('a Load more that adds sessions logs nothing', async () => {
    const warnings: string[] = [];
    const api = new FakeApi(sessions(9));
    const s = new Stream(spec, host(api.listSessions, warnings));
    await s.shown();
    await s.loadMore();
    assert.equal(s.loaded, 6);
    assert.deepEqual(warnings, []);
  });

  it('showing a loaded group while its Load more is on its way does not wait for the page', async () => {
    const api = new FakeApi(sessions(9));
    const s = new Stream(spec, host(api.listSessions));
    await s.shown();
    api.hold = true;
    const more = s.loadMore();
    await flush();
    let shown = false;
    void s.shown().then(() => (shown = true));
    await flush();
    assert.equal(shown, true);
    assert.equal(s.loading, 'more');
    api.release();
    await more;
  });
});
