import * as assert from 'node:assert/strict';
import { autoRefreshDecision } from '../../../../src/core/sessions/autoRefreshPolicy';

describe('core/sessions/autoRefreshPolicy', () => {
  const now = 1_000_000;
  const base = { visible: true, focused: true, rateLimit: undefined, now };

  it('runs only while visible and focused', () => {
    assert.equal(autoRefreshDecision(base), 'run');
    assert.equal(autoRefreshDecision({ ...base, visible: false }), 'hidden');
    assert.equal(autoRefreshDecision({ ...base, focused: false }), 'unfocused');
  });

  it('never spends the rate-limit budget below the floor', () => {
    assert.equal(autoRefreshDecision({ ...base, rateLimit: { limit: 60, remaining: 40, resetAt: now + 30_000 } }), 'run');
    assert.equal(autoRefreshDecision({ ...base, rateLimit: { limit: 60, remaining: 12, resetAt: now + 30_000 } }), 'budget');
    assert.equal(autoRefreshDecision({ ...base, rateLimit: { limit: 600, remaining: 100, resetAt: now + 30_000 } }), 'budget', '20 % of 600');
    assert.equal(autoRefreshDecision({ ...base, cost: 5, rateLimit: { limit: 60, remaining: 15, resetAt: now + 30_000 } }), 'budget');
    // The window has reset since: the old count no longer applies.
    assert.equal(autoRefreshDecision({ ...base, rateLimit: { limit: 60, remaining: 0, resetAt: now - 1 } }), 'run');
  });
});
