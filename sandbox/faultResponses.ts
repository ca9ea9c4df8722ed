// Writes the responses of the faults that replace the normal answer (drops, broken bodies...).
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { JSON_TYPE, sendText } from './http';
import type { FaultAction } from './types';

const DEFAULT_OVERSIZE_BYTES = 8 * 1024 * 1024;
const HTML_BODY = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

/** What a fault handler needs: the response, base headers, and a normal list body to break. */
export interface FaultContext {
  res: ServerResponse;
  headers: OutgoingHttpHeaders;
  /** A normal list response body for this request (the current envelope). */
  listBody: () => unknown;
  /** Keeps the response open until the sandbox closes. */
  hang: (res: ServerResponse) => void;
}

/**
 * Serves a response-replacing fault. Returns the status sent (0 when no status line was sent),
 * or undefined when the action does not replace the response (delay, create*).
 */
export function serveFault(action: FaultAction, ctx: FaultContext): number | undefined {
  const { res, headers } = ctx;
  if (!('kind' in action)) {
    const text = action.rawBody ?? (action.body === undefined ? '' : JSON.stringify(action.body));
    sendText(res, action.status, text, { ...headers, ...action.headers });
    return action.status;
  }
  switch (action.kind) {
    case 'drop':
      res.socket?.destroy();
      return 0;
    case 'hang':
      ctx.hang(res);
      return 0;
    case 'dropMidBody': {
      const body = Buffer.from(JSON.stringify(ctx.listBody()), 'utf8');
      res.writeHead(200, { 'content-type': JSON_TYPE, ...headers, 'content-length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return 200;
    }
    case 'nonJson':
      sendText(res, 200, 'not json at all', headers);
      return 200;
    case 'html':
      sendText(res, 200, HTML_BODY, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      return 200;
    case 'empty':
      sendText(res, 200, '', headers);
      return 200;
    case 'truncated': {
      const body = Buffer.from(JSON.stringify(ctx.listBody()), 'utf8');
      const cut = body.subarray(0, Math.floor(body.length / 2));
      res.writeHead(200, { 'content-type': JSON_TYPE, ...headers, 'content-length': cut.length });
      res.end(cut);
      return 200;
    }
    case 'oversize': {
      const body = oversizeBody(ctx.listBody(), action.bytes ?? DEFAULT_OVERSIZE_BYTES);
      res.writeHead(200, { 'content-type': JSON_TYPE, ...headers, 'content-length': body.length });
      res.end(body);
      return 200;
    }
    default:
      return undefined;
  }
}

/** A valid JSON list body padded (inside its first item) to exactly `bytes` when possible. */
function oversizeBody(list: unknown, bytes: number): Buffer {
  const value = structuredClone(list);
  const items = findItems(value);
  let holder: Record<string, unknown>;
  if (items && typeof items[0] === 'object' && items[0] !== null) {
    holder = items[0] as Record<string, unknown>;
  } else {
    holder = { id: 'padding' };
    items?.unshift(holder);
  }
  holder.padding = '';
  const base = Buffer.byteLength(JSON.stringify(value), 'utf8');
  holder.padding = 'x'.repeat(Math.max(0, bytes - base));
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function findItems(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.items)) return v.items as unknown[];
  if (Array.isArray(v.data)) return v.data as unknown[];
  return findItems(v.data);
}
