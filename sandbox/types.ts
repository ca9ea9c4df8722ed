// The sandbox's public types. `server.ts` re-exports them; the other sandbox files import them
// from here so that no file depends on the HTTP layer.

/** Which list envelope GET /agent/sessions answers with (PG:AI uses several across endpoints). */
export type EnvelopeKind = 'items' | 'territories' | 'dataPagination' | 'dataLimit' | 'array' | 'nestedData';

export const ENVELOPE_KINDS: readonly EnvelopeKind[] = [
  'items',
  'territories',
  'dataPagination',
  'dataLimit',
  'array',
  'nestedData',
];

export interface RateLimitOption {
  readonly limit: number;
  readonly windowMs: number;
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'pgai-sandbox-key'. */
  apiKey?: string;
  /** Fixed window per key. Default { limit: 60, windowMs: 60000 }; false turns it off. */
  rateLimit?: RateLimitOption | false;
  /** Default 'items'. */
  envelope?: EnvelopeKind;
  /** Default 42; the same seed (and clock day) gives identical data. */
  seed?: number;
  /** Default 520. */
  sessionCount?: number;
  /** JSON file where created sessions are persisted (loaded on start if present). */
  dataFile?: string;
  /** Default 0; added to every API response. */
  latencyMs?: number;
  /** A server that always returns page 1. */
  ignorePage?: boolean;
  /** Clock (epoch ms) for rate limiting, created_at of new sessions and the seeded data's anchor. */
  now?: () => number;
  /**
   * Addition: sessions in progress move through their statuses over time (queued, running,
   * waiting_for_input, then completed or failed), on the clock above. Off by default. `true` is
   * speed 1 (a step takes about a minute or two); `speed` multiplies how fast the clock drives
   * it, and 0 leaves it to `advance()` / `lifeStep()` only. Chosen at start; kept by `reset()`.
   */
  life?: LifeOption;
}

type LifeOption = boolean | { speed?: number };

/** One status change made by the life. */
export interface LifeChange {
  id: string;
  from: string;
  to: string;
  /** The session's new updated_at. */
  at: string;
}

/** Where the life stands (GET /__sandbox/life). */
export interface LifeState {
  enabled: boolean;
  /** 0 when the life is off or left to advance()/lifeStep(). */
  speed: number;
  /** Life time run so far, in ms: the clock's time since start (or reset) x speed, plus every advance. */
  elapsedMs: number;
  /** Changes made so far. */
  changes: number;
  /** The sessions still in progress, soonest next change first; `nextInMs` is in life time. */
  pending: { id: string; status: string; nextInMs: number }[];
  /** The latest changes (at most 100), oldest first. */
  recent: LifeChange[];
}

/** The options that can be changed while the sandbox runs. */
export type MutableOptions = Partial<Pick<SandboxOptions, 'envelope' | 'latencyMs' | 'ignorePage' | 'rateLimit' | 'apiKey'>>;

export type FaultAction =
  /** A canned response. `rawBody` wins over `body`; `body` is JSON-encoded. */
  | { status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> }
  /** Destroy the socket without any response. */
  | { kind: 'drop' }
  /** 200 headers + part of the body, then destroy the socket. */
  | { kind: 'dropMidBody' }
  /** Never respond (until close()). */
  | { kind: 'hang' }
  /** 200, content-type application/json, body 'not json at all'. */
  | { kind: 'nonJson' }
  /** 200, text/html body. */
  | { kind: 'html' }
  /** 200 with an empty body. */
  | { kind: 'empty' }
  /** 200 with a JSON body cut in half, Content-Length matching the cut body. */
  | { kind: 'truncated' }
  /** 200 with a valid JSON list padded to `bytes` (default 8 MiB). */
  | { kind: 'oversize'; bytes?: number }
  /** Wait, then serve normally. */
  | { kind: 'delay'; ms: number }
  /** Serve normally, with these headers added (or replacing the sandbox's own, such as `date`). */
  | { kind: 'headers'; headers: Record<string, string> }
  /** POST: really create the session, then destroy the socket. */
  | { kind: 'createThenDrop' }
  /** POST: really create, then never answer. */
  | { kind: 'createThenHang' }
  /** POST: really create, answer 201 with an empty body. */
  | { kind: 'createNoBody' }
  /** POST: create and answer 201 normally, but the session is never listed. */
  | { kind: 'createHidden' }
  /**
   * POST: really create, then answer `status` with `body` instead of the session (a gateway's
   * 502/504 after the backend stored it, or a 201 whose body holds no session such as `{}`).
   */
  | { kind: 'createThenStatus'; status: number; body?: unknown };

export interface Fault {
  /** Default: any method. */
  method?: 'GET' | 'POST';
  /**
   * Addition: the API path (after /public-api/v1) the fault applies to. Default
   * '/agent/sessions'; '*' matches every API path (health included).
   */
  path?: string;
  /** Fire on the nth matching request counted from when the fault was added (1-based). */
  nth?: number;
  /** Or fire with this probability (seeded PRNG, so runs are repeatable). */
  rate?: number;
  /**
   * How many times it may fire. Default 1 with `nth` (which then fires on requests nth,
   * nth+1, ... while times lasts), unlimited with `rate` or when neither is given (every
   * matching request).
   */
  times?: number;
  then: FaultAction;
}

/** One API request as the sandbox saw it. Never holds the key. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Status sent; 0 when no status line was sent (drop, hang, createThenDrop, createThenHang). */
  status: number;
  at: number;
  keyValid: boolean;
  /** The fault that fired, e.g. 'drop', 'status 503'. */
  fault?: string;
}

export interface SessionRecord {
  id: string;
  title: string | null;
  type: string;
  status: string;
  company_id: string | null;
  created_at: string;
  updated_at: string;
  [extra: string]: unknown;
}

export interface SessionFilter {
  status?: string;
  type?: string;
  company_id?: string;
  search?: string;
}

export interface Sandbox {
  /** e.g. 'http://127.0.0.1:41234/public-api/v1' */
  readonly baseUrl: string;
  /** e.g. 'http://127.0.0.1:41234' */
  readonly origin: string;
  readonly port: number;
  readonly apiKey: string;
  /** API requests only (not /__sandbox control calls); a snapshot. */
  readonly requests: readonly RecordedRequest[];
  /** Count of GET /agent/sessions requests. */
  listRequests(): number;
  addFault(fault: Fault): void;
  clearFaults(): void;
  setOptions(options: MutableOptions): void;
  /** Back to seeded data, no faults, requests cleared, rate window reset. Options are kept. */
  reset(): void;
  /** Every session the server holds (hidden ones too), newest first. */
  sessions(): readonly SessionRecord[];
  /** What the API would list for these filters (all pages; default sort: created_at desc). */
  query(q: SessionFilter & { sortBy?: 'created_at' | 'updated_at' | 'title'; sortOrder?: 'asc' | 'desc' }): SessionRecord[];
  /** Changes a session (status, type, title, company) and bumps its updated_at; undefined for an unknown id. */
  update(id: string, changes: Partial<Pick<SessionRecord, 'status' | 'type' | 'title' | 'company_id'>>): SessionRecord | undefined;
  /**
   * Holds every API request that arrives from now on (recorded, not yet answered) until
   * `release()` lets them go, oldest first; `release()` without a count releases all and stops
   * holding. For tests that need a request to be in flight while something else happens.
   */
  hold(): void;
  release(count?: number): void;
  /** Requests held by `hold()` and not released yet. */
  readonly held: number;
  /** API requests received and not yet answered (held ones included). */
  readonly inFlight: number;
  /**
   * With `life` on: runs the life `ms` forward at once (life time, whatever the speed) and
   * returns the changes it made, in order (changes the clock was due to make first). Changed
   * sessions get the clock's now as updated_at (a later millisecond when several change within
   * one, so the latest change sorts first). Throws when the life is off.
   */
  advance(ms: number): LifeChange[];
  /** With `life` on: makes the next `count` (default 1) scheduled changes at once; fewer when fewer sessions are still in progress. Throws when the life is off. */
  lifeStep(count?: number): LifeChange[];
  /** Where the life stands ({ enabled: false, ... } when it is off). */
  lifeState(): LifeState;
  /**
   * The URL template of the sessions' web pages (GET /app/sessions/{id}, no key needed), e.g.
   * 'http://127.0.0.1:41234/app/sessions/{id}'. Requests to them are recorded in `requests`.
   */
  readonly appUrlTemplate: string;
  /** Also ends hanging responses and open sockets. */
  close(): Promise<void>;
}
