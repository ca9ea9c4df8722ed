// The benchmark's statistics helpers (the numbers in BENCHMARKS.md depend on them).
import * as assert from 'node:assert/strict';
import { check, median, percentile, round, summarize } from '../../../bench/lib/stats';

describe('bench/lib/stats', () => {
  it('median of odd and even counts, unsorted input', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('nearest-rank percentile', () => {
    const sorted = Array.from({ length: 10 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 90), 9);
    assert.equal(percentile(sorted, 100), 10);
    assert.equal(percentile(sorted, 0), 1);
    assert.equal(percentile([7], 90), 7);
  });

  it('summarize reports n, median, p90, min, max and mean', () => {
    const s = summarize([10, 2, 8, 4, 6]);
    assert.deepEqual(s, { n: 5, median: 6, p90: 10, min: 2, max: 10, mean: 6 });
  });

  it('round keeps more decimals for small values', () => {
    assert.equal(round(1.23456), 1.235);
    assert.equal(round(12.3456), 12.35);
    assert.equal(round(123.456), 123.5);
  });

  it('check records an unmeasured budget as undefined, not as a pass', () => {
    assert.equal(check('5', 'x', '< 1', 'n/a', undefined).pass, undefined);
    assert.equal(check('1', 'x', '< 1', '2', false).pass, false);
  });
});
