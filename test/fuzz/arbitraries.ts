// fast-check arbitraries for what a server (or anything pretending to be one) can send back:
// bodies, header values, status codes and framings. Shared by the unit fuzz tests and `npm run fuzz`.
import fc from 'fast-check';
import { PgaiError, type PgaiErrorKind } from '../../src/api/errors';

/** Never a real key; distinctive so a leak anywhere is easy to find. */
export const FUZZ_KEY = 'pgai_fuzz_Q7w-Zp4Kx9Vb2Nm6';

/** Epoch ms the fake clocks start at. */
export const FUZZ_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

const sessionLike = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null), fc.constant(''), fc.double()),
    title: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
    type: fc.oneof(fc.constantFrom('chat', 'document', 'plan', 'canvas_settings', 'email', 'workspace', 'project'), fc.string()),
    status: fc.oneof(fc.constantFrom('active', 'completed', 'failed', 'running'), fc.string(), fc.constant(null)),
    company_id: fc.oneof(fc.uuid(), fc.constant(null), fc.integer()),
    created_at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), fc.constant(null)),
    secret: fc.constant(FUZZ_KEY),
  },
  { requiredKeys: [] },
);

const meta = {
  total: fc.oneof(fc.nat(), fc.jsonValue(), fc.constant(-1), fc.constant(1e308)),
  page: fc.oneof(fc.integer({ min: -3, max: 1000 }), fc.jsonValue()),
  per_page: fc.oneof(fc.integer({ min: -3, max: 100 }), fc.jsonValue()),
  nextPage: fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.jsonValue()),
  pageTotal: fc.oneof(fc.nat(), fc.jsonValue()),
  has_more: fc.oneof(fc.boolean(), fc.jsonValue()),
};

const items = fc.array(fc.oneof({ weight: 4, arbitrary: sessionLike }, { weight: 1, arbitrary: fc.jsonValue() }), { maxLength: 8 });

/** JSON values shaped like every envelope PG:AI uses, and like none of them. */
export const listBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  items,
  fc.record({ items, ...meta }, { requiredKeys: ['items'] }),
  fc.record({ data: fc.oneof(items, fc.record({ items, ...meta }, { requiredKeys: [] })), pagination: fc.record(meta, { requiredKeys: [] }) }, { requiredKeys: ['data'] }),
  fc.record({ sessions: items, results: items, meta: fc.record(meta, { requiredKeys: [] }) }, { requiredKeys: [] }),
  fc.dictionary(fc.string(), fc.jsonValue()),
  fc.constant({}),
);

/** Any JavaScript value, to check parsers never assume more than JSON. */
export const anyBody: fc.Arbitrary<unknown> = fc.oneof(listBody, fc.anything(), sessionLike);

const digits = fc.stringMatching(/^\d{1,25}(\.\d{1,6})?$/);
const httpDate = fc.date({ min: new Date(0), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toUTCString());
const visible = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

/** Values a rate-limit or Retry-After header could carry, sane and not. */
export const headerText: fc.Arbitrary<string> = fc.oneof(
  digits,
  httpDate,
  visible,
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.integer({ min: 0, max: 600 }).map((s) => String(Math.floor(FUZZ_NOW / 1000) + s)),
  fc.constantFrom('', ' ', '-1', 'NaN', 'Infinity', '1e400', '0x10', '9'.repeat(400), 'Thu, 01 Jan 1970 00:00:00 GMT', FUZZ_KEY),
);

export const contentType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/vnd.api+json',
    'text/json',
    'text/html; charset=utf-8',
    'text/plain',
    'application/octet-stream',
    'application/jsonx',
    '',
    ';;;',
    `application/${FUZZ_KEY}`,
  ),
  visible,
);

/** A response header bag as undici would hand it over (lower-case names, string or string[]). */
export const headerBag: fc.Arbitrary<Record<string, string | string[]>> = fc
  .tuple(
    fc.record(
      {
        'retry-after': fc.oneof(headerText, fc.array(headerText, { minLength: 1, maxLength: 3 })),
        'x-ratelimit-limit': headerText,
        'x-ratelimit-remaining': headerText,
        'x-ratelimit-reset': headerText,
        'content-type': contentType,
        'x-request-id': fc.oneof(visible, fc.constant(`req-${FUZZ_KEY}`), fc.constant('x-api-key: ' + FUZZ_KEY)),
        'content-length': fc.oneof(digits, visible),
      },
      { requiredKeys: [] },
    ),
    fc.array(fc.tuple(fc.constantFrom('x-extra', 'server', 'x-trace', 'Retry-After', 'X-RateLimit-Reset'), visible), { maxLength: 3 }),
  )
  .map(([known, extra]) => ({ ...Object.fromEntries(extra), ...known }));

/** HTTP status codes: every documented one, the common ones, and some nonsense. */
export const statusCode: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }),
  fc.integer({ min: 100, max: 999 }),
);

/** Error bodies in every shape seen, some echoing the key back. */
export const errorBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string().map((message) => JSON.stringify({ error: message })),
  fc.string().map((message) => JSON.stringify({ error: { type: 'x', code: 'y', message } })),
  fc.constant(JSON.stringify({ error: `invalid key ${FUZZ_KEY}` })),
  fc.constant(JSON.stringify({ message: `x-api-key: ${FUZZ_KEY} rejected` })),
  fc.constant(JSON.stringify({ error: encodeURIComponent(FUZZ_KEY) })),
  fc.constant('<html><body>Bad Gateway</body></html>'),
  fc.string({ maxLength: 300 }),
  fc.constant(''),
);

const ERROR_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HPE_INVALID_CONSTANT',
  'UND_ERR',
] as const;

const KINDS: readonly PgaiErrorKind[] = [
  'auth',
  'permission',
  'notFound',
  'badRequest',
  'rateLimited',
  'server',
  'connection',
  'timeout',
  'invalidResponse',
  'cancelled',
  'config',
];

/** Any PgaiError the client could build (and some it could not), with a cause chain. */
export const pgaiError: fc.Arbitrary<PgaiError> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    status: fc.option(statusCode, { nil: undefined }),
    retryAfterMs: fc.option(fc.oneof(fc.nat(), fc.integer({ min: 0, max: 24 * 3600_000 }), fc.constant(Number.POSITIVE_INFINITY), fc.constant(Number.NaN), fc.constant(-5)), { nil: undefined }),
    mayHaveReachedServer: fc.option(fc.boolean(), { nil: undefined }),
    code: fc.option(fc.constantFrom(...ERROR_CODES), { nil: undefined }),
    nested: fc.boolean(),
  })
  .map(({ kind, status, retryAfterMs, mayHaveReachedServer, code, nested }) => {
    const coded = code === undefined ? new Error('plain') : Object.assign(new Error(code), { code });
    const cause = nested ? new Error('outer', { cause: coded }) : coded;
    return new PgaiError(kind, `fuzz ${kind}`, { status, retryAfterMs, mayHaveReachedServer, cause });
  });

/**
 * Strings a server can send that have broken views before: lone UTF-16 surrogates (valid JSON,
 * "bad-\ud800"), NULs and other controls, bidi overrides and isolates, zero-width characters,
 * Markdown links with `command:` URIs, HTML, very long values (100 KB) and the key itself.
 */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '\ud83d', '\u0000', '\u202e', '\u2066', '\u200b', '\ufeff', '\n', '\r', '\t', 'a', 'é', '😀', '[', ']', '(', ')', '`', '<', '>', '&', '\\', '%', '/'), maxLength: 60 }) },
  { weight: 3, arbitrary: fc.constantFrom(
    'bad-\ud800',
    '\udc00lead',
    'nul\u0000inside',
    'Invoice \u202egnp.exe',
    '[click](command:workbench.action.openSettings)',
    '<img src=x onerror=alert(1)>',
    '**bold** `code` _em_',
    `echo ${FUZZ_KEY}`,
    '',
    '   ',
  ) },
  // 100 KB, rarer: generating it is the slow part of a run.
  { weight: 1, arbitrary: fc.nat({ max: 3 }).map((n) => `${'x'.repeat(100_000)}${'\ud800'.repeat(n)}`) },
);

/** A list item whose every field is hostile (the id stays a non-empty string so it is listed). */
export const hostileSession = fc.record({
  id: hostileString.filter((s) => s.trim() !== ''),
  title: hostileString,
  type: fc.oneof(fc.constantFrom('chat', 'email'), hostileString),
  status: hostileString,
  company_id: fc.oneof(fc.uuid(), hostileString),
  created_at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileString),
  updated_at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileString),
  'extra\u202efield': hostileString,
});
