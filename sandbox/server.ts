// A PG:AI-compatible sandbox: a real HTTP server on loopback that answers GET/POST
// /public-api/v1/agent/sessions like PG:AI does, plus faults, rate limiting and a control API.
// Plain Node (node: builtins only) so the extension host can start it in-process.
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_PAGE_HEADERS, APP_SESSIONS_PATH, appSessionId, renderNotFoundPage, renderSessionPage } from './appPage';
import { CONTROL_PREFIX, handleControl } from './control';
import { envelope } from './envelopes';
import { faultLabel, FaultRegistry } from './faults';
import { serveFault } from './faultResponses';
import { BadJson, BodyTooLarge, readJson, sendJson, sendText } from './http';
import { Life, lifeSpeed } from './life';
import { DEFAULT_PER_PAGE, parseListQuery } from './query';
import { RateLimiter } from './rateLimit';
import { parseCreateBody, SessionStore } from './store';
import type {
  EnvelopeKind,
  Fault,
  FaultAction,
  LifeChange,
  LifeState,
  MutableOptions,
  RateLimitOption,
  RecordedRequest,
  Sandbox,
  SandboxOptions,
  SessionFilter,
  SessionRecord,
} from './types';

// Every type of the sandbox's API, for its users (tests, bench, npm start).
export type * from './types';
export { ENVELOPE_KINDS } from './types';
export { COMPANIES, HOSTILE_TITLES } from './data';
export { FINISHED, IN_PROGRESS } from './life';
export { escapeHtml } from './appPage';

const API_PREFIX = '/public-api/v1';
export const DEFAULT_API_KEY = 'pgai-sandbox-key';
/** Accepted, but lacks the agent_sessions scope: every sessions request gets 403. */
export const READONLY_API_KEY = 'pgai-sandbox-readonly';
const DEFAULT_RATE_LIMIT: RateLimitOption = { limit: 60, windowMs: 60_000 };

const ERRORS = {
  unauthorized: { error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid or missing API key' } },
  forbidden: { error: { type: 'authorization_error', code: 'forbidden', message: 'API key lacks the agent_sessions scope' } },
  rateLimited: { error: 'Rate limit exceeded' },
  notFound: { error: 'Not found' },
  methodNotAllowed: { error: 'Method not allowed' },
} as const;

const ROUTES: Record<string, readonly string[]> = {
  '/agent/sessions': ['GET', 'POST'],
  '/health': ['GET'],
};

/** Query parameters that could carry a secret are never recorded as they are. */
const SECRET_PARAM = /key|token|secret|auth|password/i;

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  rec: RecordedRequest;
  headers: OutgoingHttpHeaders;
  fault?: FaultAction;
}

class SandboxServer implements Sandbox {
  private readonly server: Server;
  private readonly store: SessionStore;
  private readonly faults: FaultRegistry;
  private readonly now: () => number;
  private readonly seed: number;
  /** undefined: the life is off. */
  private readonly lifeSpeed: number | undefined;
  private life: Life | undefined;
  private key: string;
  private envelopeKind: EnvelopeKind;
  private latencyMs: number;
  private ignorePage: boolean;
  private limiter: RateLimiter | undefined;
  private recorded: RecordedRequest[] = [];
  private requestCounter = 0;
  private readonly hanging = new Set<ServerResponse>();
  /** Requests waiting for release() while holding. */
  private readonly gate: (() => void)[] = [];
  private holding = false;
  private active = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private address: AddressInfo | undefined;

  constructor(private readonly options: SandboxOptions) {
    this.now = options.now ?? Date.now;
    this.key = options.apiKey ?? DEFAULT_API_KEY;
    this.envelopeKind = options.envelope ?? 'items';
    this.latencyMs = options.latencyMs ?? 0;
    this.ignorePage = options.ignorePage ?? false;
    const rate = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    this.limiter = rate === false ? undefined : new RateLimiter(rate);
    const seed = options.seed ?? 42;
    this.seed = seed;
    this.lifeSpeed = lifeSpeed(options.life);
    this.store = new SessionStore({
      seed,
      count: options.sessionCount ?? 520,
      nowMs: this.now(),
      dataFile: options.dataFile,
    });
    this.faults = new FaultRegistry(seed);
    this.life = this.startLife();
    this.server = createServer((req, res) => {
      this.active++;
      res.once('close', () => this.active--);
      this.dispatch(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal sandbox error' });
        else res.destroy();
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
  }

  get port(): number {
    return this.address?.port ?? 0;
  }
  get origin(): string {
    const host = this.options.host ?? '127.0.0.1';
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }
  get baseUrl(): string {
    return this.origin + API_PREFIX;
  }
  get apiKey(): string {
    return this.key;
  }
  get appUrlTemplate(): string {
    return `${this.origin}${APP_SESSIONS_PATH}{id}`;
  }
  get requests(): readonly RecordedRequest[] {
    return this.recorded.map((r) => ({ ...r, query: { ...r.query } }));
  }

  listRequests(): number {
    return this.recorded.filter((r) => r.method === 'GET' && r.path === API_PREFIX + '/agent/sessions').length;
  }
  addFault(fault: Fault): void {
    this.faults.add(fault);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  setOptions(o: MutableOptions): void {
    if (o.envelope !== undefined) this.envelopeKind = o.envelope;
    if (o.latencyMs !== undefined) this.latencyMs = o.latencyMs;
    if (o.ignorePage !== undefined) this.ignorePage = o.ignorePage;
    if (o.apiKey !== undefined) this.key = o.apiKey;
    if (o.rateLimit !== undefined) this.limiter = o.rateLimit === false ? undefined : new RateLimiter(o.rateLimit);
  }
  reset(): void {
    this.store.reset();
    this.life = this.startLife();
    this.faults.reset();
    this.recorded = [];
    this.limiter?.reset();
  }
  sessions(): readonly SessionRecord[] {
    this.tick();
    return structuredClone(this.store.all());
  }
  query(q: SessionFilter & { sortBy?: 'created_at' | 'updated_at' | 'title'; sortOrder?: 'asc' | 'desc' }): SessionRecord[] {
    this.tick();
    const { sortBy, sortOrder, ...filter } = q;
    return structuredClone(this.store.filter(filter, sortBy, sortOrder));
  }
  update(id: string, changes: Partial<Pick<SessionRecord, 'status' | 'type' | 'title' | 'company_id'>>): SessionRecord | undefined {
    this.tick();
    const record = this.store.update(id, changes, this.now());
    if (record) this.life?.sync(record.id, record.status);
    return record === undefined ? undefined : structuredClone(record);
  }
  advance(ms: number): LifeChange[] {
    return this.lifeOrThrow().advance(ms, this.now());
  }
  lifeStep(count = 1): LifeChange[] {
    return this.lifeOrThrow().step(count, this.now());
  }
  lifeState(): LifeState {
    if (!this.life) return { enabled: false, speed: 0, elapsedMs: 0, changes: 0, pending: [], recent: [] };
    this.tick();
    return this.life.state();
  }

  private startLife(): Life | undefined {
    return this.lifeSpeed === undefined ? undefined : new Life(this.seed, this.lifeSpeed, this.now(), this.store);
  }
  private lifeOrThrow(): Life {
    if (!this.life) throw new Error('The sandbox life is off (start it with life: true)');
    return this.life;
  }
  /** Lets the life catch up with the clock (no timers: it runs when someone looks). */
  private tick(): void {
    this.life?.catchUp(this.now());
  }
  hold(): void {
    this.holding = true;
  }
  release(count?: number): void {
    if (count === undefined) this.holding = false;
    const n = count === undefined ? this.gate.length : Math.min(count, this.gate.length);
    for (const open of this.gate.splice(0, n)) open();
  }
  get held(): number {
    return this.gate.length;
  }
  get inFlight(): number {
    return this.active;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Resolves after `ms`, or never if the sandbox closes first. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(CONTROL_PREFIX + '/')) {
      return handleControl(this, req, res, url.pathname);
    }
    const method = req.method ?? 'GET';
    const given = req.headers['x-api-key'];
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) {
      if (k in query) continue;
      query[k] = SECRET_PARAM.test(k) || v === this.key ? '[redacted]' : v;
    }
    const rec: RecordedRequest = {
      method,
      path: url.pathname,
      query,
      status: 0,
      at: this.now(),
      keyValid: given === this.key || given === READONLY_API_KEY,
    };
    this.recorded.push(rec);
    // The web app's pages are not the API: no holding, latency, faults, key or rate limit.
    const appId = appSessionId(url.pathname);
    if (appId !== undefined) return this.appPage(req, res, rec, appId);
    if (this.holding) await new Promise<void>((open) => this.gate.push(open));
    const requestId = `req_${(++this.requestCounter).toString(16).padStart(8, '0')}`;
    // The Date header is on the sandbox's own clock, like its X-RateLimit-Reset epochs.
    const ctx: Ctx = { req, res, url, rec, headers: { 'x-request-id': requestId, date: new Date(this.now()).toUTCString() } };

    if (this.latencyMs > 0) await this.sleep(this.latencyMs);

    const apiPath = url.pathname.startsWith(API_PREFIX + '/') ? url.pathname.slice(API_PREFIX.length) : undefined;
    const allowed = apiPath === undefined ? undefined : ROUTES[apiPath];
    if (!allowed) return this.send(ctx, 404, ERRORS.notFound);
    if (!allowed.includes(method)) return this.send(ctx, 405, ERRORS.methodNotAllowed, { allow: allowed.join(', ') });

    const fault = this.faults.take(method, apiPath as string);
    if (fault) {
      rec.fault = faultLabel(fault);
      const status = serveFault(fault, {
        res,
        headers: ctx.headers,
        listBody: () => this.sampleList(url),
        hang: (r) => this.hanging.add(r),
      });
      if (status !== undefined) {
        rec.status = status;
        return;
      }
      if ('kind' in fault && fault.kind === 'delay') await this.sleep(fault.ms);
      if ('kind' in fault && fault.kind === 'headers') {
        // Replace same-named headers whatever their case (the sandbox's own are lower-case).
        for (const name of Object.keys(fault.headers)) delete ctx.headers[name.toLowerCase()];
        Object.assign(ctx.headers, fault.headers);
      }
      ctx.fault = fault;
    }

    if (apiPath === '/health') return this.send(ctx, 200, { status: 'ok' });

    if (!rec.keyValid) return this.send(ctx, 401, ERRORS.unauthorized);
    if (this.limiter) {
      const d = this.limiter.hit(given as string, this.now());
      ctx.headers['X-RateLimit-Limit'] = String(d.limit);
      ctx.headers['X-RateLimit-Remaining'] = String(d.remaining);
      ctx.headers['X-RateLimit-Reset'] = String(Math.ceil(d.resetAtMs / 1000));
      if (!d.allowed) return this.send(ctx, 429, ERRORS.rateLimited, { 'Retry-After': String(d.retryAfterSec) });
    }
    if (given === READONLY_API_KEY && given !== this.key) return this.send(ctx, 403, ERRORS.forbidden);

    return method === 'GET' ? this.list(ctx) : this.create(ctx);
  }

  private appPage(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, id: string): void {
    const method = req.method ?? 'GET';
    const headers = { ...APP_PAGE_HEADERS, date: new Date(this.now()).toUTCString() };
    if (method !== 'GET' && method !== 'HEAD') {
      rec.status = 405;
      return sendText(res, 405, 'Method not allowed', { ...headers, 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
    }
    this.tick();
    const session = this.store.get(id);
    rec.status = session ? 200 : 404;
    sendText(res, rec.status, session ? renderSessionPage(session) : renderNotFoundPage(id), headers);
  }

  private send(ctx: Ctx, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
    ctx.rec.status = status;
    sendJson(ctx.res, status, body, { ...ctx.headers, ...headers });
  }

  private list(ctx: Ctx): void {
    const parsed = parseListQuery(ctx.url.searchParams);
    if ('error' in parsed) return this.send(ctx, 400, { error: parsed.error });
    this.tick();
    const page = this.store.list(parsed.query, this.ignorePage);
    this.send(ctx, 200, envelope(this.envelopeKind, page.items, page));
  }

  /** A normal list body for a request, for the faults that break one. */
  private sampleList(url: URL): unknown {
    const parsed = parseListQuery(url.searchParams);
    const q = 'error' in parsed ? { page: 1, perPage: DEFAULT_PER_PAGE, sortBy: 'created_at' as const, sortOrder: 'desc' as const } : parsed.query;
    this.tick();
    const page = this.store.list(q, this.ignorePage);
    return envelope(this.envelopeKind, page.items, page);
  }

  private async create(ctx: Ctx): Promise<void> {
    let body: unknown;
    try {
      body = await readJson(ctx.req);
    } catch (e) {
      if (e instanceof BadJson) return this.send(ctx, 400, { error: 'Invalid JSON body' });
      if (e instanceof BodyTooLarge) return this.send(ctx, 413, { error: 'Request body too large' });
      throw e;
    }
    const parsed = parseCreateBody(body);
    if ('error' in parsed) return this.send(ctx, 400, { error: parsed.error });
    const kind = ctx.fault && 'kind' in ctx.fault ? ctx.fault.kind : undefined;
    this.tick();
    const session = this.store.create(parsed.input, this.now(), kind === 'createHidden', this.life ? 'queued' : 'active');
    this.life?.sync(session.id, session.status);
    switch (kind) {
      case 'createThenDrop':
        ctx.req.socket.destroy();
        return;
      case 'createThenHang':
        this.hanging.add(ctx.res);
        return;
      case 'createNoBody':
        return this.send(ctx, 201, undefined);
      case 'createThenStatus': {
        const { status, body: answer } = ctx.fault as { status: number; body?: unknown };
        return this.send(ctx, status, answer);
      }
      default:
        return this.send(ctx, 201, session);
    }
  }
}

/** Starts a sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = new SandboxServer(options);
  await sandbox.listen();
  return sandbox;
}
