// PgaiClient: the SessionsApi over HTTP. Composes the pure parts (parse, rateLimit, retry,
// redact, errorMap) with the transport; knows nothing of VS Code.

import type { Dispatcher } from 'undici';
import { Abort, type AbortLike, asAbortSignal } from './abort';
import { PgaiError } from './errors';
import { invalidResponse, networkError, requestIdOf, statusError } from './errorMap';
import { type Logger, logsAt, silentLogger } from './logger';
import { parseSession, parseSessionList } from './parse';
import { RateLimitTracker, formatWait, headerValue, rateLimitedError } from './rateLimit';
import { type Redactor, createRedactor } from './redact';
import { type Method, cancelledError, planRetry, sleep as defaultSleep } from './retry';
import type { SessionsApi } from './sessionsApi';
import { SharedRequests } from './shared';
import { type OutgoingRequest, type RawResponse, createDispatcher, sendOnce } from './transport';
import type { CallOptions, CreateSessionInput, ListQuery, RateLimitSnapshot, Session, SessionPage } from './types';

export const DEFAULT_BASE_URL = 'https://api.getpg.ai/public-api/v1';
export const CLIENT_VERSION = '0.1.0';
export const DEFAULT_USER_AGENT = `pgai-sessions-vscode/${CLIENT_VERSION}`;
export const MAX_PER_PAGE = 50;
export const DEFAULT_PER_PAGE = 25;

export interface PgaiClientOptions {
  /** Default DEFAULT_BASE_URL. */
  readonly baseUrl?: string;
  readonly apiKey: string;
  /** Default `pgai-sessions-vscode/<version>`. */
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
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

interface Endpoint {
  readonly origin: string;
  readonly prefix: string;
  readonly host: string;
}

interface Reply {
  readonly status: number;
  readonly json: unknown;
  /** The server's clock when it answered (its Date header), epoch ms. */
  readonly serverTime?: number;
}

function parseBaseUrl(baseUrl: string): Endpoint | PgaiError {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return new PgaiError('config', 'The PG:AI API URL is not a valid URL.', { mayHaveReachedServer: false });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return new PgaiError('config', 'The PG:AI API URL must start with https://.', { mayHaveReachedServer: false });
  }
  if (url.username || url.password || url.search || url.hash) {
    return new PgaiError('config', 'The PG:AI API URL must not contain credentials, a query or a fragment.', {
      mayHaveReachedServer: false,
    });
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, ''), host: url.host };
}

function clampPerPage(perPage: number | undefined): number {
  if (perPage === undefined || !Number.isFinite(perPage)) return DEFAULT_PER_PAGE;
  return Math.min(MAX_PER_PAGE, Math.max(1, Math.round(perPage)));
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

/** Errors thrown because the call's total budget ran out: not retried. */
const budgetSpent = new WeakSet<PgaiError>();

export class PgaiClient implements SessionsApi {
  private readonly endpoint: Endpoint | PgaiError;
  private readonly redact: Redactor;
  private readonly logger: Logger;
  private readonly tracker = new RateLimitTracker();
  private readonly shared = new SharedRequests<Reply>();
  private disposed = false;
  /** Aborted by dispose(): ends the waits (rate-limit holds, backoff) of calls in flight. */
  private readonly lifetime = new AbortController();
  /** One Abort per attempt in flight, so dispose() can abort them all. */
  private readonly inFlight = new Set<Abort>();
  private dispatcher?: Dispatcher;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly settings: Required<
    Pick<
      PgaiClientOptions,
      | 'attemptTimeoutMs'
      | 'totalTimeoutMs'
      | 'maxRetries'
      | 'baseDelayMs'
      | 'maxDelayMs'
      | 'maxWaitMs'
      | 'maxBodyBytes'
      | 'random'
    >
  >;

  constructor(private readonly options: PgaiClientOptions) {
    this.endpoint = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
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
    const send = (abort: AbortLike | undefined) => this.execute('GET', path, undefined, abort, options);
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
    const reply = await this.execute('POST', path, JSON.stringify(body), signal);
    try {
      return parseSession(reply.json);
    } catch (error) {
      // The status tells the caller PG:AI did create it (a 201 with `{}`).
      throw new PgaiError('invalidResponse', (error as Error).message, { status: reply.status });
    }
  }

  /** Aborts requests in flight and closes the connection pool. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.lifetime.abort();
    this.shared.abortAll();
    for (const attempt of this.inFlight) attempt.abort();
    this.inFlight.clear();
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    if (dispatcher) await dispatcher.destroy().catch(() => undefined);
  }

  private endpointOrThrow(): Endpoint {
    if (this.endpoint instanceof PgaiError) throw this.endpoint;
    if (present(this.options.apiKey) === undefined) {
      throw new PgaiError('config', 'No PG:AI API key is set.', { mayHaveReachedServer: false });
    }
    if (this.disposed) {
      throw new PgaiError('cancelled', 'The PG:AI client was closed.', { mayHaveReachedServer: false });
    }
    return this.endpoint;
  }

  private getDispatcher(): Dispatcher {
    if (!this.dispatcher) {
      try {
        const target = new URL(this.endpointOrThrow().origin);
        const choice = createDispatcher(target, { proxyUrl: present(this.options.proxyUrl), noProxy: this.options.noProxy, env: this.options.env ?? process.env });
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

  /**
   * Every attempt, wait and retry of one call; throws a redacted PgaiError. The total budget is
   * kept on the real clock (`budgetEndsAt`): each attempt's one timer stops at whichever of the
   * attempt timeout and the budget comes first, so a call needs no timer of its own.
   */
  private async execute(method: Method, path: string, body: string | undefined, signal?: AbortLike, options: CallOptions = {}): Promise<Reply> {
    const endpoint = this.endpointOrThrow();
    const deadline = this.now() + this.settings.totalTimeoutMs;
    const budgetEndsAt = Date.now() + this.settings.totalTimeoutMs;
    try {
      for (let retriesDone = 0; ; retriesDone++) {
        // A probe (the user asked for it) goes out at once, whatever the client believes.
        const probe = options.probe === true && retriesDone === 0;
        if (!probe && this.tracker.holdMs(this.now()) > 0) await this.holdForRateLimit(method, path, deadline, signal);
        try {
          return await this.attempt(endpoint, method, path, body, retriesDone + 1, budgetEndsAt, signal);
        } catch (caught) {
          const error = caught instanceof PgaiError ? caught : networkError(caught, this.errorContext(endpoint));
          const decision =
            budgetSpent.has(error) || Date.now() >= budgetEndsAt
              ? ({ retry: false } as const)
              : planRetry({
                  ...this.settings,
                  method,
                  error,
                  retriesDone,
                  remainingMs: deadline - this.now(),
                });
          if (!decision.retry) throw error;
          this.log(`${method} ${path}: retrying in ${decision.delayMs} ms after: ${error.message}`);
          await this.wait(decision.delayMs, signal);
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
  private async holdForRateLimit(method: Method, path: string, deadline: number, signal?: AbortLike): Promise<void> {
    const now = this.now();
    const hold = this.tracker.holdMs(now);
    if (hold <= 0) return;
    if (hold > this.settings.maxWaitMs || now + hold >= deadline) {
      throw rateLimitedError(this.tracker.waitMs(now), { mayHaveReachedServer: false });
    }
    this.log(`${method} ${path}: holding ${hold} ms (${formatWait(hold)}) until the rate limit resets`);
    await this.wait(hold, signal);
  }

  /** Sleeps `ms`; rejects with PgaiError('cancelled') when the caller's signal aborts or the client is disposed. */
  private async wait(ms: number, signal?: AbortLike): Promise<void> {
    if (signal?.aborted || this.disposed) throw cancelledError();
    const caller = asAbortSignal(signal);
    const stop = caller ? AbortSignal.any([caller, this.lifetime.signal]) : this.lifetime.signal;
    try {
      await this.sleep(ms, stop);
    } catch (error) {
      if (stop.aborted || error instanceof PgaiError) throw cancelledError();
      throw error;
    }
    if (stop.aborted) throw cancelledError();
  }

  private errorContext(endpoint: Endpoint) {
    return { host: endpoint.host, redact: this.redact };
  }

  /**
   * One attempt: send, read, map the status. Its one `Abort` stops the request on the attempt
   * timeout or the end of the budget (one timer, whichever comes first), on the caller's signal,
   * or on dispose().
   */
  private async attempt(
    endpoint: Endpoint,
    method: Method,
    path: string,
    body: string | undefined,
    attemptNo: number,
    budgetEndsAt: number,
    signal?: AbortLike,
  ): Promise<Reply> {
    if (signal?.aborted) throw cancelledError();
    const { attemptTimeoutMs, totalTimeoutMs } = this.settings;
    const budgetLeft = budgetEndsAt - Date.now();
    const budgetFirst = budgetLeft <= attemptTimeoutMs;
    const stop = new Abort();
    let timedOut = false;
    const onTimeout = () => {
      timedOut = true;
      stop.abort();
    };
    const onCancel = () => stop.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (budgetLeft <= 0) onTimeout();
    else timer = setTimeout(onTimeout, budgetFirst ? budgetLeft : attemptTimeoutMs);
    signal?.addEventListener('abort', onCancel);
    this.inFlight.add(stop);
    // A fresh object per request: undici's ProxyAgent adds `host` to the one it is given.
    const headers: Record<string, string> = {
      'x-api-key': this.options.apiKey,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
    };
    if (method === 'POST') headers['content-type'] = 'application/json';
    const request: OutgoingRequest = { origin: endpoint.origin, path, method, headers, body };
    const started = this.now();
    const label = () => `${method} ${path} (attempt ${attemptNo})`;
    let raw: RawResponse;
    try {
      if (this.disposed) throw new PgaiError('cancelled', 'The request to PG:AI was cancelled.', { mayHaveReachedServer: false });
      const dispatcher = this.getDispatcher();
      this.tracker.noteSent(started);
      raw = await sendOnce(dispatcher, request, stop, this.settings.maxBodyBytes);
    } catch (caught) {
      let error: PgaiError;
      if (caught instanceof PgaiError) error = caught;
      else if (signal?.aborted || this.disposed) {
        error = new PgaiError('cancelled', 'The request to PG:AI was cancelled.', { cause: caught });
      } else if (timedOut && budgetFirst) {
        error = new PgaiError('timeout', `PG:AI did not respond within ${formatWait(totalTimeoutMs)}.`, { cause: caught });
        budgetSpent.add(error);
      } else if (timedOut) {
        error = new PgaiError('timeout', `PG:AI did not respond within ${formatWait(attemptTimeoutMs)}.`, { cause: caught });
      } else {
        error = networkError(caught, this.errorContext(endpoint));
      }
      this.log(`${label()} failed after ${this.now() - started} ms: ${error.message}`);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
      this.inFlight.delete(stop);
    }
    const { status, headers: responseHeaders } = raw;
    this.tracker.observe(responseHeaders, this.now(), status);
    // Lines are built (and redacted) only when the logger will show them.
    if (logsAt(this.logger, DEBUG)) {
      const requestId = requestIdOf(responseHeaders, this.redact);
      const line = `${label()} → ${status} in ${this.now() - started} ms${requestId ? ` (request id ${requestId})` : ''}`;
      this.logger.debug(this.redact(line));
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
