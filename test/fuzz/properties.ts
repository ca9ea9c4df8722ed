// The pure fuzz properties: parsing, status mapping, retry decisions and the rate-limit hold, fed
// arbitrary bodies and headers. Each property takes its number of runs, so the unit suite runs a
// few hundred and `npm run fuzz` runs tens of thousands.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { statusError } from '../../src/api/errorMap';
import { PgaiError, isPgaiError } from '../../src/api/errors';
import { parseErrorBody, parseSession, parseSessionList } from '../../src/api/parse';
import { RateLimitTracker, parseRetryAfter, serverWaitMs } from '../../src/api/rateLimit';
import { createRedactor } from '../../src/api/redact';
import { CONNECT_FAILURE_CODES, errorCode, planRetry } from '../../src/api/retry';
import { FUZZ_KEY, FUZZ_NOW, anyBody, errorBodyText, headerBag, listBody, pgaiError, statusCode } from './arbitraries';

export interface FuzzProperty {
  readonly name: string;
  /** `npm run fuzz` runs this share of the usual count (for properties whose inputs are large). */
  readonly scale?: number;
  /** Runs the property `numRuns` times; throws (fast-check's report) on the first counterexample. */
  run(numRuns: number, seed?: number): void | Promise<void>;
}

const redact = createRedactor(FUZZ_KEY);
const context = { host: 'api.example.test', redact };

function checkPage(value: unknown, asked: { page: number; perPage: number }): void {
  try {
    const page = parseSessionList(value, asked);
    assert.ok(Array.isArray(page.sessions));
    assert.ok(Number.isInteger(page.skipped) && page.skipped >= 0);
    assert.ok(Number.isInteger(page.page) && page.page >= 1, `page ${page.page}`);
    assert.ok(Number.isInteger(page.perPage) && page.perPage >= 1, `perPage ${page.perPage}`);
    assert.ok(page.total === undefined || (Number.isFinite(page.total) && page.total >= 0));
    assert.equal(typeof page.hasMore, 'boolean');
    if (page.sessions.length + page.skipped === 0) assert.equal(page.hasMore, false, 'an empty page must end the list');
    for (const session of page.sessions) {
      assert.ok(typeof session.id === 'string' && /\S/.test(String(session.id)));
      for (const field of [session.title, session.type, session.status, session.companyId, session.createdAt, session.updatedAt]) {
        assert.ok(field === undefined || typeof field === 'string');
      }
    }
  } catch (error) {
    if (!isPgaiError(error, 'invalidResponse')) throw error;
    assert.ok(!error.message.includes(FUZZ_KEY));
  }
}

/** The kind a status maps to, written out independently of errorMap.ts. */
function expectedKind(status: number): PgaiError['kind'] {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'badRequest';
  return 'invalidResponse';
}

const retryContext = fc.record({
  method: fc.constantFrom('GET' as const, 'POST' as const),
  retriesDone: fc.integer({ min: 0, max: 6 }),
  maxRetries: fc.integer({ min: 0, max: 5 }),
  maxWaitMs: fc.integer({ min: 0, max: 120_000 }),
  remainingMs: fc.integer({ min: -1000, max: 120_000 }),
  baseDelayMs: fc.integer({ min: 0, max: 5_000 }),
  maxDelayMs: fc.integer({ min: 0, max: 30_000 }),
  r: fc.double({ min: 0, max: 1, noNaN: true }),
});

export const properties: readonly FuzzProperty[] = [
  {
    name: 'list bodies: a SessionPage or invalidResponse, never a crash',
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(listBody, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 50 }), (value, page, perPage) => {
          checkPage(value, { page, perPage });
          // The same value after a JSON round trip, as the wire delivers it.
          const wire = JSON.stringify(value);
          if (wire !== undefined) checkPage(JSON.parse(wire) as unknown, { page, perPage });
        }),
        { numRuns, seed },
      ),
  },
  {
    name: 'any value: parseSession gives a session or invalidResponse; parseErrorBody a short string',
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(anyBody, (value) => {
          try {
            const session = parseSession(value);
            assert.ok(typeof session.id === 'string' && session.id !== '');
          } catch (error) {
            if (!isPgaiError(error, 'invalidResponse')) throw error;
          }
          checkPage(value, { page: 1, perPage: 25 });
          const message = parseErrorBody(value);
          assert.ok(message === undefined || (typeof message === 'string' && message.length <= 300));
        }),
        { numRuns, seed },
      ),
  },
  {
    name: 'error responses: the right kind, a bounded wait, no key, and a POST is never retried',
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(
          statusCode.filter((s) => s < 200 || s >= 300),
          headerBag,
          errorBodyText,
          retryContext,
          (status, headers, body, ctx) => {
            const error = statusError(status, headers, Buffer.from(body), context, FUZZ_NOW);
            assert.ok(error instanceof PgaiError);
            assert.equal(error.kind, expectedKind(status));
            assert.equal(error.status, status);
            assert.equal(error.mayHaveReachedServer, true);
            for (const text of [error.message, error.serverMessage ?? '', error.requestId ?? '']) {
              assert.ok(!text.includes(FUZZ_KEY), `key leaked into: ${text}`);
            }
            assert.ok(error.message.length > 0 && error.message.length < 600);
            if (error.retryAfterMs !== undefined) {
              // A day at most (86,400,000 ms), and exactly the header's seconds when it has some.
              assert.ok(Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0 && error.retryAfterMs <= 86_400_000);
            }
            const { r, ...rest } = ctx;
            const post = planRetry({ ...rest, method: 'POST', error, random: () => r });
            assert.equal(post.retry, false, 'a POST answered by the server must never be retried');
            const get = planRetry({ ...rest, method: 'GET', error, random: () => r });
            if (get.retry) {
              assert.ok([429, 500, 502, 503, 504].includes(status), `GET retried after ${status}`);
              assert.ok(get.delayMs >= 0 && get.delayMs <= rest.maxWaitMs && get.delayMs < rest.remainingMs);
              if (error.retryAfterMs !== undefined) assert.equal(get.delayMs, error.retryAfterMs, 'the wait the server asked for');
            }
            // The other side: a retryable GET with retries and budget left is retried.
            const retryable = [429, 500, 502, 503, 504].includes(status) && rest.retriesDone < rest.maxRetries;
            const wait = error.retryAfterMs ?? Math.min(rest.maxDelayMs, rest.baseDelayMs * 2 ** (rest.retriesDone + 1));
            if (retryable && wait <= rest.maxWaitMs && wait < rest.remainingMs) assert.equal(get.retry, true, `a GET ${status} with budget left was not retried`);
          },
        ),
        { numRuns, seed },
      ),
  },
  {
    name: 'retry decisions: bounded, finite waits; retries only within the count; POST only when nothing was sent',
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(pgaiError, retryContext, (error, { r, ...ctx }) => {
          const decision = planRetry({ ...ctx, error, random: () => r });
          if (!decision.retry) return;
          assert.ok(Number.isFinite(decision.delayMs), `non-finite wait ${decision.delayMs}`);
          assert.ok(decision.delayMs >= 0, `negative wait ${decision.delayMs}`);
          assert.ok(decision.delayMs <= ctx.maxWaitMs, 'waits longer than maxWaitMs');
          assert.ok(decision.delayMs < ctx.remainingMs, 'waits past the budget');
          assert.ok(ctx.retriesDone < ctx.maxRetries, 'retries past maxRetries');
          if (ctx.method === 'POST') {
            const code = errorCode(error.cause);
            assert.equal(error.kind, 'connection');
            assert.equal(error.mayHaveReachedServer, false);
            assert.ok(code !== undefined && CONNECT_FAILURE_CODES.has(code), `POST retried after ${code}`);
          } else {
            assert.ok(['rateLimited', 'server', 'connection', 'timeout'].includes(error.kind), `GET retried after ${error.kind}`);
          }
        }),
        { numRuns, seed },
      ),
  },
  {
    name: 'rate-limit tracker: the hold never exceeds 30 s nor what the headers asked, and a 429 with Retry-After does hold',
    run: (numRuns, seed) =>
      fc.assert(
        fc.property(
          fc.array(fc.record({ headers: headerBag, status: statusCode, dt: fc.integer({ min: 0, max: 120_000 }), sent: fc.nat({ max: 3 }) }), {
            minLength: 1,
            maxLength: 12,
          }),
          (steps) => {
            const tracker = new RateLimitTracker();
            let now = FUZZ_NOW;
            /** The latest time any response said the window lasts until (what a hold may reach). */
            let askedUntil = now;
            /** Whether nothing was ever said to remain (a 0, or the local countdown reaching 0), or a 429 came. */
            let everLimited = false;
            for (const step of steps) {
              now += step.dt;
              for (let i = 0; i < step.sent; i++) tracker.noteSent(now);
              tracker.observe(step.headers, now, step.status);
              const wait = serverWaitMs(step.headers, now);
              assert.ok(wait === undefined || (Number.isFinite(wait) && wait >= 0 && wait <= 86_400_000));
              const reset = tracker.snapshot.resetAt;
              if (reset !== undefined) askedUntil = Math.max(askedUntil, reset);
              if (step.status === 429 && wait !== undefined) askedUntil = Math.max(askedUntil, now + wait);
              const hold = tracker.holdMs(now);
              assert.ok(Number.isFinite(hold) && hold >= 0 && hold <= 30_000, `hold ${hold}`);
              assert.ok(hold <= Math.max(0, askedUntil - now), `held ${hold} ms, longer than any header asked (${askedUntil - now} ms)`);
              // The other side: a 429 whose Retry-After is a readable number of seconds holds that long (to the cap).
              const retryAfter = step.headers['retry-after'];
              const seconds = typeof retryAfter === 'string' && /^\d{1,6}$/.test(retryAfter.trim()) ? parseRetryAfter(retryAfter, now) : undefined;
              if (step.status === 429 && seconds !== undefined) assert.ok(hold >= Math.min(seconds, 30_000), `a 429 asking ${seconds} ms held only ${hold} ms`);
              const snapshot = tracker.snapshot;
              assert.ok(snapshot.remaining === undefined || (Number.isSafeInteger(snapshot.remaining) && snapshot.remaining >= 0));
              everLimited ||= step.status === 429 || snapshot.remaining === 0;
              // A tracker that was never told nothing remains never holds.
              if (!everLimited) assert.equal(hold, 0, 'held although requests remain');
            }
          },
        ),
        { numRuns, seed },
      ),
  },
];
