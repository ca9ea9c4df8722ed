// Small node:http helpers shared by the API and control routes.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}
export class BadJson extends Error {}

/** Reads the whole request body as text; rejects with BodyTooLarge past MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** Parses a JSON body; undefined for an empty one; throws BadJson for anything else. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadJson();
  }
}

/** Sends a complete response with an exact Content-Length. */
export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': JSON_TYPE, ...headers, 'content-length': body.length });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendText(res, status, value === undefined ? '' : JSON.stringify(value), headers);
}
