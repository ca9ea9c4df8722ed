import assert from 'node:assert/strict';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { TEST_KEY, closedPort, expectError, makeClient, startTestSandbox } from './harness';

describe('PgaiClient.createSession against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.setOptions({ rateLimit: false, latencyMs: 0 });
  });

  const posts = () => sandbox.requests.filter((r) => r.method === 'POST');

  it('creates a session and returns it', async () => {
    const before = sandbox.sessions().length;
    const created = await makeClient(sandbox).createSession({ title: 'Research Acme', type: 'plan' });
    assert.equal(created.title, 'Research Acme');
    assert.equal(created.type, 'plan');
    assert.ok(created.id.length > 0);
    assert.equal(created.raw.id, created.id);
    assert.equal(sandbox.sessions().length, before + 1);
    assert.equal(sandbox.sessions().find((s) => s.id === created.id)?.title, 'Research Acme');
    assert.deepEqual(posts().map((r) => r.status), [201]);
  });

  it('sends an empty object when nothing is given, and the server fills the defaults', async () => {
    const created = await makeClient(sandbox).createSession({});
    assert.equal(created.type, 'chat');
  });

  it('is not retried after a 503', async () => {
    sandbox.addFault({ method: 'POST', then: { status: 503, body: { error: 'busy' } } });
    const error = await expectError(makeClient(sandbox).createSession({ title: 'x' }), 'server');
    assert.equal(error.mayHaveReachedServer, true);
    assert.equal(posts().length, 1);
  });

  it('is not retried after a 429 either', async () => {
    sandbox.addFault({ method: 'POST', then: { status: 429, headers: { 'Retry-After': '1' } } });
    await expectError(makeClient(sandbox).createSession({ title: 'x' }), 'rateLimited');
    assert.equal(posts().length, 1);
  });

  it('is not retried when the connection drops after the server created the session', async () => {
    const before = sandbox.sessions().length;
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenDrop' } });
    const error = await expectError(makeClient(sandbox).createSession({ title: 'dropped' }), 'connection');
    assert.equal(error.mayHaveReachedServer, true);
    assert.equal(posts().length, 1);
    assert.equal(sandbox.sessions().length, before + 1);
  });

  it('times out, not retried, when the server creates and never answers', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createThenHang' } });
    const error = await expectError(makeClient(sandbox, { attemptTimeoutMs: 80 }).createSession({ title: 'hung' }), 'timeout');
    assert.equal(error.mayHaveReachedServer, true);
    assert.equal(posts().length, 1);
  });

  it('reports a 201 with no body as invalidResponse that may have reached the server', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createNoBody' } });
    const error = await expectError(makeClient(sandbox).createSession({ title: 'quiet' }), 'invalidResponse');
    assert.equal(error.mayHaveReachedServer, true);
    assert.equal(posts().length, 1);
  });

  it('reports a 201 without an id as invalidResponse that may have reached the server', async () => {
    sandbox.addFault({ method: 'POST', then: { status: 201, body: { ok: true } } });
    const error = await expectError(makeClient(sandbox).createSession({}), 'invalidResponse');
    assert.equal(error.mayHaveReachedServer, true);
  });

  it('returns a session the list will never show (createHidden) like any other', async () => {
    sandbox.addFault({ method: 'POST', then: { kind: 'createHidden' } });
    const created = await makeClient(sandbox).createSession({ title: 'ghost' });
    const listed = await makeClient(sandbox).listSessions({ perPage: 50 });
    assert.ok(!listed.sessions.some((s) => s.id === created.id));
  });

  it('is retried when the connection is refused, since nothing was sent', async () => {
    const port = await closedPort();
    let late: Sandbox | undefined;
    const client = makeClient(
      { baseUrl: `http://127.0.0.1:${port}/public-api/v1` },
      {
        // The first backoff brings the server up: the retry then creates exactly one session.
        sleep: async () => {
          late ??= await startSandbox({ port, apiKey: TEST_KEY, rateLimit: false, sessionCount: 5 });
        },
      },
    );
    try {
      const created = await client.createSession({ title: 'second try' });
      assert.ok(late);
      assert.equal(late.requests.filter((r) => r.method === 'POST').length, 1);
      assert.equal(late.sessions().filter((s) => s.id === created.id).length, 1);
    } finally {
      await late?.close();
    }
  });

  it('gives up on a refused connection after maxRetries, saying nothing was sent', async () => {
    const port = await closedPort();
    let sleeps = 0;
    const client = makeClient({ baseUrl: `http://127.0.0.1:${port}/public-api/v1` }, { maxRetries: 2, sleep: async () => void sleeps++ });
    const error = await expectError(client.createSession({ title: 'x' }), 'connection');
    assert.equal(error.mayHaveReachedServer, false);
    assert.equal(sleeps, 2);
  });

  it('reports a 400 with the server message', async () => {
    sandbox.addFault({ method: 'POST', then: { status: 400, body: { error: { type: 'validation_error', code: 'bad_type', message: 'Unknown type' } } } });
    const error = await expectError(makeClient(sandbox).createSession({ type: 'nope' }), 'badRequest');
    assert.equal(error.serverMessage, 'Unknown type');
  });
});
