// The words of the tree in the states a stream passes through (counts, Load more, errors), text
// cutting at its edges, and the node store's identity rules, each driven directly.
import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import type { SessionPage } from '../../../../src/api/types';
import { errorLabel, errorTooltip, loadMoreLabel, streamDescription } from '../../../../src/core/sessions/labels';
import { levelKey, type StreamSpec } from '../../../../src/core/sessions/layout';
import { NodeStore } from '../../../../src/core/sessions/nodeStore';
import { Stream, type StreamHost } from '../../../../src/core/sessions/stream';
import { cleanText, displayText, inertJson, truncate } from '../../../../src/core/sessions/text';
import { typeRank } from '../../../../src/core/sessions/typeInfo';
import { FakeTimers, page, session, sessions } from './factories';

/** A stream whose pages are answered from `answers` in turn (an Error rejects). */
function stream(answers: (SessionPage | Error)[], spec: Partial<StreamSpec> = {}, maxAutoRetries = 3): Stream {
  const timers = new FakeTimers();
  const host: StreamHost = {
    fetchPage: () => {
      const next = answers.shift();
      if (next === undefined) return new Promise(() => undefined);
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    loadStarted: () => undefined,
    changed: () => undefined,
    logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    timers,
    now: () => timers.now,
    maxAutoRetries,
  };
  return new Stream({ id: 't:chat', query: { perPage: 5 }, levels: [], ...spec }, host);
}

const voiceOnly = (s: { type?: string }) => s.type === 'voice';

describe('core/sessions: words for each state of a stream', () => {
  it('nothing said before the first page; "loading…" while it is on its way', async () => {
    const idle = stream([]);
    assert.equal(streamDescription(idle), undefined);
    void idle.shown();
    assert.equal(streamDescription(idle), 'Loading…');
  });

  it('"N of total" when the server total differs from what is loaded, even at the end', async () => {
    const s = stream([page(sessions(4), 1, 5, { hasMore: false, total: 6 })]);
    await s.shown();
    assert.equal(streamDescription(s), '4 of 6');
    const exact = stream([page(sessions(4), 1, 5, { hasMore: false, total: 4 })]);
    await exact.shown();
    assert.equal(streamDescription(exact), '4');
  });

  it('a filtered stream without a total: "N+" (the tooltip: found so far), then the count at the end', async () => {
    const s = stream([page([session({ type: 'voice' }), ...sessions(4)], 1, 5, { hasMore: true }), page(sessions(2), 2, 5, { hasMore: false })], { accept: voiceOnly });
    await s.shown();
    assert.equal(streamDescription(s), '1+');
    assert.equal(loadMoreLabel(s), 'Search 5 more…');
    await s.loadMore();
    assert.equal(streamDescription(s), '1');
  });

  it('Load more: remaining beyond a page, exactly a page, or none known although the server says more', async () => {
    const beyond = stream([page(sessions(5), 1, 5, { hasMore: true, total: 17 })]);
    await beyond.shown();
    assert.equal(loadMoreLabel(beyond), 'Load 5 more (12 remaining)');
    const exactly = stream([page(sessions(5), 1, 5, { hasMore: true, total: 10 })]);
    await exactly.shown();
    assert.equal(loadMoreLabel(exactly), 'Load 5 more');
    const none = stream([page(sessions(5), 1, 5, { hasMore: true, total: 5 })]);
    await none.shown();
    assert.equal(loadMoreLabel(none), 'Load 5 more…', 'the total says nothing remains, the server says more');
    const filtered = stream([page(sessions(5), 1, 5, { hasMore: true, total: 17 })], { accept: voiceOnly });
    await filtered.shown();
    assert.equal(loadMoreLabel(filtered), 'Search 5 more (12 not yet searched)');
  });

  it('rate limited without an automatic retry: the wait the server asked for, or "a minute"', async () => {
    const known = stream([new PgaiError('rateLimited', 'PG:AI is rate limiting requests; try again in 12 s.', { status: 429, retryAfterMs: 12_000, requestId: 'req_1' })], {}, 0);
    await known.shown();
    assert.equal(known.retryAt, undefined);
    const at = new Date(12_000).toLocaleString(undefined, { hour: '2-digit', minute: '2-digit' });
    assert.equal(errorLabel(known, 0), `Retry after ${at} · rate limited by PG:AI`);
    assert.equal(errorTooltip(known, 0), 'PG:AI is limiting how often it is asked. It resolves itself in 12 s.\nSelect to retry now.');
    const unknown = stream([new PgaiError('rateLimited', 'PG:AI is rate limiting requests; try again shortly.', { status: 429 })]);
    await unknown.shown();
    assert.equal(errorLabel(unknown, 0), 'Rate limited by PG:AI · select to retry');
    assert.equal(errorTooltip(unknown, 0), 'PG:AI is limiting how often it is asked.\nSelect to retry now.');
  });

  it('an error without readable words says that loading failed, in the row and the hover', async () => {
    const s = stream([new PgaiError('server', '\u200E\u0000 ')]);
    await s.shown();
    assert.equal(errorLabel(s, 0), 'Loading sessions failed');
    assert.equal(errorTooltip(s, 0), 'Loading sessions failed\nSelect to retry.');
    const withId = stream([new PgaiError('server', 'Boom.', { requestId: 'req_7' })]);
    await withId.shown();
    assert.equal(errorLabel(withId, 0), 'Boom.');
    assert.equal(errorTooltip(withId, 0), 'Boom. Request id: req_7.\nSelect to retry.');
    const fine = stream([page(sessions(1), 1, 5)]);
    await fine.shown();
    assert.deepEqual([errorLabel(fine, 0), errorTooltip(fine, 0)], ['', '']);
  });
});

describe('core/sessions: text at its edges', () => {
  it('line breaks become spaces, not nothing', () => {
    assert.equal(cleanText('a\nb\r\nc\td'), 'a b c d');
  });

  it('truncate keeps text of exactly the limit and cuts one over it', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcd', 3), 'ab…');
    assert.equal(truncate('ab  cdef', 5), 'ab…', 'no blank before the ellipsis');
    assert.equal(truncate('  abcdef', 5), '  ab…', 'leading blanks stay');
  });

  it('truncate never leaves half a surrogate pair, at either end of the high-surrogate range, and no more than that', () => {
    assert.equal(truncate('ab\uD800\uDC00cd', 4), 'ab…');
    assert.equal(truncate('ab\uDBFF\uDFFFcd', 4), 'ab…');
    assert.equal(truncate('ab\uD83D\uDE00cd', 4), 'ab…');
    assert.equal(truncate('ab\uE000cd', 4), 'ab\uE000…', 'not a surrogate');
    assert.equal(truncate('ab\uDC00cd', 4), 'ab\uDC00…', 'a low surrogate is not the start of a pair');
  });

  it('displayText reads a bounded prefix of a long value (4 × max + 64 characters), and falls back to "" by default', () => {
    assert.equal(displayText(`${' '.repeat(104)}x`, 10, 'F'), 'F', 'the x is past the prefix');
    assert.equal(displayText(`${' '.repeat(103)}x`, 10, 'F'), 'x');
    assert.equal(displayText(`${' '.repeat(100)}x${' '.repeat(100)}`, 10, 'F'), 'x');
    assert.equal(displayText(undefined, 10), '');
    assert.equal(displayText(42, 10), '');
  });

  it('inertJson of nothing is "null"', () => {
    assert.equal(inertJson(undefined), 'null');
  });
});

describe('core/sessions: small lookups', () => {
  it('typeRank: the documented order, anything else after the last', () => {
    assert.deepEqual(['chat', 'document', 'plan', 'canvas_settings', 'email', 'workspace', 'project', 'voice', 'other'].map(typeRank), [0, 1, 2, 3, 4, 5, 6, 7, 7]);
  });

  it('levelKey: a status trimmed, no status as ""; a type by its group', () => {
    assert.equal(levelKey('status', session({ status: ' running ' })), 'running');
    assert.equal(levelKey('status', session({ status: undefined })), '');
    assert.equal(levelKey('type', session({ type: 'voice' })), 'other');
    assert.equal(levelKey('type', session({ type: 'email' })), 'email');
  });
});

describe('core/sessions/nodeStore', () => {
  const spec = (id: string): StreamSpec => ({ id, query: { perPage: 5 }, levels: ['status'] });
  const streamOf = (id: string) => stream([], spec(id));

  it('a group that pages its stream takes the stream’s id; a bucket group a path id', () => {
    const store = new NodeStore();
    const s = streamOf('custom');
    const owner = store.group(undefined, 'type', 'chat', s, []);
    assert.equal(owner.id, 'custom');
    const child = store.group(owner, 'status', 'done', s, ['done']);
    assert.equal(child.id, 'custom/s:done');
    assert.equal(store.group(owner, 'type', 'chat', s, ['chat']).id, 'custom/t:chat');
  });

  it('reuses a node only for the same stream (and, for a row, the same entry)', () => {
    const store = new NodeStore();
    const a = streamOf('t:chat');
    const b = streamOf('t:chat');
    const first = store.group(undefined, 'type', 'chat', a, []);
    assert.equal(store.group(undefined, 'type', 'chat', a, []), first);
    const other = store.group(undefined, 'type', 'chat', b, []);
    assert.notEqual(other, first);
    assert.equal(other.stream, b);
    const more = store.leaf('loadMore', a, first);
    assert.equal(more.id, 't:chat/more');
    assert.equal(store.leaf('loadMore', a, first), more);
    assert.notEqual(store.leaf('loadMore', b, first), more);
    assert.equal(store.leaf('error', a, undefined).id, 'error');
    assert.equal(store.leaf('empty', a, undefined).id, 'empty');
    const x = session();
    a.ingest(page([x], 1, 5), 1);
    b.ingest(page([{ ...x }], 1, 5), 1);
    const row = store.session(first, a, x.id);
    assert.equal(row.entry, a.entry(x.id));
    assert.equal(store.session(first, a, x.id), row);
    const rowB = store.session(first, b, x.id);
    assert.notEqual(rowB, row);
    assert.equal(rowB.entry, b.entry(x.id));
  });

  it('a row for an id its stream does not have gets a bare entry', () => {
    const store = new NodeStore();
    const row = store.session(undefined, streamOf('root'), 'gone');
    assert.deepEqual(row.entry, { session: { id: 'gone', raw: {} }, keys: [] });
    assert.equal(row.id, '#gone');
  });

  it('children built from this bucket as it is now are reused; another bucket, version or tail is not', () => {
    const store = new NodeStore();
    const s = streamOf('root');
    s.ingest(page(sessions(2), 1, 5), 1);
    const bucket = s.root;
    const nodes = [store.leaf('empty', s, undefined)];
    store.remember('', bucket, '', nodes);
    assert.equal(store.builtChildren('', bucket, ''), nodes);
    assert.equal(store.builtChildren('', bucket, 'more'), undefined);
    const twin = stream([], spec('root'));
    twin.ingest(page(sessions(2), 1, 5), 1);
    assert.equal(twin.root.version, bucket.version);
    assert.equal(store.builtChildren('', twin.root, ''), undefined, 'another bucket with the same version');
    bucket.add('x', ['completed']);
    assert.equal(store.builtChildren('', bucket, ''), undefined, 'the bucket changed since');
    assert.equal(store.builtChildren('elsewhere', bucket, ''), undefined);
  });

  it('forgets a dropped node with everything below it, nodes and built children alike', () => {
    const store = new NodeStore();
    const s = streamOf('root');
    const bucket = s.root;
    const group = store.group(undefined, 'status', 'done', s, ['done']);
    const sibling = store.group(undefined, 'status', 'donex', s, ['donex']);
    const sub = store.group(group, 'type', 'chat', s, ['done', 'chat']);
    store.remember('', bucket, '', [group, sibling]);
    store.remember(group.id, bucket, '', [sub]);
    store.remember(sub.id, bucket, '', []);
    store.remember(sibling.id, bucket, '', []);
    assert.equal(store.size, 3);
    store.remember('', bucket, '', [sibling]);
    assert.equal(store.get(group.id), undefined);
    assert.equal(store.get(sub.id), undefined);
    assert.equal(store.get(sibling.id), sibling, 'an id that only starts like it stays');
    assert.equal(store.builtChildren(group.id, bucket, ''), undefined);
    assert.equal(store.builtChildren(sub.id, bucket, ''), undefined);
    assert.deepEqual(store.builtChildren(sibling.id, bucket, ''), []);
    assert.equal(store.size, 1);
    store.clear();
    assert.equal(store.size, 0);
    assert.equal(store.get(sibling.id), undefined);
    assert.equal(store.builtChildren(sibling.id, bucket, ''), undefined);
  });
});
