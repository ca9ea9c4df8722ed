// The fault matrix: one row per fault, shared by the client-level suite (test/unit/faults), the
// real-VS-Code suite (test/integration/faultMatrix.test.ts) and the generator of
// docs/RELIABILITY.md (scripts/reliability-doc.ts), so the table and the tests cannot drift.
// No vscode and no mocha imports here.
import type { PgaiErrorKind } from '../../src/api/errors';
import type { Fault, Sandbox } from '../../sandbox/server';

type RequestKind = 'list' | 'create';

/** What the real VS Code suite checks after the fault. */
type UiExpectation =
  /** Group loaded, fault injected, Refresh: the sessions stay and an error item reads `label`. */
  | { readonly kind: 'errorKept'; readonly label: RegExp }
  /**
   * PG:AI cannot be reached: the sessions stay, no group shows an error item, and the view's one
   * message reads `label` (with nothing loaded, a welcome view with Retry says it instead).
   */
  | { readonly kind: 'unreachableKept'; readonly label: RegExp }
  /** Group loaded, fault injected, Refresh: it recovers by itself (no error item), within `withinMs` when given. */
  | { readonly kind: 'recovers'; readonly withinMs?: number }
  /**
   * Group loaded, fault injected, Refresh: an error item reads `label`; the user's Refresh then
   * sends one request at once, whatever the client believes, and the list is back.
   */
  | { readonly kind: 'probe'; readonly label: RegExp }
  /** Group loaded, fault injected, Refresh; then Load more (no probe) is held between the two bounds (ms). */
  | { readonly kind: 'holdNext'; readonly withinMs: readonly [number, number] }
  /** The view switches to the welcome state `state`; the key stays stored. */
  | { readonly kind: 'welcome'; readonly state: 'authFailed' | 'forbidden' }
  /** A group expanded while the fault is active shows `sessions` sessions and `tail` at its end. */
  | { readonly kind: 'firstPage'; readonly sessions: number; readonly tail: 'empty' | 'none' | 'more' }
  /** A group expanded and paged to its end shows `sessions` distinct sessions, no duplicate, no "Load more". */
  | { readonly kind: 'paged'; readonly sessions: number }
  /** The create command: created (and shown in the tree) or a failure message; what the sandbox holds. */
  | {
      readonly kind: 'create';
      readonly outcome: 'created' | 'failed';
      readonly message?: RegExp;
      /** Sessions with the row's title on the server afterwards. */
      readonly onServer: number;
      readonly inTree?: boolean;
    };

export interface MatrixRow {
  readonly id: string;
  readonly fault: string;
  readonly request: RequestKind;
  /** Retries the client makes (attempts - 1) with its default policy (3 retries for a GET). */
  readonly retries: number;
  /** The client's result: a page/session, or the PgaiError kind. */
  readonly client: 'ok' | PgaiErrorKind;
  /** For 'ok' list rows: sessions the page holds (after skipping unusable items). */
  readonly clientSessions?: number;
  readonly user: string;
  readonly kept: string;
  readonly ui: UiExpectation;
  /** Sets the fault up. `now` is epoch ms. */
  readonly inject?: (sandbox: Sandbox, now: number) => void;
  /**
   * Rows that need more than a fault: a closed port; paging; a second call (`holdNext`: how long
   * the client holds it, in ms between the two bounds); the user's probe after the failure.
   */
  readonly special?: 'refused' | 'paging' | 'probe' | { readonly holdNext: readonly [number, number] };
  /** Undo options the row set (faults are cleared by the suites). */
  readonly cleanup?: (sandbox: Sandbox) => void;
}

const get = (then: Fault['then'], extra: Partial<Fault> = {}): ((sb: Sandbox) => void) => (sb) => sb.addFault({ method: 'GET', then, ...extra });
const post = (then: Fault['then'], extra: Partial<Fault> = {}): ((sb: Sandbox) => void) => (sb) => sb.addFault({ method: 'POST', then, ...extra });

const session = (id: string, n: number) => ({
  id,
  title: `Matrix ${n}`,
  type: 'chat',
  status: 'completed',
  company_id: null,
  created_at: '2026-01-15T10:00:00Z',
  updated_at: '2026-01-15T10:00:00Z',
});

const KEPT_LOADED = 'Sessions already loaded stay listed; expansion and settings unchanged';

export const MATRIX: readonly MatrixRow[] = [
  {
    id: 'list-400',
    fault: '400 Bad Request',
    request: 'list',
    retries: 0,
    client: 'badRequest',
    inject: get({ status: 400, body: { error: 'per_page must be at most 50' } }),
    user: 'Error item in the group: "PG:AI rejected the request (400): <server message>." with Retry',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /rejected the request \(400\): per_page must be at most 50/ },
  },
  {
    id: 'list-401',
    fault: '401 Unauthorized',
    request: 'list',
    retries: 0,
    client: 'auth',
    inject: get({ status: 401, body: { error: 'Invalid API key' } }),
    user: 'Welcome view "PG:AI rejected the saved API key (401)" with Update API Key',
    kept: 'Settings; the list is back after Update API Key (tested)',
    ui: { kind: 'welcome', state: 'authFailed' },
  },
  {
    id: 'list-403',
    fault: '403 Forbidden',
    request: 'list',
    retries: 0,
    client: 'permission',
    inject: get({ status: 403, body: { error: { type: 'authorization_error', code: 'forbidden', message: 'Missing scope agent_sessions' } } }),
    user: 'Welcome view "This API key lacks permission for agent sessions (403)"',
    kept: 'Settings; the list is back after Update API Key (tested)',
    ui: { kind: 'welcome', state: 'forbidden' },
  },
  {
    id: 'list-404',
    fault: '404 Not Found',
    request: 'list',
    retries: 0,
    client: 'notFound',
    inject: get({ status: 404, body: { error: 'Not found' } }),
    user: 'Error item: "PG:AI could not find what was asked for (404): Not found." with Retry',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /could not find what was asked for \(404\)/ },
  },
  {
    id: 'list-429-retry-after',
    fault: '429 with Retry-After: 1',
    request: 'list',
    retries: 1,
    client: 'ok',
    inject: get({ status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '1' } }, { times: 1 }),
    user: 'Nothing but the view\'s progress bar for 1 s; then the refreshed list',
    kept: KEPT_LOADED,
    ui: { kind: 'recovers' },
  },
  {
    id: 'list-429-no-retry-after',
    fault: '429 without Retry-After (every time)',
    request: 'list',
    retries: 3,
    client: 'rateLimited',
    inject: get({ status: 429, body: { error: 'Rate limit exceeded' } }),
    user: 'Error item (a clock): "Rate limited by PG:AI · select to retry"',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /Rate limited by PG:AI/ },
  },
  {
    id: 'list-500',
    fault: '500 Internal Server Error (every time)',
    request: 'list',
    retries: 3,
    client: 'server',
    inject: get({ status: 500, body: { error: 'Internal error' } }),
    user: 'Error item: "PG:AI had a server error (500); try again later." with Retry',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /server error \(500\)/ },
  },
  {
    id: 'list-502',
    fault: '502 Bad Gateway (every time, HTML body)',
    request: 'list',
    retries: 3,
    client: 'server',
    inject: get({ status: 502, rawBody: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }),
    user: 'Error item: "PG:AI had a server error (502); try again later."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /server error \(502\)/ },
  },
  {
    id: 'list-503',
    fault: '503 Service Unavailable (every time)',
    request: 'list',
    retries: 3,
    client: 'server',
    inject: get({ status: 503, body: { error: 'Service unavailable' } }),
    user: 'Error item: "PG:AI had a server error (503); try again later."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /server error \(503\)/ },
  },
  {
    id: 'list-503-once',
    fault: '503 once, then fine',
    request: 'list',
    retries: 1,
    client: 'ok',
    inject: get({ status: 503, body: { error: 'Service unavailable' } }, { times: 1 }),
    user: 'Nothing (retried after a short backoff); the refreshed list',
    kept: KEPT_LOADED,
    ui: { kind: 'recovers' },
  },
  {
    id: 'list-504',
    fault: '504 Gateway Timeout (every time)',
    request: 'list',
    retries: 3,
    client: 'server',
    inject: get({ status: 504 }),
    user: 'Error item: "PG:AI had a server error (504); try again later."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /server error \(504\)/ },
  },
  {
    id: 'list-refused',
    fault: 'Connection refused',
    request: 'list',
    special: 'refused',
    retries: 3,
    client: 'connection',
    user: 'The view\'s message: "Could not reach PG:AI at <host>: connection refused. Showing what was loaded; Refresh to try again." (nothing loaded: a welcome view with Retry)',
    kept: KEPT_LOADED,
    ui: { kind: 'unreachableKept', label: /Could not reach PG:AI at .*connection refused.*Refresh to try again/ },
  },
  {
    id: 'list-reset-mid-body',
    fault: 'Connection reset mid-body (every time)',
    request: 'list',
    retries: 3,
    client: 'connection',
    inject: get({ kind: 'dropMidBody' }),
    user: 'The view\'s message: "The connection to PG:AI at <host> was lost before the response was complete. Showing what was loaded; …"',
    kept: KEPT_LOADED,
    ui: { kind: 'unreachableKept', label: /connection to PG:AI at .* was lost.*Showing what was loaded/ },
  },
  {
    id: 'list-never-finishes',
    fault: 'A response that never finishes (once), then fine',
    request: 'list',
    retries: 1,
    client: 'ok',
    inject: get({ kind: 'hang' }, { times: 1 }),
    user: 'Progress bar until the attempt timeout (15 s), then the retried request\'s list',
    kept: KEPT_LOADED,
    ui: { kind: 'recovers' },
  },
  {
    id: 'list-empty-body',
    fault: '200 with an empty body',
    request: 'list',
    retries: 0,
    client: 'invalidResponse',
    inject: get({ kind: 'empty' }),
    user: 'Error item: "PG:AI sent an empty response."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /PG:AI sent an empty response/ },
  },
  {
    id: 'list-html',
    fault: '200 with HTML instead of JSON',
    request: 'list',
    retries: 0,
    client: 'invalidResponse',
    inject: get({ kind: 'html' }),
    user: 'Error item: "PG:AI sent a response that is not JSON (text/html)."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /not JSON \(text\/html\)/ },
  },
  {
    id: 'list-empty-object',
    fault: '200 with `{}` (the documented example)',
    request: 'list',
    retries: 0,
    client: 'ok',
    clientSessions: 0,
    inject: get({ status: 200, body: {} }),
    user: 'The welcome view "No agent sessions yet" with Create Session (in a group: "No sessions")',
    kept: 'Nothing to keep: the server says the list is empty',
    ui: { kind: 'firstPage', sessions: 0, tail: 'empty' },
  },
  {
    id: 'list-unexpected-key',
    fault: 'The list under an unexpected key (`{"rows": [...]}`)',
    request: 'list',
    retries: 0,
    client: 'invalidResponse',
    inject: get({ status: 200, body: { rows: [session('u-1', 1)], count: 1 } }),
    user: 'Error item: "PG:AI sent an unexpected response to the session list (an object without a list of sessions)."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /unexpected response to the session list/ },
  },
  {
    id: 'list-items-not-objects',
    fault: 'Items that are not objects (`[1, "x", null, [], {…}]`)',
    request: 'list',
    retries: 0,
    client: 'ok',
    clientSessions: 1,
    inject: get({ status: 200, body: { items: [1, 'x', null, [], session('ok-1', 1)], total: 5 } }),
    user: 'The one usable session; a log line says how many items could not be shown',
    kept: 'Every usable item',
    ui: { kind: 'firstPage', sessions: 1, tail: 'none' },
  },
  {
    id: 'list-no-ids',
    fault: 'Sessions without ids (missing, empty, null)',
    request: 'list',
    retries: 0,
    client: 'ok',
    clientSessions: 1,
    inject: get({ status: 200, body: { items: [{ title: 'no id' }, { id: '', title: 'empty' }, { id: null }, session('ok-2', 2)] } }),
    user: 'The sessions that have an id; a log line counts the rest',
    kept: 'Every session with an id',
    ui: { kind: 'firstPage', sessions: 1, tail: 'none' },
  },
  {
    id: 'list-duplicates-across-pages',
    fault: 'Duplicate ids across pages (page 2 repeats one of page 1)',
    request: 'list',
    special: 'paging',
    retries: 0,
    client: 'ok',
    clientSessions: 3,
    inject: (sb) => {
      const meta = { total: 6, per_page: 3 };
      sb.addFault({ method: 'GET', nth: 1, then: { status: 200, body: { items: [session('d-1', 1), session('d-2', 2), session('d-3', 3)], page: 1, ...meta } } });
      sb.addFault({ method: 'GET', nth: 2, then: { status: 200, body: { items: [session('d-3', 3), session('d-4', 4), session('d-5', 5)], page: 2, ...meta } } });
    },
    user: 'Each session once (5 after "Load more"); "Load more" disappears after the last page',
    kept: 'Everything loaded; the repeated session is shown once',
    ui: { kind: 'paged', sessions: 5 },
  },
  {
    id: 'list-ignores-page',
    fault: 'A server that ignores `page` (always page 1)',
    request: 'list',
    special: 'paging',
    retries: 0,
    client: 'ok',
    inject: (sb) => sb.setOptions({ ignorePage: true }),
    cleanup: (sb) => sb.setOptions({ ignorePage: false }),
    user: 'The first page once; after one "Load more" the repeat is noticed, no duplicates, "Load more" disappears',
    kept: 'The first page',
    ui: { kind: 'paged', sessions: 25 },
  },
  {
    id: 'list-oversize',
    fault: 'A body over the size cap (8 MiB > 4 MiB)',
    request: 'list',
    retries: 0,
    client: 'invalidResponse',
    inject: get({ kind: 'oversize' }),
    user: 'Error item: "PG:AI\'s response was too large (over 4 MiB)."',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /too large/ },
  },
  {
    id: 'create-400',
    fault: '400 on create',
    request: 'create',
    retries: 0,
    client: 'badRequest',
    inject: post({ status: 400, body: { error: 'title must be at most 500 characters' } }),
    user: 'The server\'s message; the quick input reopens with everything typed',
    kept: 'Type, title and company as typed',
    ui: { kind: 'create', outcome: 'failed', message: /title must be at most 500 characters/, onServer: 0 },
  },
  {
    id: 'create-500',
    fault: '500 on create',
    request: 'create',
    retries: 0,
    client: 'server',
    inject: post({ status: 500, body: { error: 'Internal error' } }),
    user: '"Could not create the session: PG:AI had a server error (500)…" with Try Again (prefilled)',
    kept: 'Type, title and company as typed; no automatic retry',
    ui: { kind: 'create', outcome: 'failed', message: /server error \(500\)/, onServer: 0 },
  },
  {
    id: 'create-refused',
    fault: 'Connection refused on create',
    request: 'create',
    special: 'refused',
    retries: 3,
    client: 'connection',
    user: '"…connection refused" with Try Again; retried automatically first, since nothing was sent',
    kept: 'Type, title and company as typed',
    ui: { kind: 'create', outcome: 'failed', message: /connection refused/, onServer: 0 },
  },
  {
    id: 'create-dropped-after-create',
    fault: 'Connection dropped after the server created the session',
    request: 'create',
    retries: 0,
    client: 'connection',
    inject: post({ kind: 'createThenDrop' }),
    user: '"The connection failed, but the session “…” was created." (found on the first page), shown in the tree',
    kept: 'The one created session; no duplicate',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'create-timeout-after-create',
    fault: 'Create that never answers (timeout) after the server created it',
    request: 'create',
    retries: 0,
    client: 'timeout',
    inject: post({ kind: 'createThenHang' }),
    user: 'Progress until the timeout (15 s), then "…was created." (found on the first page)',
    kept: 'The one created session; no duplicate',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'create-201-no-body',
    fault: '201 without a body',
    request: 'create',
    retries: 0,
    client: 'invalidResponse',
    inject: post({ kind: 'createNoBody' }),
    user: "\"PG:AI's answer could not be read, but the session “…” was created.\" (found on the first page), shown in the tree; never a blind retry",
    kept: 'The one created session; no duplicate',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'create-not-in-first-page',
    fault: 'A created session that does not appear in the first page',
    request: 'create',
    retries: 0,
    client: 'ok',
    inject: post({ kind: 'createHidden' }),
    user: '"Created session “…”." and the session at the top of its group, revealed',
    kept: 'The created session in its group until the next refresh',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'list-429-reset-future',
    fault: '429 with X-RateLimit-Remaining: 0 and a reset 2 min ahead',
    request: 'list',
    retries: 0,
    client: 'rateLimited',
    inject: (sb, now) =>
      sb.addFault({
        method: 'GET',
        times: 1,
        then: {
          status: 429,
          body: { error: 'Rate limit exceeded' },
          headers: { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil(now / 1000) + 120) },
        },
      }),
    user: 'Error item (a clock): "Retrying at HH:MM · rate limited by PG:AI" (the tooltip: "…resolves itself in 2 min"); no request is sent until then',
    kept: KEPT_LOADED,
    ui: { kind: 'errorKept', label: /^Retrying at \d\d?:\d\d( [AP]M)? · rate limited by PG:AI$/ },
  },
  {
    id: 'create-502-after-create',
    fault: 'A gateway\'s 502 after the backend stored the session',
    request: 'create',
    retries: 0,
    client: 'server',
    inject: post({ kind: 'createThenStatus', status: 502, body: { error: 'Bad gateway' } }),
    user: '"Created session “…” (PG:AI’s answer was lost, but reading back found it)." shown in the tree; never Try Again',
    kept: 'The one created session; no duplicate',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'create-504-after-create',
    fault: 'A gateway\'s 504 after the backend stored the session',
    request: 'create',
    retries: 0,
    client: 'server',
    inject: post({ kind: 'createThenStatus', status: 504, body: { error: 'Gateway timeout' } }),
    user: 'As for the 502: read back, found, reported created',
    kept: 'The one created session; no duplicate',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'create-201-empty-object',
    fault: '201 whose body is `{}` (no session in it)',
    request: 'create',
    retries: 0,
    client: 'invalidResponse',
    inject: post({ kind: 'createThenStatus', status: 201, body: {} }),
    user: 'Reported created (PG:AI said 201); the one matching session read back is shown and revealed',
    kept: 'The one created session; no duplicate',
    ui: { kind: 'create', outcome: 'created', onServer: 1, inTree: true },
  },
  {
    id: 'list-429-a-day',
    fault: '429 with Retry-After: 86400 (a day)',
    request: 'list',
    special: 'probe',
    retries: 0,
    client: 'rateLimited',
    inject: get({ status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'Retry-After': '86400' } }, { times: 1 }),
    user: 'Error item (a clock): "Retrying at <day> HH:MM · rate limited by PG:AI"; Refresh or Retry sends one request at once',
    kept: `${KEPT_LOADED}; never locked out: a request the client holds goes out within 30 s`,
    ui: { kind: 'probe', label: /^Retrying at \w{3},? \d\d?:\d\d( [AP]M)? · rate limited by PG:AI$/ },
  },
  {
    id: 'list-reset-skewed-clock',
    fault: 'Remaining 0 and an X-RateLimit-Reset epoch 3 s ahead, on a server clock 10 minutes ahead of ours',
    request: 'list',
    special: { holdNext: [2_000, 5_000] },
    retries: 0,
    client: 'ok',
    inject: (sb, now) => {
      const server = now + 10 * 60_000;
      sb.addFault({
        method: 'GET',
        times: 1,
        then: { kind: 'headers', headers: { date: new Date(server).toUTCString(), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil(server / 1000) + 3) } },
      });
    },
    user: 'The next request (Load more) waits about 3 s: the reset is read on the server\'s clock, not as 10 minutes away',
    kept: 'The list',
    ui: { kind: 'holdNext', withinMs: [2_000, 6_000] },
  },
  {
    id: 'list-lone-surrogates',
    fault: 'Ids, statuses and titles with lone UTF-16 surrogates (valid JSON, "bad-\\ud800")',
    request: 'list',
    retries: 0,
    client: 'ok',
    clientSessions: 3,
    inject: get(
      {
        status: 200,
        body: {
          items: [
            { ...session('bad-\ud800', 1), status: 'st-\udc00', title: 'half \ud83d a smile' },
            { ...session('bad-\ud801', 2), status: 'st-\udc00' },
            { ...session('\udfff\ud800', 3), type: 'x\ud800' },
          ],
        },
      },
      { times: 1 },
    ),
    user: 'Three rows, the broken characters shown as �; ids stay distinct; nothing throws',
    kept: 'Everything',
    ui: { kind: 'firstPage', sessions: 3, tail: 'none' },
  },
  {
    id: 'list-100-kb-fields',
    fault: 'A 100 KB id, title and status',
    request: 'list',
    retries: 0,
    client: 'ok',
    clientSessions: 2,
    inject: get(
      {
        status: 200,
        body: { items: [{ ...session(`long-${'i'.repeat(100_000)}`, 1), title: 't'.repeat(100_000), status: 's'.repeat(100_000) }, session('short-2', 2)] },
      },
      { times: 1 },
    ),
    user: 'Two rows; the long title cut to 120 characters with "…"; item ids stay short',
    kept: 'Everything',
    ui: { kind: 'firstPage', sessions: 2, tail: 'none' },
  },
  {
    id: 'list-shifting-ignores-page',
    fault: 'A server that ignores `page` while a session is added between clicks (says has_more)',
    request: 'list',
    special: 'paging',
    retries: 0,
    client: 'ok',
    inject: (sb) => {
      const more = { has_more: true };
      sb.addFault({ method: 'GET', nth: 1, then: { status: 200, body: { items: [session('s-1', 1), session('s-2', 2), session('s-3', 3)], ...more } } });
      sb.addFault({ method: 'GET', nth: 2, times: 2, then: { status: 200, body: { items: [session('s-new', 4), session('s-1', 1), session('s-2', 2)], ...more } } });
    },
    user: 'Four sessions; "Load more" goes once a page brings nothing new',
    kept: 'Everything loaded, once each',
    ui: { kind: 'paged', sessions: 4 },
  },
];

/** The test name of a row, the same in both suites. */
export function testName(row: MatrixRow): string {
  return `${row.id}: ${row.fault} (${row.request})`;
}
