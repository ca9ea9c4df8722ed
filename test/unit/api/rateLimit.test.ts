import assert from 'node:assert/strict';
import { isPgaiError, withRequestId } from '../../../src/api/errors';
import {
  MAX_HEADER_WAIT_MS,
  MAX_LOCAL_HOLD_MS,
  RateLimitTracker,
  formatWait,
  parseRateLimitHeaders,
  parseResetAt,
  parseRetryAfter,
  rateLimitedError,
  serverClockOffset,
  serverWaitMs,
} from '../../../src/api/rateLimit';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('rate-limit headers', () => {
  it('reads Retry-After in seconds and as an HTTP date', () => {
    assert.equal(parseRetryAfter('12', NOW), 12_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
    assert.equal(parseRetryAfter('1.5', NOW), 1500);
    assert.equal(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW), 30_000);
    // A date in the past means "now".
    assert.equal(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW), 0);
  });

  it('ignores unreadable Retry-After values and clamps huge ones', () => {
    for (const value of [undefined, '', 'soon', '-5', '1e3', '12abc', 'NaN']) {
      assert.equal(parseRetryAfter(value, NOW), undefined, String(value));
    }
    assert.equal(parseRetryAfter('99999999999', NOW), MAX_HEADER_WAIT_MS);
  });

  it('reads X-RateLimit-Reset as Unix seconds, tolerating milliseconds and deltas', () => {
    const at = NOW + 20_000;
    assert.equal(parseResetAt(String(at / 1000), NOW), at);
    assert.equal(parseResetAt(String(at), NOW), at);
    assert.equal(parseResetAt('20', NOW), NOW + 20_000);
    assert.equal(parseResetAt(new Date(at).toUTCString(), NOW), at);
    for (const value of [undefined, '', 'tomorrow', '-1', '12 34']) assert.equal(parseResetAt(value, NOW), undefined, String(value));
    assert.equal(parseResetAt(String(NOW + 10 * MAX_HEADER_WAIT_MS), NOW), NOW + MAX_HEADER_WAIT_MS);
  });

  it('reads all three headers, case-insensitively', () => {
    const snapshot = parseRateLimitHeaders(
      { 'X-RateLimit-Limit': '60', 'x-ratelimit-remaining': ['7', '8'], 'x-ratelimit-reset': String(NOW / 1000 + 30) },
      NOW,
    );
    assert.deepEqual(snapshot, { limit: 60, remaining: 7, resetAt: NOW + 30_000 });
    assert.deepEqual(parseRateLimitHeaders({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '-1' }, NOW), {
      limit: undefined,
      remaining: undefined,
      resetAt: undefined,
    });
  });

  it('prefers Retry-After to the reset time for the server-requested wait', () => {
    assert.equal(serverWaitMs({ 'retry-after': '3', 'x-ratelimit-reset': String(NOW / 1000 + 50) }, NOW), 3000);
    assert.equal(serverWaitMs({ 'x-ratelimit-reset': String(NOW / 1000 + 50) }, NOW), 50_000);
    assert.equal(serverWaitMs({}, NOW), undefined);
  });

  it('formats waits for people', () => {
    assert.equal(formatWait(0), '1 s');
    assert.equal(formatWait(11_200), '12 s');
    assert.equal(formatWait(150_000), '3 min');
    assert.equal(formatWait(120_900), '2 min');
    assert.equal(formatWait(3 * 3600_000), '3 h');
  });

  it('builds a rate-limited error that says when to try again', () => {
    const error = rateLimitedError(12_000, { mayHaveReachedServer: false, requestId: 'req_1' });
    assert.ok(isPgaiError(error, 'rateLimited'));
    assert.equal(error.message, 'PG:AI is rate limiting requests; try again in 12 s.');
    assert.equal(withRequestId(error), 'PG:AI is rate limiting requests; try again in 12 s. Request id: req_1.');
    assert.equal(error.requestId, 'req_1');
    assert.equal(error.retryAfterMs, 12_000);
    assert.equal(error.mayHaveReachedServer, false);
  });
});

describe('RateLimitTracker', () => {
  it('holds new requests until the reset once none remain', () => {
    const tracker = new RateLimitTracker();
    assert.equal(tracker.holdMs(NOW), 0);
    tracker.observe({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 5) }, NOW);
    assert.equal(tracker.holdMs(NOW), 5000);
    assert.equal(tracker.holdMs(NOW + 4000), 1000);
    assert.equal(tracker.holdMs(NOW + 5000), 0);
    assert.deepEqual(tracker.snapshot, { limit: 3, remaining: 0, resetAt: NOW + 5000 });
  });

  it('does not hold while requests remain, or when the reset is unknown', () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(NOW / 1000 + 5) }, NOW);
    assert.equal(tracker.holdMs(NOW), 0);
    const noReset = new RateLimitTracker();
    noReset.observe({ 'x-ratelimit-remaining': '0' }, NOW);
    assert.equal(noReset.holdMs(NOW), 0);
  });

  it('counts sent requests down so concurrent ones do not all rush in', () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(NOW / 1000 + 5) }, NOW);
    tracker.noteSent(NOW);
    assert.equal(tracker.holdMs(NOW), 0);
    tracker.noteSent(NOW);
    assert.equal(tracker.holdMs(NOW), 5000);
    tracker.noteSent(NOW);
    assert.equal(tracker.snapshot.remaining, 0);
  });

  it('treats a 429 with Retry-After as nothing remaining for that long', () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ 'retry-after': '7' }, NOW, 429);
    assert.equal(tracker.holdMs(NOW), 7000);
  });
});

describe('rate limits never lock the client out', () => {
  const MINUTE = 60_000;
  const HTTP_DATE = (ms: number) => new Date(ms).toUTCString();

  it('pins the bounds with literals: headers at most a day, a local hold at most 30 s', () => {
    assert.equal(MAX_HEADER_WAIT_MS, 86_400_000);
    assert.equal(MAX_LOCAL_HOLD_MS, 30_000);
  });

  it('holds at most 30 s after a 429 that asks for a day, but still reports the day', () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ 'retry-after': '86400' }, NOW, 429);
    assert.equal(tracker.holdMs(NOW), 30_000);
    assert.equal(tracker.holdMs(NOW + 23 * 3600_000), 30_000);
    assert.equal(tracker.waitMs(NOW), 86_400_000);
    assert.equal(tracker.holdMs(NOW + 86_400_000), 0);
  });

  it('holds exactly what the headers asked for when that is shorter than the cap', () => {
    for (const seconds of [1, 7, 29, 30]) {
      const tracker = new RateLimitTracker();
      tracker.observe({ 'retry-after': String(seconds) }, NOW, 429);
      assert.equal(tracker.holdMs(NOW), seconds * 1000, `${seconds} s`);
    }
  });

  it('moves an X-RateLimit-Reset epoch onto our clock with the Date header (a clock 10 minutes behind)', () => {
    const serverNow = NOW + 10 * MINUTE;
    const headers = { date: HTTP_DATE(serverNow), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(serverNow / 1000 + 20) };
    assert.equal(serverClockOffset(headers, NOW), 10 * MINUTE);
    const tracker = new RateLimitTracker();
    tracker.observe(headers, NOW);
    assert.equal(tracker.waitMs(NOW), 20_000);
    assert.equal(tracker.snapshot.resetAt, NOW + 20_000);
    // A clock ahead of the server's: without the correction the reset would look past already.
    const ahead = new RateLimitTracker();
    ahead.observe({ date: HTTP_DATE(NOW - 5 * MINUTE), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((NOW - 5 * MINUTE) / 1000 + 20) }, NOW);
    assert.equal(ahead.waitMs(NOW), 20_000);
    assert.equal(serverWaitMs({ date: HTTP_DATE(serverNow), 'x-ratelimit-reset': String(serverNow / 1000 + 45) }, NOW), 45_000);
  });

  it('reads a Retry-After date on the server clock too, and a relative Retry-After on no clock', () => {
    const serverNow = NOW - 10 * MINUTE;
    assert.equal(serverWaitMs({ date: HTTP_DATE(serverNow), 'retry-after': HTTP_DATE(serverNow + 15_000) }, NOW), 15_000);
    assert.equal(serverWaitMs({ date: HTTP_DATE(serverNow), 'retry-after': '15', 'x-ratelimit-reset': String(serverNow / 1000 + 500) }, NOW), 15_000);
    assert.equal(serverClockOffset({ date: 'yesterday-ish' }, NOW), undefined);
    assert.equal(serverClockOffset({}, NOW), undefined);
  });

  it('does not hold with a reset but no remaining count', () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ 'x-ratelimit-reset': String(NOW / 1000 + 20) }, NOW);
    assert.equal(tracker.holdMs(NOW), 0);
    assert.equal(tracker.waitMs(NOW), 0);
  });

  it('keeps a remembered remaining = 0 when a later response carries no rate-limit headers', () => {
    const tracker = new RateLimitTracker();
    tracker.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 20) }, NOW);
    tracker.observe({}, NOW + 1000, 200);
    assert.deepEqual(tracker.snapshot, { remaining: 0, resetAt: NOW + 20_000 });
    assert.equal(tracker.holdMs(NOW + 1000), 19_000);
  });

  it('says "shortly" when no wait is known (never NaN)', () => {
    const error = rateLimitedError(undefined, { mayHaveReachedServer: true });
    assert.equal(error.message, 'PG:AI is rate limiting requests; try again shortly.');
    assert.equal(error.retryAfterMs, undefined);
  });
});

describe('rate-limit headers, at their edges', () => {
  it('finds a header whatever the case of its name, its first value, trimmed', () => {
    assert.deepEqual(parseRateLimitHeaders({ 'X-RATELIMIT-REMAINING': ' 3 ', 'X-RateLimit-Limit': ['60', '5'] }, NOW), { limit: 60, remaining: 3, resetAt: undefined });
    // The lower-case name wins when both are there; a name of another length never matches.
    assert.equal(parseRateLimitHeaders({ 'x-ratelimit-remaining': '1', 'X-RateLimit-Remaining': '9' }, NOW).remaining, 1);
    assert.equal(parseRateLimitHeaders({ 'x-ratelimit-remainingx': '4' }, NOW).remaining, undefined);
    assert.equal(parseRateLimitHeaders({ 'X-RateLimit-Remaining': [] }, NOW).remaining, undefined);
  });

  it('counts only whole numbers', () => {
    for (const [value, expected] of [[' 7 ', 7], ['0', 0], ['7.5', undefined], ['7a', undefined], ['-1', undefined], ['', undefined], ['99999999999999999999', undefined]] as const) {
      assert.equal(parseRateLimitHeaders({ 'x-ratelimit-remaining': value }, NOW).remaining, expected, JSON.stringify(value));
    }
  });

  it('tells epoch milliseconds, epoch seconds and relative seconds apart at their thresholds', () => {
    assert.equal(parseResetAt(String(1e12), NOW), 1e12, 'at 1e12: milliseconds');
    assert.equal(parseResetAt(String(1e12 - 1), NOW), NOW + MAX_HEADER_WAIT_MS, 'just under 1e12: seconds (so far ahead that it is capped)');
    assert.equal(parseResetAt(String(1e9), NOW), 1e12, 'at 1e9: seconds');
    assert.equal(parseResetAt(String(1e9 - 1), NOW), NOW + MAX_HEADER_WAIT_MS, 'under 1e9: seconds from now (capped)');
    assert.equal(parseResetAt(' 30 ', NOW), NOW + 30_000);
    // Absolute values move onto our clock; relative ones do not.
    assert.equal(parseResetAt(String(NOW + 5_000), NOW, 60_000), NOW + 5_000 - 60_000);
    assert.equal(parseResetAt(String((NOW + 5_000) / 1000), NOW, 60_000), NOW + 5_000 - 60_000);
    assert.equal(parseResetAt(new Date(NOW + 5_000).toUTCString(), NOW, 60_000), NOW + 5_000 - 60_000);
    assert.equal(parseResetAt('30', NOW, 60_000), NOW + 30_000);
    assert.equal(parseResetAt('Someday, soon', NOW), undefined);
    assert.equal(parseResetAt('Infinity', NOW), undefined);
  });

  it('says minutes up to two hours and hours from there', () => {
    assert.equal(formatWait(119 * 60_000), '119 min');
    assert.equal(formatWait(119.4 * 60_000), '119 min');
    assert.equal(formatWait(120 * 60_000), '2 h');
    assert.equal(formatWait(119_000), '119 s');
    assert.equal(formatWait(120_000), '2 min');
  });

  it('counts a sent request down only while its window is open', () => {
    const open = new RateLimitTracker();
    open.observe({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(NOW / 1000 + 10) }, NOW);
    open.noteSent(NOW + 9_999);
    assert.equal(open.snapshot.remaining, 1);
    const closed = new RateLimitTracker();
    closed.observe({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(NOW / 1000 + 10) }, NOW);
    closed.noteSent(NOW + 10_000);
    assert.equal(closed.snapshot.remaining, 2, 'the window had reset: the old count no longer applies');
    const noReset = new RateLimitTracker();
    noReset.observe({ 'x-ratelimit-remaining': '2' }, NOW);
    noReset.noteSent(NOW);
    assert.equal(noReset.snapshot.remaining, 1);
    const none = new RateLimitTracker();
    none.noteSent(NOW);
    assert.equal(none.snapshot.remaining, undefined);
    const zero = new RateLimitTracker();
    zero.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 10) }, NOW);
    zero.noteSent(NOW);
    assert.equal(zero.snapshot.remaining, 0);
  });
});
