import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPgaiError } from '../../../src/api/errors';
import { parseErrorBody, parseSession, parseSessionList } from '../../../src/api/parse';
import { MAX_HEADER_WAIT_MS, RateLimitTracker, parseResetAt, parseRetryAfter, serverWaitMs } from '../../../src/api/rateLimit';
import { REDACTED, createRedactor } from '../../../src/api/redact';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const asked = fc.record({ page: fc.integer({ min: 1, max: 1000 }), perPage: fc.integer({ min: 1, max: 50 }) });

/** Any JSON value, and JSON values shaped like the envelopes, so both paths get exercised. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.anything(),
  fc.record({ items: fc.array(fc.jsonValue()), total: fc.jsonValue(), page: fc.jsonValue(), nextPage: fc.jsonValue() }, { requiredKeys: ['items'] }),
  fc.record({ data: fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())), pagination: fc.jsonValue() }),
  fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), title: fc.jsonValue() }, { requiredKeys: [] })),
);

const headerValue = fc.oneof(
  fc.string(),
  fc.stringMatching(/^\d{1,20}(\.\d{1,5})?$/),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom('', ' ', '-1', 'NaN', 'Infinity', '1e400', '0x10', '999999999999999999999999'),
);

describe('properties', () => {
  it('parseSessionList returns a SessionPage or throws invalidResponse, for any value', () => {
    fc.assert(
      fc.property(body, asked, (value, query) => {
        try {
          const page = parseSessionList(value, query);
          assert.ok(Array.isArray(page.sessions));
          assert.ok(page.skipped >= 0 && Number.isInteger(page.skipped));
          assert.ok(Number.isInteger(page.page) && page.page >= 1);
          assert.ok(Number.isInteger(page.perPage) && page.perPage >= 1);
          assert.equal(typeof page.hasMore, 'boolean');
          if (page.sessions.length + page.skipped === 0) assert.equal(page.hasMore, false);
          for (const session of page.sessions) {
            assert.equal(typeof session.id, 'string');
            assert.notEqual(session.id, '');
            for (const field of [session.title, session.type, session.status, session.companyId, session.createdAt, session.updatedAt]) {
              assert.ok(field === undefined || typeof field === 'string');
            }
          }
        } catch (error) {
          if (!isPgaiError(error, 'invalidResponse')) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parseSession and parseErrorBody never throw anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        try {
          assert.equal(typeof parseSession(value).id, 'string');
        } catch (error) {
          if (!isPgaiError(error, 'invalidResponse')) throw error;
        }
        const message = parseErrorBody(value);
        assert.ok(message === undefined || (typeof message === 'string' && message.length <= 300));
      }),
      { numRuns: 300 },
    );
  });

  it('rate-limit header parsers never throw and give bounded waits', () => {
    fc.assert(
      fc.property(headerValue, headerValue, headerValue, headerValue, (retryAfter, reset, limit, remaining) => {
        const wait = parseRetryAfter(retryAfter, NOW);
        assert.ok(wait === undefined || (Number.isFinite(wait) && wait >= 0 && wait <= MAX_HEADER_WAIT_MS));
        const at = parseResetAt(reset, NOW);
        assert.ok(at === undefined || (Number.isFinite(at) && at <= NOW + MAX_HEADER_WAIT_MS));
        const headers = { 'retry-after': retryAfter, 'x-ratelimit-reset': reset, 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': remaining };
        const server = serverWaitMs(headers, NOW);
        assert.ok(server === undefined || (server >= 0 && server <= MAX_HEADER_WAIT_MS));
        const tracker = new RateLimitTracker();
        tracker.observe(headers, NOW, 429);
        const hold = tracker.holdMs(NOW);
        assert.ok(Number.isFinite(hold) && hold >= 0 && hold <= MAX_HEADER_WAIT_MS);
      }),
      { numRuns: 500 },
    );
  });

  it('the redactor never leaves the key in any text', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9_+/=.-]{8,48}$/).filter((k) => !REDACTED.includes(k));
    fc.assert(
      fc.property(key, fc.array(fc.string(), { maxLength: 4 }), (secret, parts) => {
        const out = createRedactor(secret)(parts.join(secret) + secret);
        assert.ok(!out.includes(secret));
      }),
      { numRuns: 300 },
    );
  });
});
