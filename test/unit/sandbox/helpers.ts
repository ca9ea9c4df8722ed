// Helpers for the sandbox's own tests: raw HTTP (to see drops and broken bodies as they are)
// and a fake clock.
import { request } from 'node:http';
import type { Sandbox } from '../../../sandbox/server';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Give up (reject with 'timeout') after this many ms. */
  timeoutMs?: number;
}

/**
 * One request on a fresh connection. Rejects when the socket is destroyed before a complete
 * response (with the partial body on the error as `partial`).
 */
export function raw(url: string, options: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => reject(Object.assign(e, { partial: Buffer.concat(chunks).toString('utf8'), status: res.statusCode })));
      res.on('aborted', () => reject(Object.assign(new Error('aborted'), { partial: Buffer.concat(chunks).toString('utf8'), status: res.statusCode })));
    });
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('timeout')));
    }
    req.on('error', reject);
    req.end(options.body);
  });
}

export function sessionsUrl(sb: Sandbox, query = ''): string {
  return `${sb.baseUrl}/agent/sessions${query ? `?${query}` : ''}`;
}

/** GET /agent/sessions with the sandbox's key. */
export async function list(sb: Sandbox, query = '', key = sb.apiKey): Promise<RawResponse> {
  return raw(sessionsUrl(sb, query), { headers: { 'x-api-key': key } });
}

/** POST /agent/sessions with the sandbox's key and a JSON body. */
export async function create(sb: Sandbox, body?: unknown, key = sb.apiKey): Promise<RawResponse> {
  return raw(sessionsUrl(sb), {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The parsed body; `any` so tests can reach into it (they assert every shape they read). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(r: RawResponse): any {
  return JSON.parse(r.body);
}

export class FakeClock {
  constructor(public ms = Date.UTC(2026, 2, 15, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}
