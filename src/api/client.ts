// PgaiClient: the SessionsApi over HTTP. Composes the pure parts (baseUrl, parse, rateLimit,
// retry, redact, errorMap) with the transport; knows nothing of VS Code.

import type { Dispatcher } from 'undici';
import { type ApiEndpoint, DEFAULT_BASE_URL, parseBaseUrl } from './baseUrl';
import { PgaiError } from './errors';
import { invalidResponse, networkError, requestIdOf, statusError } from './errorMap';
import { type Logger, logsAt, silentLogger } from './logger';
import { parseSession, parseSessionList } from './parse';
import { RateLimitTracker, formatWait, headerValue, rateLimitedError } from './rateLimit';
import { type Redactor, createRedactor } from './redact';
import { type Method, cancelledError, planRetry, sleep as defaultSleep } from './retry';
import type { SessionsApi } from './sessionsApi';
import { SharedRequests } from './shared';
import { type RawResponse, createDispatcher, sendOnce } from './transport';
import { type CallOptions, type CreateSessionInput, type ListQuery, type RateLimitSnapshot, type Session, type SessionPage, clampPerPage } from './types';

/** Without a version: the extension passes its own user agent, with its version and VS Code's. */
const DEFAULT_USER_AGENT = 'pgai-sessions-vscode';

export interface PgaiClientOptions {
  /** Default DEFAULT_BASE_URL. */
  readonly baseUrl?: string;
  /** Plain http to a host other than this machine (tests through a proxy only; see BaseUrlRules). */
  readonly plainHttpAnywhere?: boolean;
  readonly apiKey: string;
  /** Default `pgai-sessions-vscode`. */
  readonly userAgent?: string;
  readonly logger?: Logger;
  /** VS Code's http.proxy; without it HTTPS_PROXY/HTTP_PROXY from `env` are used. */
  readonly proxyUrl?: string;
  /** VS Code's http.noProxy: hosts never reached through a proxy (NO_PROXY from `env` counts too). Loopback never is. */
  readonly noProxy?: readonly string[];
  /** Where proxy variables are read from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Headers and body of one attempt (default 15 s). */
  readonly attemptTimeoutMs?: number;
  /** All attempts and waits of one call (default 45 s). */
  readonly totalTimeoutMs?: number;
  /** Retries of a GET (default 3). */
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Longer Retry-After or rate-limit waits fail fast (default 60 s). */
  readonly maxWaitMs?: number;
  /** Default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** The clock of every deadline, hold and wait (default Date.now); `sleep` waits on it. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

interface Reply {
  readonly status: number;
  readonly json: unknown;
  /** The server's clock when it answered (its Date header), epoch ms. */
  readonly serverTime?: number;
}

/** One call: what is sent, and the budget its attempts and waits share. */
interface Call {
  readonly method: Method;
  readonly path: string;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** When the call's total budget ends, on the client's clock. */
  readonly deadline: number;
  readonly probe: boolean;
}

function clampPage(page: number | undefined): number {
  if (page === undefined || !Number.isFinite(page)) return 1;
  return Math.max(1, Math.floor(page));
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b|^text\/json\b/i;

/** Log levels, numbered as `Logger.logLevel`. */
const TRACE = 1;
const DEBUG = 2;

/** Timeouts that ended a call's whole budget: never retried. */
const budgetSpent = new WeakSet<PgaiError>();

export class PgaiClient implements SessionsApi {
  private readonly endpoint: ApiEndpoint | PgaiError;
  private readonly redact: Redactor;
  private readonly logger: Logger;
  private readonly tracker = new RateLimitTracker();
  private readonly shared = new SharedRequests<Reply>();
  /** Aborted by dispose(): ends every attempt and wait of the calls in flight. */
  private readonly lifetime = new AbortController();
  private dispatcher?: Dispatcher;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly settings: Required<
    Pick<PgaiClientOptions, 'attemptTimeoutMs' | 'totalTimeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxWaitMs' | 'maxBodyBytes' | 'random'>
  >;

  constructor(private readonly options: PgaiClientOptions) {
    const parsed = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, { plainHttpAnywhere: options.plainHttpAnywhere });
    this.endpoint = parsed.ok ? parsed : new PgaiError('config', parsed.message, { mayHaveReachedServer: false });
    this.redact = createRedactor(options.apiKey);
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.settings = {
      attemptTimeoutMs: options.attemptTimeoutMs ?? 15_000,
      totalTimeoutMs: options.totalTimeoutMs ?? 45_000,
      maxRetries: options.maxRetries ?? 3,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8_000,
      maxWaitMs: options.maxWaitMs ?? 60_000,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      random: options.random ?? Math.random,
    };
  }

  get rateLimit(): RateLimitSnapshot {
    return this.tracker.snapshot;
  }

  async listSessions(query: ListQuery, signal?: AbortSignal, options: CallOptions = {}): Promise<SessionPage> {
    const page = clampPage(query.page);
    const perPage = clampPerPage(query.perPage);
    const params = new URLSearchParams({ page: String(page), per_page: String(perPage) });
    const filters: [string, string | undefined][] = [
      ['status', query.status],
      ['type', query.type],
      ['company_id', query.companyId],
      ['search', query.search],
      ['sort_by', query.sortBy],
      ['sort_order', query.sortOrder],
    ];
    for (const [name, value] of filters) {
      const kept = present(value);
      if (kept !== undefined) params.set(name, kept);
    }
    const path = `${this.endpointOrThrow().prefix}/agent/sessions?${params.toString()}`;
    const send = (abort: AbortSignal | undefined) => this.execute({ method: 'GET', path, signal: abort, deadline: this.deadline(), probe: options.probe === true });
    // A fresh read must not join a request that may have started before what it wants to see.
    const reply = options.fresh ? await send(signal) : await this.shared.run(path, signal, send);
    const result = parseSessionList(reply.json, { page, perPage });
    return reply.serverTime === undefined ? result : { ...result, serverTime: reply.serverTime };
  }

  async createSession(input: CreateSessionInput, signal?: AbortSignal): Promise<Session> {
    const body: Record<string, string> = {};
    const title = present(input.title);
    const type = present(input.type);
    const companyId = present(input.companyId);
    if (title !== undefined) body.title = title;
    if (type !== undefined) body.type = type;
    if (companyId !== undefined) body.company_id = companyId;
    const path = `${this.endpointOrThrow().prefix}/agent/sessions`;
    const reply = await this.execute({ method: 'POST', path, body: JSON.stringify(body), signal, deadline: this.deadline(), probe: false });
    try {
      return parseSession(reply.json);
    } catch (error) {
      // The status tells the caller PG:AI did create it (a 201 with `{}`).
      throw new PgaiError('invalidResponse', (error as Error).message, { status: reply.status });
    }
  }

  /** Aborts every call in flight (their waits too) and closes the connection pool. */
  async dispose(): Promise<void> {
    this.lifetime.abort();
    this.shared.abortAll();
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    if (dispatcher) await dispatcher.destroy().catch(() => undefined);
  }

  private deadline(): number {
    return this.now() + this.settings.totalTimeoutMs;
  }

  private endpointOrThrow(): ApiEndpoint {
    if (this.endpoint instanceof PgaiError) throw this.endpoint;
    if (present(this.options.apiKey) === undefined) {
      throw new PgaiError('config', 'No PG:AI API key is set.', { mayHaveReachedServer: false });
    }
    if (this.lifetime.signal.aborted) {
      throw new PgaiError('cancelled', 'The PG:AI client was closed.', { mayHaveReachedServer: false });
    }
    return this.endpoint;
  }

  private getDispatcher(endpoint: ApiEndpoint): Dispatcher {
    if (!this.dispatcher) {
      try {
        const choice = createDispatcher(new URL(endpoint.origin), { proxyUrl: present(this.options.proxyUrl), noProxy: this.options.noProxy, env: this.options.env ?? process.env });
        this.dispatcher = choice.dispatcher;
        this.logger.debug(`PG:AI client connecting ${choice.via}.`);
      } catch (error) {
        throw new PgaiError('config', 'The proxy URL is not valid.', { mayHaveReachedServer: false, cause: error });
      }
    }
    return this.dispatcher;
  }

  /** A debug line (redacted), for the rarer paths; the success path checks `logsAt` itself. */
  private log(line: string): void {
    if (logsAt(this.logger, DEBUG)) this.logger.debug(this.redact(line));
  }

  /** Every attempt, wait and retry of one call; throws a redacted PgaiError. */
  private async execute(call: Call): Promise<Reply> {
    const endpoint = this.endpointOrThrow();
    try {
      for (let retriesDone = 0; ; retriesDone++) {
        // A probe (the user asked for it) goes out at once, whatever the client believes.
        if (!(call.probe && retriesDone === 0) && this.tracker.holdMs(this.now()) > 0) await this.holdForRateLimit(call);
        try {
          return await this.attempt(endpoint, call, retriesDone + 1);
        } catch (caught) {
          const error = caught instanceof PgaiError ? caught : networkError(caught, this.errorContext(endpoint));
          const remainingMs = call.deadline - this.now();
          const decision =
            budgetSpent.has(error) || remainingMs <= 0 ? ({ retry: false } as const) : planRetry({ ...this.settings, method: call.method, error, retriesDone, remainingMs });
          if (!decision.retry) throw error;
          this.log(`${call.method} ${call.path}: retrying in ${decision.delayMs} ms after: ${error.message}`);
          await this.wait(decision.delayMs, call.signal);
        }
      }
    } catch (error) {
      throw this.scrub(error);
    }
  }

  /**
   * Holds a request while the server says no requests remain (at most MAX_LOCAL_HOLD_MS), or fails
   * fast, saying how long the server asked for, when even that would overrun the call's budget.
   */
  private async holdForRateLimit(call: Call): Promise<void> {
    const now = this.now();
    const hold = this.tracker.holdMs(now);
    if (hold <= 0) return;
    if (hold > this.settings.maxWaitMs || now + hold >= call.deadline) {
      throw rateLimitedError(this.tracker.waitMs(now), { mayHaveReachedServer: false });
    }
    this.log(`${call.method} ${call.path}: holding ${hold} ms (${formatWait(hold)}) until the rate limit resets`);
    await this.wait(hold, call.signal);
  }

  /** Sleeps `ms`; rejects with PgaiError('cancelled') when the caller's signal aborts or the client is disposed. */
  private async wait(ms: number, signal?: AbortSignal): Promise<void> {
    const stop = signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
    if (stop.aborted) throw cancelledError();
    try {
      await this.sleep(ms, stop);
    } catch (error) {
      if (stop.aborted || error instanceof PgaiError) throw cancelledError();
      throw error;
    }
    if (stop.aborted) throw cancelledError();
  }

  private errorContext(endpoint: ApiEndpoint) {
    return { host: endpoint.host, redact: this.redact };
  }

  /**
   * One attempt: send, read, map the status. It stops on the attempt timeout or the end of the
   * call's budget (whichever comes first), on the caller's signal, or on dispose().
   */
  private async attempt(endpoint: ApiEndpoint, call: Call, attemptNo: number): Promise<Reply> {
    const { attemptTimeoutMs } = this.settings;
    const budgetLeft = call.deadline - this.now();
    const budgetFirst = budgetLeft <= attemptTimeoutMs;
    const timeout = AbortSignal.timeout(Math.max(0, budgetFirst ? budgetLeft : attemptTimeoutMs));
    const stop = AbortSignal.any(call.signal ? [timeout, this.lifetime.signal, call.signal] : [timeout, this.lifetime.signal]);
    // A fresh object per request: undici's ProxyAgent adds `host` to the one it is given.
    const headers: Record<string, string> = {
      'x-api-key': this.options.apiKey,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
    };
    if (call.method === 'POST') headers['content-type'] = 'application/json';
    const started = this.now();
    const label = () => `${call.method} ${call.path} (attempt ${attemptNo})`;
    let raw: RawResponse;
    try {
      if (call.signal?.aborted || this.lifetime.signal.aborted) throw cancelledError();
      const dispatcher = this.getDispatcher(endpoint);
      this.tracker.noteSent(started);
      raw = await sendOnce(dispatcher, { origin: endpoint.origin, path: call.path, method: call.method, headers, body: call.body }, stop, this.settings.maxBodyBytes);
    } catch (caught) {
      const error = this.attemptError(caught, endpoint, call, timeout, budgetFirst);
      this.log(`${label()} failed after ${this.now() - started} ms: ${error.message}`);
      throw error;
    }
    const { status, headers: responseHeaders } = raw;
    this.tracker.observe(responseHeaders, this.now(), status);
    // Lines are built (and redacted) only when the logger will show them.
    if (logsAt(this.logger, DEBUG)) {
      const requestId = requestIdOf(responseHeaders, this.redact);
      this.logger.debug(this.redact(`${label()} → ${status} in ${this.now() - started} ms${requestId ? ` (request id ${requestId})` : ''}`));
    }
    if (logsAt(this.logger, TRACE)) {
      const snapshot = this.tracker.snapshot;
      if (snapshot.limit !== undefined || snapshot.remaining !== undefined) {
        this.logger.trace(`PG:AI rate limit: ${snapshot.remaining ?? '?'} of ${snapshot.limit ?? '?'} left`);
      }
    }
    if (status < 200 || status >= 300) {
      throw statusError(status, responseHeaders, raw.body, this.errorContext(endpoint), this.now());
    }
    const date = Date.parse(headerValue(responseHeaders, 'date') ?? '');
    return { status, json: this.parseJson(raw), ...(Number.isNaN(date) ? {} : { serverTime: date }) };
  }

  /** What a failed attempt means: cancelled (by the caller or dispose), timed out, or a network failure. */
  private attemptError(caught: unknown, endpoint: ApiEndpoint, call: Call, timeout: AbortSignal, budgetFirst: boolean): PgaiError {
    if (caught instanceof PgaiError) return caught;
    // After sending, a cancellation may still follow a request the server took (a POST): it says
    // so (mayHaveReachedServer), and a create reads back.
    if (call.signal?.aborted || this.lifetime.signal.aborted) return new PgaiError('cancelled', 'The request to PG:AI was cancelled.', { cause: caught });
    if (timeout.aborted) {
      const limit = budgetFirst ? this.settings.totalTimeoutMs : this.settings.attemptTimeoutMs;
      const error = new PgaiError('timeout', `PG:AI did not respond within ${formatWait(limit)}.`, { cause: caught });
      if (budgetFirst) budgetSpent.add(error);
      return error;
    }
    return networkError(caught, this.errorContext(endpoint));
  }

  private parseJson(raw: RawResponse): unknown {
    const requestId = () => requestIdOf(raw.headers, this.redact);
    const type = raw.headers['content-type'];
    const contentType = (Array.isArray(type) ? type[0] : type)?.trim();
    if (contentType && !JSON_TYPE.test(contentType)) {
      const shown = this.redact(contentType.split(';')[0].slice(0, 60));
      throw invalidResponse(`PG:AI sent a response that is not JSON (${shown}).`, requestId(), raw.status);
    }
    const text = raw.body.toString('utf8').trim();
    if (text === '') throw invalidResponse('PG:AI sent an empty response.', requestId(), raw.status);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw invalidResponse('PG:AI sent a response that is not valid JSON.', requestId(), raw.status);
    }
  }

  private scrub(error: unknown): unknown {
    if (error instanceof Error) error.message = this.redact(error.message);
    return error;
  }
}
