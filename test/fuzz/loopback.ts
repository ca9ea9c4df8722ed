// End-to-end fuzz over loopback: a raw TCP server answers each request with a generated status
// line, headers, body and framing (or drops, hangs, or sends garbage), and the real PgaiClient
// (undici, retries, rate-limit hold, size cap) must always end in a SessionPage/Session or a
// PgaiError, within a bounded time, without retrying a POST and without leaking the key.
import assert from 'node:assert/strict';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import fc from 'fast-check';
import { PgaiClient } from '../../src/api/client';
import { PgaiError } from '../../src/api/errors';
import type { Logger } from '../../src/api/logger';
import { FUZZ_KEY, FUZZ_NOW, contentType, errorBodyText, headerText, listBody, statusCode } from './arbitraries';

type Framing = 'length' | 'chunked' | 'close' | 'shortBody' | 'badLength';

type Step =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: readonly (readonly [string, string])[];
      /** The body, or the size of a padded JSON list (built when sent, so reports stay short). */
      readonly body: string | { readonly padTo: number };
      readonly framing: Framing;
    }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'garbage'; readonly bytes: string };

/** Settings of the client under test; the attempt timeout is real time, everything else fake. */
const LOOPBACK_CLIENT = {
  attemptTimeoutMs: 120,
  totalTimeoutMs: 45_000,
  maxRetries: 3,
  maxWaitMs: 60_000,
  maxBodyBytes: 16 * 1024,
} as const;

const visible = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

const header: fc.Arbitrary<readonly [string, string]> = fc.oneof(
  fc.tuple(fc.constantFrom('Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'), headerText.filter((v) => !/[\r\n]/.test(v))),
  fc.tuple(fc.constant('Content-Type'), contentType),
  fc.tuple(fc.constantFrom('X-Request-Id', 'cf-ray'), fc.oneof(visible, fc.constant(`id-${FUZZ_KEY}`))),
  fc.tuple(fc.stringMatching(/^X-[A-Za-z0-9-]{1,12}$/), visible),
);

const body: fc.Arbitrary<string | { padTo: number }> = fc.oneof(
  { weight: 5, arbitrary: listBody.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: errorBodyText },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ id: 'created-1', title: 'New', type: 'chat' })) },
  { weight: 1, arbitrary: fc.constant('<!doctype html><html><body>502 Bad Gateway</body></html>') },
  { weight: 1, arbitrary: fc.integer({ min: 16 * 1024 - 64, max: 40 * 1024 }).map((padTo) => ({ padTo })) },
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.record({
      kind: fc.constant('response' as const),
      status: statusCode,
      headers: fc.array(header, { maxLength: 6 }),
      body,
      framing: fc.constantFrom<Framing>('length', 'length', 'length', 'chunked', 'close', 'shortBody', 'badLength'),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((bytes) => ({ kind: 'garbage' as const, bytes })) },
);

interface FuzzCase {
  readonly method: 'GET' | 'POST';
  readonly steps: readonly Step[];
  readonly random: number;
}

const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  method: fc.constantFrom('GET' as const, 'GET' as const, 'POST' as const),
  steps: fc.array(step, { minLength: 1, maxLength: 5 }),
  random: fc.double({ min: 0, max: 0.999, noNaN: true }),
});

function bodyText(body: string | { readonly padTo: number }): string {
  return typeof body === 'string' ? body : JSON.stringify({ items: [], pad: 'x'.repeat(body.padTo) });
}

function frame(s: Extract<Step, { kind: 'response' }>): { bytes: Buffer; close: boolean } {
  const payload = Buffer.from(bodyText(s.body), 'utf8');
  const lines = [`HTTP/1.1 ${s.status} Fuzz`, ...s.headers.map(([name, value]) => `${name}: ${value}`)];
  let tail: Buffer = payload;
  let close = false;
  switch (s.framing) {
    case 'length':
      lines.push(`Content-Length: ${payload.length}`);
      break;
    case 'chunked':
      lines.push('Transfer-Encoding: chunked');
      tail = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
      if (payload.length === 0) tail = Buffer.from('0\r\n\r\n');
      break;
    case 'close':
      lines.push('Connection: close');
      close = true;
      break;
    case 'shortBody':
      lines.push(`Content-Length: ${payload.length + 100}`);
      close = true;
      break;
    case 'badLength':
      lines.push('Content-Length: 12', 'Content-Length: 99');
      close = true;
      break;
  }
  return { bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), tail]), close };
}

interface RawServer {
  readonly baseUrl: string;
  /** Methods of the requests received since the last `load`, and whether each carried the key. */
  readonly seen: { method: string; hadKey: boolean }[];
  load(steps: readonly Step[]): void;
  close(): Promise<void>;
}

/** A loopback server that answers request n of the current case with step n (the last one repeats). */
async function startRawServer(): Promise<RawServer> {
  let steps: readonly Step[] = [];
  const seen: { method: string; hadKey: boolean }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.subarray(end + 4 + length);
        const s = steps[seen.length] ?? steps[steps.length - 1];
        seen.push({ method: head.split(' ')[0], hadKey: head.toLowerCase().includes(`x-api-key: ${FUZZ_KEY.toLowerCase()}`) });
        if (!s || s.kind === 'drop') {
          socket.destroy();
          return;
        }
        if (s.kind === 'hang') return;
        if (s.kind === 'garbage') {
          socket.end(Buffer.from(s.bytes, 'utf8'));
          return;
        }
        const { bytes, close } = frame(s);
        if (close) {
          socket.end(bytes);
          return;
        }
        socket.write(bytes);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/public-api/v1`,
    seen,
    load(next) {
      steps = next;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function isSuccessStep(s: Step | undefined): boolean {
  return s?.kind === 'response' && s.status >= 200 && s.status < 300;
}

/** Runs one generated case against `server` and checks every promise the client makes. */
async function runCase(server: RawServer, c: FuzzCase): Promise<void> {
  server.load(c.steps);
  const lines: string[] = [];
  const log = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  const logger: Logger = { trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const clock = { now: FUZZ_NOW, waits: [] as number[] };
  const client = new PgaiClient({
    baseUrl: server.baseUrl,
    apiKey: FUZZ_KEY,
    logger,
    env: {},
    ...LOOPBACK_CLIENT,
    now: () => clock.now,
    sleep: (ms) => {
      clock.waits.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
    random: () => c.random,
  });
  const started = Date.now();
  let outcome: unknown;
  let failed = false;
  try {
    outcome = c.method === 'GET' ? await client.listSessions({ perPage: 10 }) : await client.createSession({ title: 'fuzz', type: 'chat' });
  } catch (error) {
    failed = true;
    outcome = error;
  } finally {
    await client.dispose();
  }
  const elapsed = Date.now() - started;
  const attempts = server.seen.length;
  const limit = (LOOPBACK_CLIENT.maxRetries + 1) * LOOPBACK_CLIENT.attemptTimeoutMs + 2_000;
  assert.ok(elapsed <= limit, `took ${elapsed} ms (bound ${limit})`);
  assert.ok(attempts >= 1 && attempts <= LOOPBACK_CLIENT.maxRetries + 1, `${attempts} attempts`);
  assert.ok(server.seen.every((r) => r.method === c.method && r.hadKey));
  if (c.method === 'POST') assert.equal(attempts, 1, 'a POST that reached the server was sent again');
  const waited = clock.waits.reduce((a, b) => a + b, 0);
  assert.ok(clock.waits.every((w) => Number.isFinite(w) && w >= 0 && w <= LOOPBACK_CLIENT.maxWaitMs), `waits ${clock.waits.join(',')}`);
  assert.ok(waited < LOOPBACK_CLIENT.totalTimeoutMs, `waited ${waited} ms in total`);
  const last = c.steps[attempts - 1] ?? c.steps[c.steps.length - 1];
  if (failed) {
    assert.ok(outcome instanceof PgaiError, `threw something other than a PgaiError: ${String(outcome)}`);
    assert.ok(!outcome.message.includes(FUZZ_KEY) && !(outcome.serverMessage ?? '').includes(FUZZ_KEY) && !(outcome.requestId ?? '').includes(FUZZ_KEY));
    assert.notEqual(outcome.kind, 'config');
    const plain = c.steps.length === 1 && last.kind === 'response' && last.framing === 'length';
    if (plain && bodyText(last.body).length <= LOOPBACK_CLIENT.maxBodyBytes && [400, 401, 403, 404].includes(last.status)) {
      const kinds: Record<number, string> = { 400: 'badRequest', 401: 'auth', 403: 'permission', 404: 'notFound' };
      assert.equal(outcome.kind, kinds[last.status]);
      assert.equal(attempts, 1, `retried after ${last.status}`);
    }
  } else {
    assert.ok(isSuccessStep(last), 'succeeded on a step that was not a 2xx response');
    if (c.method === 'GET') assert.ok(Array.isArray((outcome as { sessions?: unknown }).sessions));
    else assert.equal(typeof (outcome as { id?: unknown }).id, 'string');
  }
  const leaked = lines.filter((line) => line.includes(FUZZ_KEY));
  assert.deepEqual(leaked, [], 'the key appeared in a log line');
}

/** Runs `numRuns` generated cases over loopback. */
export async function runLoopbackFuzz(numRuns: number, seed?: number): Promise<void> {
  const server = await startRawServer();
  try {
    await fc.assert(
      fc.asyncProperty(fuzzCase, (c) => runCase(server, c)),
      { numRuns, seed, endOnFailure: true },
    );
  } finally {
    await server.close();
  }
}
