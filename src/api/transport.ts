// The HTTP layer: loads undici on first use, picks the dispatcher (proxy or direct) and sends one
// request, reading the body under a byte cap. Errors are thrown raw; errorMap.ts names them.
/* eslint-disable @typescript-eslint/no-require-imports */

import type { Dispatcher } from 'undici';
import type { AbortLike } from './abort';
import type { HeaderBag } from './rateLimit';
import type { UndiciParts } from './undiciParts';

let undici: UndiciParts | undefined;

/**
 * undici, required on first use. esbuild rewrites this require to `./undici.js`, a separate
 * file, so activation never loads undici.
 */
export function loadUndici(): UndiciParts {
  undici ??= require('./undiciParts') as UndiciParts;
  return undici;
}

export interface DispatcherOptions {
  /** An explicit proxy (VS Code's http.proxy). */
  readonly proxyUrl?: string;
  /** Environment to read HTTPS_PROXY/HTTP_PROXY/NO_PROXY from. */
  readonly env: NodeJS.ProcessEnv;
}

export interface DispatcherChoice {
  readonly dispatcher: Dispatcher;
  /** For the log: "direct", "proxy host:port" or "environment proxy" (never credentials). */
  readonly via: string;
}

const AGENT_OPTIONS = {
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 60_000,
  connect: { timeout: 10_000 },
} as const;

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** One keep-alive dispatcher for the client's lifetime. Throws TypeError for a bad proxy URL. */
export function createDispatcher(options: DispatcherOptions): DispatcherChoice {
  const { Agent, ProxyAgent, EnvHttpProxyAgent } = loadUndici();
  if (options.proxyUrl) {
    const url = new URL(options.proxyUrl);
    return { dispatcher: new ProxyAgent({ ...AGENT_OPTIONS, uri: url.href }), via: `proxy ${url.host}` };
  }
  const httpsProxy = envValue(options.env, 'https_proxy');
  const httpProxy = envValue(options.env, 'http_proxy');
  if (httpsProxy || httpProxy) {
    const dispatcher = new EnvHttpProxyAgent({
      ...AGENT_OPTIONS,
      httpProxy,
      httpsProxy,
      noProxy: envValue(options.env, 'no_proxy') ?? '',
    });
    return { dispatcher, via: 'environment proxy' };
  }
  return { dispatcher: new Agent(AGENT_OPTIONS), via: 'direct' };
}

/** The body went over the byte cap. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

export interface OutgoingRequest {
  readonly origin: string;
  /** Path and query string. */
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: HeaderBag;
  readonly body: Buffer;
}

/**
 * Sends one request and reads the whole body, throwing ResponseTooLargeError past `maxBodyBytes`.
 * `signal` may be an AbortSignal or an `Abort` (undici only needs `aborted` and the listener methods).
 */
export async function sendOnce(
  dispatcher: Dispatcher,
  request: OutgoingRequest,
  signal: AbortLike,
  maxBodyBytes: number,
): Promise<RawResponse> {
  const response = await loadUndici().request.call(dispatcher, {
    origin: request.origin,
    path: request.path,
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: signal as AbortSignal,
  });
  const { statusCode, headers, body } = response;
  try {
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) throw new ResponseTooLargeError(maxBodyBytes);
    return { status: statusCode, headers, body: await readCapped(body, maxBodyBytes) };
  } catch (error) {
    // Destroying an unfinished body makes undici emit an AbortError; nobody else listens now.
    body.on('error', () => undefined);
    body.destroy();
    throw error;
  }
}

/** The whole body, or ResponseTooLargeError as soon as it passes `maxBodyBytes`. */
function readCapped(body: Dispatcher.ResponseData['body'], maxBodyBytes: number): Promise<Buffer> {
  // Plain 'data' events: an async iterator costs a promise and a result object per chunk.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        body.off('data', onData);
        reject(new ResponseTooLargeError(maxBodyBytes));
        return;
      }
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    body.once('error', reject);
  });
}
