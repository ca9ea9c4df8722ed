// The /__sandbox control endpoints, for tests running in another process. No key needed; not
// recorded in `requests`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateFault } from './faults';
import { BadJson, BodyTooLarge, readJson, sendJson } from './http';
import { ENVELOPE_KINDS, type Fault, type MutableOptions, type Sandbox } from './types';

export const CONTROL_PREFIX = '/__sandbox';
const LIFE_OFF = 'The sandbox life is off (start it with --life or life: true)';

function validateOptions(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'options must be an object';
  const o = value as Record<string, unknown>;
  if (o.envelope !== undefined && !(ENVELOPE_KINDS as readonly unknown[]).includes(o.envelope)) return 'unknown envelope';
  if (o.latencyMs !== undefined && (typeof o.latencyMs !== 'number' || !(o.latencyMs >= 0))) return 'latencyMs must be >= 0';
  if (o.ignorePage !== undefined && typeof o.ignorePage !== 'boolean') return 'ignorePage must be a boolean';
  if (o.apiKey !== undefined && (typeof o.apiKey !== 'string' || o.apiKey === '')) return 'apiKey must be a non-empty string';
  if (o.rateLimit !== undefined && o.rateLimit !== false) {
    const r = o.rateLimit as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null) return 'rateLimit must be false or { limit, windowMs }';
    if (!Number.isInteger(r.limit) || (r.limit as number) < 0) return 'rateLimit.limit must be an integer >= 0';
    if (typeof r.windowMs !== 'number' || !(r.windowMs > 0)) return 'rateLimit.windowMs must be > 0';
  }
  return undefined;
}

export async function handleControl(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const route = `${req.method ?? ''} ${path.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (route) {
      case 'GET /requests':
        return sendJson(res, 200, sandbox.requests);
      case 'GET /sessions':
        return sendJson(res, 200, sandbox.sessions());
      case 'POST /faults': {
        const fault = await readJson(req);
        const error = validateFault(fault);
        if (error) return sendJson(res, 400, { error });
        sandbox.addFault(fault as Fault);
        return sendJson(res, 201, { ok: true });
      }
      case 'DELETE /faults':
        sandbox.clearFaults();
        return sendJson(res, 200, { ok: true });
      case 'POST /reset':
        sandbox.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /options': {
        const options = await readJson(req);
        const error = validateOptions(options);
        if (error) return sendJson(res, 400, { error });
        sandbox.setOptions(options as MutableOptions);
        return sendJson(res, 200, { ok: true });
      }
      case 'GET /life':
        return sendJson(res, 200, sandbox.lifeState());
      case 'POST /life/advance': {
        const body = (await readJson(req)) as { ms?: unknown } | undefined;
        const ms = typeof body === 'object' && body !== null ? body.ms : undefined;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return sendJson(res, 400, { error: 'ms must be a number >= 0' });
        if (!sandbox.lifeState().enabled) return sendJson(res, 409, { error: LIFE_OFF });
        return sendJson(res, 200, { changes: sandbox.advance(ms) });
      }
      case 'POST /life/step': {
        const body = (await readJson(req)) as { count?: unknown } | undefined;
        const count = typeof body === 'object' && body !== null && body.count !== undefined ? body.count : 1;
        if (!Number.isInteger(count) || (count as number) < 1) return sendJson(res, 400, { error: 'count must be an integer >= 1' });
        if (!sandbox.lifeState().enabled) return sendJson(res, 409, { error: LIFE_OFF });
        return sendJson(res, 200, { changes: sandbox.lifeStep(count as number) });
      }
      default:
        return sendJson(res, 404, { error: 'Not found' });
    }
  } catch (e) {
    if (e instanceof BadJson) return sendJson(res, 400, { error: 'Invalid JSON body' });
    if (e instanceof BodyTooLarge) return sendJson(res, 413, { error: 'Request body too large' });
    throw e;
  }
}
