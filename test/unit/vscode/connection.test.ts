// The connection (src/vscode/connection.ts) in plain Node through the vscode stand-in: where a
// key from the environment may be stored, and the states a key and a base URL lead to: noKey,
// ready, authFailed/forbidden, badBaseUrl; which changes retire the client, what a lease keeps
// alive, one event per change, and nothing after dispose.
import { standIn } from '../../soak/standIn';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isPgaiError, PgaiError } from '../../../src/api/errors';
import { ApiKeyStore } from '../../../src/core/keyStore';
import { createConnection, type PgaiConnection } from '../../../src/vscode/connection';
import { READONLY_API_KEY, startSandbox, type Sandbox } from '../../../sandbox/server';
import { delivered, disposeAll, newContext, recordingChannel, resetStandIn, storeKey, waitFor, type Context } from './helpers';

/** The context key the welcome views read (package.json's viewsWelcome). */
const STATE_CONTEXT_KEY = 'pgai.state';

const ROOT = join(__dirname, '..', '..', '..');
const MODE = { Production: 1, Development: 2, Test: 3 } as const;

function channel(lines: string[]) {
  const at = (level: string) => (message: unknown) => lines.push(`${level} ${String(message)}`);
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as Parameters<typeof createConnection>[1];
}

async function connect(baseUrl: string, mode: number, seed: { key: string; origin: string } | undefined, given?: Context) {
  standIn.setConfiguration('pgai.apiBaseUrl', baseUrl);
  const context = given ?? (standIn.createContext(ROOT) as Context);
  context.extensionMode = mode;
  const saved = { key: process.env.PGAI_SEED_API_KEY, origin: process.env.PGAI_SEED_API_ORIGIN };
  if (seed) {
    process.env.PGAI_SEED_API_KEY = seed.key;
    process.env.PGAI_SEED_API_ORIGIN = seed.origin;
  } else {
    delete process.env.PGAI_SEED_API_KEY;
    delete process.env.PGAI_SEED_API_ORIGIN;
  }
  const lines: string[] = [];
  try {
    const connection = createConnection(context as never, channel(lines));
    await connection.whenReady();
    return { connection, context, lines };
  } finally {
    for (const [name, value] of [['PGAI_SEED_API_KEY', saved.key], ['PGAI_SEED_API_ORIGIN', saved.origin]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('vscode/connection', () => {
  afterEach(() => standIn.setConfiguration('pgai.apiBaseUrl', undefined));

  describe('a key from the environment (PGAI_SEED_API_KEY)', () => {
    const SEED = 'seeded-key-from-env';

    it('is stored for a loopback API in a development host, and logged without its value', async () => {
      const { connection, context, lines } = await connect('http://127.0.0.1:4010/public-api/v1', MODE.Development, { key: SEED, origin: 'http://127.0.0.1:4010' });
      assert.equal(await new ApiKeyStore(context.secrets).get('http://127.0.0.1:4010'), SEED);
      assert.equal(connection.state.kind, 'ready');
      assert.ok(lines.some((l) => /Stored the API key provided by the environment/.test(l)));
      assert.ok(!lines.some((l) => l.includes(SEED)), 'the key in the log');
      connection.dispose();
    });

    it('is ignored by an installed extension (production), even for a loopback API', async () => {
      const { connection, context, lines } = await connect('http://127.0.0.1:4010/public-api/v1', MODE.Production, { key: SEED, origin: 'http://127.0.0.1:4010' });
      assert.equal(await new ApiKeyStore(context.secrets).get('http://127.0.0.1:4010'), undefined);
      assert.equal(connection.state.kind, 'noKey');
      assert.ok(lines.some((l) => /^warn Ignoring PGAI_SEED_API_KEY/.test(l)));
      connection.dispose();
    });

    it('is ignored for the real PG:AI API, in any mode', async () => {
      for (const mode of [MODE.Development, MODE.Test, MODE.Production]) {
        const { connection, context } = await connect('https://api.getpg.ai/public-api/v1', mode, { key: SEED, origin: 'https://api.getpg.ai' });
        assert.equal(await new ApiKeyStore(context.secrets).get('https://api.getpg.ai'), undefined, `mode ${mode}`);
        assert.equal(connection.state.kind, 'noKey');
        connection.dispose();
      }
    });

    it('never replaces a key the user stored', async () => {
      const context = standIn.createContext(ROOT) as Context;
      await new ApiKeyStore(context.secrets).set('http://127.0.0.1:4010', 'mine');
      const { connection } = await connect('http://127.0.0.1:4010/public-api/v1', MODE.Development, { key: SEED, origin: 'http://127.0.0.1:4010' }, context);
      assert.equal(await new ApiKeyStore(context.secrets).get('http://127.0.0.1:4010'), 'mine');
      connection.dispose();
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The connection's states and transitions, against the sandbox on loopback.
// ---------------------------------------------------------------------------------------------

describe('vscode/connection: states and transitions', () => {
  let sandbox: Sandbox;
  let other: Sandbox;
  let context: Context;
  let lines: string[];
  let connection: PgaiConnection;
  let events: number;

  /** Instant waits for the client's retries (only the POST and GETs the test makes are sent). */
  const timing = { sleep: () => Promise.resolve() };

  before(async () => {
    [sandbox, other] = await Promise.all([startSandbox({ rateLimit: false, sessionCount: 5 }), startSandbox({ rateLimit: false, sessionCount: 5, apiKey: 'other-origin-key' })]);
  });
  after(async () => {
    await Promise.all([sandbox.close(), other.close()]);
  });

  beforeEach(() => {
    resetStandIn();
    sandbox.reset();
    other.reset();
    context = newContext();
    lines = [];
  });
  afterEach(() => {
    disposeAll(context);
    resetStandIn();
  });

  async function start(baseUrl: string, key?: string): Promise<void> {
    standIn.setConfiguration('pgai.apiBaseUrl', baseUrl);
    if (key !== undefined) await storeKey(context, new URL(baseUrl).origin, key);
    await delivered();
    connection = createConnection(context as never, recordingChannel(lines), timing);
    events = 0;
    connection.onDidChange(() => events++);
    await connection.whenReady();
    // Activation tells its listeners the first state at most once (before they can listen, when
    // nothing had to be awaited); the tests count the changes after it.
    assert.ok(events <= 1, `${events} events for the state read at activation`);
    events = 0;
  }

  /** One list request through the connection's client; a 401/403 is reported as the tree does. */
  async function list(): Promise<unknown> {
    const api = connection.api;
    assert.ok(api, 'a client');
    try {
      return await api.listSessions({ page: 1, perPage: 2 });
    } catch (error) {
      if (isPgaiError(error)) connection.reportAuthFailure(error);
      return error;
    }
  }

  const state = () => connection.state.kind;
  const contextState = () => standIn.contextKeys.get(STATE_CONTEXT_KEY);

  it('no key: noKey, no client, no lease, nothing sent; a saved key makes it ready, with one event', async () => {
    await start(sandbox.baseUrl);
    assert.equal(state(), 'noKey');
    assert.equal(contextState(), 'noKey', 'the welcome view’s context key');
    assert.equal(connection.api, undefined);
    assert.equal(connection.lease(), undefined);
    assert.equal(connection.origin, sandbox.origin);
    await storeKey(context, sandbox.origin, sandbox.apiKey);
    await waitFor(() => state() === 'ready', 'ready');
    await connection.whenReady();
    assert.equal(events, 1, 'one change event for one change');
    assert.equal(contextState(), 'ready');
    assert.ok(connection.api);
    assert.equal(sandbox.requests.length, 0, 'becoming ready sends nothing');
  });

  it('a 401 makes it authFailed; re-reading the same key keeps it so; Try Again (retry) makes it ready', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    assert.equal(state(), 'ready');
    sandbox.addFault({ method: 'GET', nth: 1, then: { status: 401, body: { error: 'Invalid API key' } } });
    const error = await list();
    assert.ok(isPgaiError(error) && error.status === 401, 'the list got the 401');
    assert.equal(state(), 'authFailed');
    assert.equal(contextState(), 'authFailed');
    assert.equal(events, 1);
    assert.equal(lines.filter((l) => /^warn .*rejected/i.test(l)).length, 1, 'one warning');
    // The same failure reported again (another group's request) changes nothing.
    connection.reportAuthFailure(error);
    assert.equal(events, 1, 'no second event for the same state');
    // A plain reload (e.g. a proxy change or the secret re-read) does not make the key valid.
    await connection.refresh();
    assert.equal(state(), 'authFailed');
    assert.equal(events, 1);
    await connection.retry();
    assert.equal(state(), 'ready');
    assert.equal(contextState(), 'ready');
    assert.equal(events, 2);
    assert.ok(!isPgaiError(await list()), 'the same key works again');
  });

  it('a 403 makes it forbidden; saving the key again (keyAccepted) makes it ready', async () => {
    await start(sandbox.baseUrl, READONLY_API_KEY);
    const error = await list();
    assert.ok(isPgaiError(error) && error.status === 403);
    assert.equal(state(), 'forbidden');
    assert.equal(contextState(), 'forbidden');
    await storeKey(context, sandbox.origin, READONLY_API_KEY); // the same key, saved again
    await connection.refresh({ keyAccepted: true, reason: 'API key saved' });
    assert.equal(state(), 'ready');
    assert.equal(events, 2, 'forbidden, then ready');
  });

  it('a different key stored after a 401 (as from another window) makes it ready without a retry', async () => {
    await start(sandbox.baseUrl, 'wrong-key');
    await list();
    assert.equal(state(), 'authFailed');
    const before = connection.api;
    await storeKey(context, sandbox.origin, sandbox.apiKey);
    await waitFor(() => state() === 'ready', 'ready with the new key');
    assert.notEqual(connection.api, before, 'a new client for the new key');
    assert.ok(!isPgaiError(await list()));
  });

  it('only a 401 or 403 changes the state, and only with a key', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    sandbox.addFault({ method: 'GET', then: { status: 404, body: { error: 'Not found' } } });
    const error = await list();
    assert.ok(isPgaiError(error) && error.status === 404);
    assert.equal(state(), 'ready');
    assert.equal(events, 0);
    // Without a key (it was removed meanwhile) a late 401 is not the saved key's fault.
    const late = new PgaiError('auth', 'Invalid API key', { status: 401 });
    await new ApiKeyStore(context.secrets).delete(sandbox.origin);
    await waitFor(() => state() === 'noKey', 'noKey');
    connection.reportAuthFailure(late);
    assert.equal(state(), 'noKey');
  });

  it('a bad base URL: badBaseUrl with the reason, no client, warned once; fixing it connects', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    const old = connection.api;
    standIn.setConfiguration('pgai.apiBaseUrl', 'http://example.com/public-api/v1');
    await waitFor(() => state() === 'badBaseUrl', 'badBaseUrl');
    assert.equal(contextState(), 'badBaseUrl');
    assert.ok(connection.state.kind === 'badBaseUrl' && /http/i.test(connection.state.message), 'the message says why');
    assert.equal(connection.baseUrl, undefined);
    assert.equal(connection.origin, undefined);
    assert.equal(connection.api, undefined);
    assert.equal(connection.lease(), undefined);
    await assert.rejects(old!.listSessions({ page: 1, perPage: 1 }), (e: unknown) => isPgaiError(e, 'cancelled'));
    await connection.refresh();
    await connection.refresh();
    assert.equal(lines.filter((l) => l.startsWith('warn ') && l.includes(connection.state.kind === 'badBaseUrl' ? connection.state.message : '?')).length, 1, 'warned once, not on every re-read');
    assert.equal(events, 1);
    standIn.setConfiguration('pgai.apiBaseUrl', sandbox.baseUrl);
    await waitFor(() => state() === 'ready', 'ready');
    assert.equal(connection.baseUrl, sandbox.baseUrl);
    assert.equal(events, 2, 'one event: badBaseUrl → ready');
    assert.equal(sandbox.requests.length, 0);
  });

  it('a bad base URL at activation: badBaseUrl at once, with no client, and the log says why once', async () => {
    await start('not a url');
    assert.equal(state(), 'badBaseUrl');
    assert.equal(contextState(), 'badBaseUrl');
    assert.equal(connection.api, undefined);
    const message = connection.state.kind === 'badBaseUrl' ? connection.state.message : '?';
    assert.equal(lines.filter((l) => l.startsWith('warn ') && l.includes(message)).length, 1, `warned once: ${lines.join(' | ')}`);
  });

  it('pgai.apiBaseUrl from the workspace is ignored (user value used) and warned about once', async () => {
    standIn.setConfiguration('pgai.apiBaseUrl', other.baseUrl, 'workspace');
    await start(sandbox.baseUrl, sandbox.apiKey);
    await storeKey(context, other.origin, other.apiKey);
    assert.equal(connection.baseUrl, sandbox.baseUrl);
    assert.equal(connection.origin, sandbox.origin);
    await connection.refresh();
    await connection.refresh();
    const warnings = () => lines.filter((l) => /^warn Ignoring pgai\.apiBaseUrl from the workspace/.test(l)).length;
    assert.equal(warnings(), 1);
    assert.ok(!isPgaiError(await list()));
    assert.equal(other.requests.length, 0, 'the workspace’s address never saw a request');
    // Only the user value counts, even with no user value at all: then the default.
    standIn.setConfiguration('pgai.apiBaseUrl', undefined);
    await waitFor(() => connection.baseUrl === 'https://api.getpg.ai/public-api/v1', 'the default base URL');
    assert.equal(warnings(), 2, 'warned again after the setting changed');
  });

  it('a base URL change retires the client: closed at once, the key stays with its origin', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    const old = connection.api;
    assert.ok(old);
    standIn.setConfiguration('pgai.apiBaseUrl', other.baseUrl);
    await waitFor(() => connection.origin === other.origin, 'the other origin');
    assert.equal(state(), 'noKey', 'no key for the other origin');
    assert.equal(connection.api, undefined);
    assert.equal(events, 1);
    await assert.rejects(old.listSessions({ page: 1, perPage: 2 }), (e: unknown) => isPgaiError(e, 'cancelled'));
    assert.equal(sandbox.requests.length, 0, 'the retired client sent nothing');
    assert.equal(other.requests.length, 0, 'the first key never went to the other origin');
  });

  it('a setting change does not abort a create in flight on a lease; the retired client closes at release', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    await storeKey(context, other.origin, other.apiKey);
    const lease = connection.lease();
    assert.ok(lease);
    sandbox.hold();
    const title = `Leased ${randomUUID()}`;
    const created = lease.api.createSession({ type: 'chat', title });
    await waitFor(() => sandbox.held === 1, 'the POST reached the sandbox');
    standIn.setConfiguration('http.proxy', 'http://127.0.0.1:9'); // retires the client as well (ignored for loopback)
    standIn.setConfiguration('pgai.apiBaseUrl', other.baseUrl);
    await waitFor(() => connection.origin === other.origin && state() === 'ready', 'connected to the other origin');
    assert.notEqual(connection.api, lease.api, 'the connection moved on');
    sandbox.release();
    const session = await created;
    assert.equal(session.title, title);
    assert.equal(sandbox.sessions().filter((s) => s.title === title).length, 1);
    assert.equal(sandbox.requests.filter((r) => r.method === 'POST').length, 1, 'one POST');
    // Still alive until released: a read on the leased client works.
    const page = await lease.api.listSessions({ page: 1, perPage: 1 });
    assert.ok(page.sessions.length > 0);
    lease.release();
    lease.release(); // twice is harmless
    const sent = sandbox.requests.length;
    await assert.rejects(lease.api.listSessions({ page: 1, perPage: 1 }), (e: unknown) => isPgaiError(e, 'cancelled'));
    assert.equal(sandbox.requests.length, sent, 'nothing sent after release');
    assert.equal(other.requests.filter((r) => r.method === 'POST').length, 0);
  });

  it('a proxy change retires the client but keeps the state; one event', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    const old = connection.api;
    standIn.setConfiguration('http.noProxy', ['example.com']);
    await waitFor(() => connection.api !== old, 'a new client');
    await connection.whenReady();
    assert.equal(state(), 'ready');
    assert.equal(events, 1);
  });

  it('a key change in another window (SecretStorage onDidChange) reloads: new key, removal, others’ origins', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    const first = connection.api;
    await storeKey(context, sandbox.origin, 'rotated-key');
    await waitFor(() => connection.api !== first, 'a client for the new key');
    assert.equal(state(), 'ready');
    assert.equal(events, 1);
    // A key for another origin is not ours: no reload, no event.
    const second = connection.api;
    await storeKey(context, other.origin, other.apiKey);
    await delivered();
    await connection.whenReady();
    assert.equal(connection.api, second);
    assert.equal(events, 1);
    await new ApiKeyStore(context.secrets).delete(sandbox.origin);
    await waitFor(() => state() === 'noKey', 'noKey after removal');
    assert.equal(events, 2);
    assert.equal(connection.api, undefined);
  });

  it('a setting written again with the same value changes nothing and fires nothing', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    const api = connection.api;
    standIn.setConfiguration('pgai.apiBaseUrl', `${sandbox.baseUrl}/`); // the same URL, normalised
    standIn.setConfiguration('pgai.sessions.pageSize', 10); // not the connection's
    await delivered();
    await connection.whenReady();
    assert.equal(connection.api, api);
    assert.equal(events, 0);
  });

  it('after dispose nothing is sent and nothing fires', async () => {
    await start(sandbox.baseUrl, sandbox.apiKey);
    const api = connection.api;
    assert.ok(api);
    const setContexts = () => standIn.executedCommands.filter((c) => c.id === 'setContext').length;
    const before = setContexts();
    connection.dispose();
    assert.equal(connection.api, undefined);
    assert.equal(connection.lease(), undefined);
    await assert.rejects(api.listSessions({ page: 1, perPage: 1 }), (e: unknown) => isPgaiError(e, 'cancelled'));
    await storeKey(context, sandbox.origin, 'another');
    standIn.setConfiguration('pgai.apiBaseUrl', other.baseUrl);
    await delivered();
    await connection.whenReady();
    assert.equal(events, 0);
    assert.equal(setContexts(), before, 'the context key is left alone');
    assert.equal(sandbox.requests.length + other.requests.length, 0);
  });
});
