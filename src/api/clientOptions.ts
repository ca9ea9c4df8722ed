// What a PgaiClient is given, and the defaults of its timing and limits.
import type { Logger } from './logger';

/** Without a version: the extension passes its own user agent, with its version and VS Code's. */
export const DEFAULT_USER_AGENT = 'pgai-sessions-vscode';

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

export type ClientSettings = Required<
  Pick<PgaiClientOptions, 'attemptTimeoutMs' | 'totalTimeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxWaitMs' | 'maxBodyBytes' | 'random'>
>;

export function clientSettings(options: PgaiClientOptions): ClientSettings {
  return {
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
