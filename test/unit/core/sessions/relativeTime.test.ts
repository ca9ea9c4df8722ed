import * as assert from 'node:assert/strict';
import { absoluteTime, relativeTime } from '../../../../src/core/sessions/relativeTime';

describe('core/sessions/relativeTime', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('reads naturally', () => {
    assert.equal(relativeTime(ago(5_000), now), 'just now');
    assert.equal(relativeTime(ago(90_000), now), '1 min ago');
    assert.equal(relativeTime(ago(59 * 60_000 + 59_000), now), '59 min ago');
    assert.equal(relativeTime(ago(2 * 3_600_000 + 10), now), '2 h ago');
    assert.equal(relativeTime(ago(3 * 86_400_000 + 10), now), '3 d ago');
  });

  it('gives a date further back (with the year when it differs)', () => {
    assert.equal(relativeTime('2026-03-01T12:00:00Z', now), 'Mar 1');
    assert.equal(relativeTime('2025-03-04T12:00:00Z', now), 'Mar 4, 2025');
  });

  it('tolerates missing, unreadable and future times', () => {
    assert.equal(relativeTime(undefined, now), undefined);
    assert.equal(relativeTime('not a date', now), undefined);
    assert.equal(relativeTime(new Date(now + 10_000).toISOString(), now), 'just now');
    assert.equal(relativeTime('2026-03-20T12:00:00Z', now), 'Mar 20');
    assert.match(absoluteTime('2026-03-10T12:00:00Z') ?? '', /^2026-03-1\d \d\d:\d\d$/);
  });
});
