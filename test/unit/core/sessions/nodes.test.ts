// Node ids: the tree keeps expansion across reloads by id, and finds the element to refresh or
// reveal by it, so every key must become one short segment, distinct keys distinct ids.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { childId, encodeKey, isTreeNode } from '../../../../src/core/sessions/nodes';

const SEED = Number(process.env.FC_SEED ?? 20261201);

function check<T>(property: fc.IPropertyWithHooks<T> | fc.IProperty<T>, runs = 100): void {
  const result = fc.check(property, { seed: SEED, numRuns: runs });
  if (result.failed) assert.fail(`property failed (seed ${SEED}, FC_SEED=${SEED} to replay): ${fc.defaultReportMessage(result) ?? ''}`);
}

describe('core/sessions/nodes', () => {
  describe('encodeKey', () => {
    it('percent-encodes what a path segment cannot hold, and leaves plain keys alone', () => {
      assert.equal(encodeKey('completed'), 'completed');
      assert.equal(encodeKey(''), '');
      assert.equal(encodeKey('a/b c'), 'a%2Fb%20c');
      assert.equal(encodeKey('#%'), '%23%25');
      assert.equal(encodeKey('é😀'), '%C3%A9%F0%9F%98%80');
    });

    it('writes a lone surrogate as %u and its hex code, anywhere in the key', () => {
      assert.equal(encodeKey('bad-\uD800'), 'bad-%uD800');
      assert.equal(encodeKey('\uDFFFx'), '%uDFFFx');
      assert.equal(encodeKey('a\uDBFF\uDBFFb'), 'a%uDBFF%uDBFFb');
      // A whole pair is a character, encoded as UTF-8.
      assert.equal(encodeKey('\uD83D\uDE00'), '%F0%9F%98%80');
      // The edges of the surrogate range are surrogates; their neighbours are not.
      assert.equal(encodeKey('\uD7FF'), encodeURIComponent('\uD7FF'));
      assert.equal(encodeKey('\uE000'), encodeURIComponent('\uE000'));
      assert.equal(encodeKey('\uDC00'), '%uDC00');
    });

    it('digests a key over 200 characters, or one that grows past 200 when encoded', () => {
      const exactly200 = 'k'.repeat(200);
      assert.equal(encodeKey(exactly200), exactly200);
      const long = encodeKey('k'.repeat(201));
      assert.match(long, /^%h[0-9a-f]{64}$/);
      // 100 characters that encode to 300.
      const grows = encodeKey('/'.repeat(100));
      assert.match(grows, /^%h[0-9a-f]{64}$/);
      // 66 slashes encode to 198 characters: kept; 67 to 201: digested.
      assert.equal(encodeKey('/'.repeat(66)), '%2F'.repeat(66));
      assert.match(encodeKey('/'.repeat(67)), /^%h[0-9a-f]{64}$/);
      // Stable, and distinct for keys that differ anywhere (lone surrogates included).
      assert.equal(encodeKey('k'.repeat(201)), long);
      assert.notEqual(encodeKey(`${'k'.repeat(200)}\uD800`), encodeKey(`${'k'.repeat(200)}\uD801`));
      assert.notEqual(encodeKey('k'.repeat(202)), long);
    });

    it('stays the same for a key seen before, however many long keys came between', () => {
      const first = encodeKey(`first-${'x'.repeat(300)}`);
      for (let i = 0; i < 600; i++) encodeKey(`${i}-${'y'.repeat(300)}`);
      assert.equal(encodeKey(`first-${'x'.repeat(300)}`), first);
    });

    it('distinct keys give distinct segments, never holding a slash, at most 200 characters long', () => {
      check(
        fc.property(fc.string({ unit: 'binary', maxLength: 260 }), fc.string({ unit: 'binary', maxLength: 260 }), (a, b) => {
          const ea = encodeKey(a);
          const eb = encodeKey(b);
          assert.ok(ea.length <= 200 && !ea.includes('/'), ea);
          assert.equal(ea === eb, a === b);
        }),
      );
    });
  });

  it('childId joins segments with a slash; a root child is the segment itself', () => {
    assert.equal(childId(undefined, 't:chat'), 't:chat');
    assert.equal(childId('t:chat', 's:done'), 't:chat/s:done');
    assert.equal(childId('', 'more'), '/more');
  });

  it('isTreeNode knows the five kinds of node, by kind and a string id', () => {
    for (const kind of ['group', 'session', 'loadMore', 'error', 'empty']) {
      assert.equal(isTreeNode({ kind, id: 'x' }), true, kind);
      assert.equal(isTreeNode({ kind, id: 1 }), false, `${kind} with a numeric id`);
      assert.equal(isTreeNode({ kind }), false, `${kind} without an id`);
    }
    for (const value of [undefined, null, 'group', 3, { kind: 'other', id: 'x' }, { id: 'x' }, { kind: 'Group', id: 'x' }]) {
      assert.equal(isTreeNode(value), false, String(JSON.stringify(value)));
    }
  });
});
