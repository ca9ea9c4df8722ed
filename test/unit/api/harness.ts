// Shared setup for the client tests against the sandbox: a distinctive key, a logger and an
// error collector that capture everything the client says, and a root hook that checks the key
// never appears in any of it.
import assert from 'node:assert/strict';
import { type ServerResponse, createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { inspect } from 'node:util';
import { PgaiClient } from '../../../src/api/client';
import type { PgaiClientOptions } from '../../../src/api/clientOptions';
import { type PgaiErrorKind, PgaiError, isPgaiError } from '../../../src/api/errors';
import type { Logger } from '../../../src/api/logger';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../sandbox/server';

/** Never a real key; distinctive so a leak anywhere is easy to find. */
export const TEST_KEY = 'pgai_test_K3y-Xq7Vr2Lm9Ws4Zt8N';

/** Everything the client logged or threw across the API client tests. */
export const captured: string[] = [];

function format(message: unknown, args: unknown[]): string {
  return [message, ...args].map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 5 }))).join(' ');
}

export function capturingLogger(lines: string[] = captured): Logger {
  const at = (level: string) => (message: unknown, ...args: unknown[]) => {
    lines.push(`${level} ${format(message, args)}`);
  };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Records everything a thrown error would show a user or a log. */
function recordError(error: unknown): void {
  captured.push(String(error));
  if (error instanceof Error) {
    captured.push(error.message, error.stack ?? '');
    if (error instanceof PgaiError) captured.push(error.serverMessage ?? '', error.requestId ?? '');
  }
}

/** Awaits a rejection, records it, and checks it is a PgaiError of `kind`. */
export async function expectError(promise: Promise<unknown>, kind: PgaiErrorKind): Promise<PgaiError> {
  try {
    await promise;
  } catch (error) {
    recordError(error);
    assert.ok(isPgaiError(error), `expected a PgaiError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}

const clients: PgaiClient[] = [];

/** A client for `sandbox` with tiny delays; disposed after each test. */
export function makeClient(sandbox: Pick<Sandbox, 'baseUrl'>, options: Partial<PgaiClientOptions> = {}): PgaiClient {
  const client = new PgaiClient({
    baseUrl: sandbox.baseUrl,
    apiKey: TEST_KEY,
    logger: capturingLogger(),
    attemptTimeoutMs: 3000,
    totalTimeoutMs: 8000,
    baseDelayMs: 1,
    maxDelayMs: 5,
    env: {},
    ...options,
  });
  clients.push(client);
  return client;
}

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, apiKey: TEST_KEY, rateLimit: false, sessionCount: 60, ...options });
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

after(() => {
  const leaks = captured.filter((line) => line.includes(TEST_KEY));
  assert.deepEqual(leaks, [], 'the API key appeared in a log line or error message');
});

export interface EchoRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface EchoServer {
  readonly baseUrl: string;
  readonly seen: EchoRequest[];
  close(): Promise<void>;
}

/**
 * A tiny loopback server for what the sandbox does not show: request headers and bodies, a
 * response without content-type, a chunked body without content-length.
 */
export async function startEchoServer(
  respond: (req: EchoRequest, res: ServerResponse) => void,
): Promise<EchoServer> {
  const seen: EchoRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record = { method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(record);
      respond(record, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/public-api/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A fake clock and an instant sleep that advances it, recording every wait. */
export function fakeTime(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  const clock = { now: start, waits: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('aborted');
      clock.waits.push(ms);
      clock.now += ms;
    },
  };
}

/**
 * A sleep that never ends on its own, only when its signal aborts: a test of cancelling a wait
 * then either finishes at once or hangs (and mocha's timeout fails it), with no clock involved.
 */
export function neverSleep(_ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    if (signal?.aborted) reject(new Error('aborted'));
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
