// The HTTP layer: loads undici on first use, picks the dispatcher (proxy or direct) and sends one
// request, reading the body under a byte cap. Errors are thrown raw; errorMap.ts names them.
/* eslint-disable @typescript-eslint/no-require-imports */

import type { Dispatcher } from 'undici';
import { type ProxySettings, proxyFor } from './proxy';
import type { HeaderBag } from './rateLimit';
import type * as UndiciModule from './undici';
type Undici = typeof UndiciModule;

let undici: Undici | undefined;

/**
 * undici, required on first use. esbuild rewrites this require to `./undici.js`, a separate
 * file, so activation never loads undici.
 */
function loadUndici(): Undici {
  undici ??= require('./undici') as Undici;
  return undici;
}

export interface DispatcherChoice {
  readonly dispatcher: Dispatcher;
  /** For the log: "direct" or "proxy host:port" (never credentials). */
  readonly via: string;
}

const AGENT_OPTIONS = {
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 60_000,
  connect: { timeout: 10_000 },
} as const;

/**
 * One keep-alive dispatcher for the client's lifetime, for requests to `target` (a client talks
 * to one origin): direct, or through the proxy `proxyFor` picks. Throws TypeError for a bad proxy URL.
 */
export function createDispatcher(target: URL, settings: ProxySettings): DispatcherChoice {
  const { Agent, ProxyAgent } = loadUndici();
  const proxy = proxyFor(target, settings);
  if (proxy === undefined) return { dispatcher: new Agent(AGENT_OPTIONS), via: 'direct' };
  const url = new URL(proxy);
  return { dispatcher: new ProxyAgent({ ...AGENT_OPTIONS, uri: url.href }), via: `proxy ${url.host}` };
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

/** Sends one request and reads the whole body, throwing ResponseTooLargeError past `maxBodyBytes`. */
export async function sendOnce(dispatcher: Dispatcher, request: OutgoingRequest, signal: AbortSignal, maxBodyBytes: number): Promise<RawResponse> {
  const response = await loadUndici().request(`${request.origin}${request.path}`, {
    dispatcher,
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal,
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
