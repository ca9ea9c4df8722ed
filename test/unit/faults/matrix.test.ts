// The fault matrix at the client level: for every row of test/faults/matrix.ts, the sandbox
// injects the fault and the real PgaiClient (default retry policy, fake sleep, short attempt
// timeout) must make exactly the row's retries and end in the row's result. Paging rows run the
// real SessionsModel over the client to check deduplication and the end of paging.
import assert from 'node:assert/strict';
import { PgaiClient } from '../../../src/api/client';
import { isPgaiError } from '../../../src/api/errors';
import { SessionsModel } from '../../../src/core/sessions/model';
import type { TreeNode } from '../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS } from '../../../src/core/sessions/sessionsSettings';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { MATRIX, testName, type MatrixRow } from '../../faults/matrix';
import { type RowResult, writeResults } from '../../faults/results';
import { closedPort } from '../api/harness';

const KEY = 'pgai_matrix_T5k-Wq9Zr3';

describe('fault matrix: the client (test/faults/matrix.ts)', () => {
  let sandbox: Sandbox;
  const results: Record<string, RowResult> = {};
  const clients: PgaiClient[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: KEY, rateLimit: false, sessionCount: 80 });
  });
  after(async () => {
    await sandbox.close();
    writeResults('unit', results);
  });
  afterEach(async () => {
    sandbox.clearFaults();
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });

  function client(baseUrl: string, waits: number[]): PgaiClient {
    let now = Date.now();
    const c = new PgaiClient({
      baseUrl,
      apiKey: KEY,
      env: {},
      // Long enough for the sandbox to build an 8 MiB body on a busy machine, short for the hang rows.
      attemptTimeoutMs: 1_500,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    clients.push(c);
    return c;
  }

  async function pagedModel(c: PgaiClient): Promise<{ ids: string[]; tail: TreeNode['kind'] | undefined }> {
    const model = new SessionsModel({ ...DEFAULT_SETTINGS, groupBy: 'none' }, { fetchPage: (q, s) => c.listSessions(q, s), onDidChange: () => undefined });
    try {
      let children = await model.getChildren();
      for (let guard = 0; guard < 10; guard++) {
        const tail = children[children.length - 1];
        if (tail?.kind !== 'loadMore') break;
        await model.loadMore(tail);
        children = await model.getChildren();
      }
      const ids = children.flatMap((n) => (n.kind === 'session' ? [n.entry.session.id] : []));
      return { ids, tail: children[children.length - 1]?.kind };
    } finally {
      model.dispose();
    }
  }

  async function runRow(row: MatrixRow): Promise<number> {
    sandbox.reset();
    const waits: number[] = [];
    const base = row.special === 'refused' ? `http://127.0.0.1:${await closedPort()}/public-api/v1` : sandbox.baseUrl;
    row.inject?.(sandbox, Date.now());
    const c = client(base, waits);
    try {
      if (row.special === 'paging') {
        const { ids, tail } = await pagedModel(c);
        assert.equal(new Set(ids).size, ids.length, 'a session is listed twice');
        assert.equal(row.ui.kind, 'paged', 'a paging row checks a paged view');
        if (row.ui.kind === 'paged') assert.equal(ids.length, row.ui.sessions);
        assert.notEqual(tail, 'loadMore', 'paging did not end');
        return 0;
      }
      let outcome: unknown;
      try {
        outcome = row.request === 'list' ? await c.listSessions({ perPage: 25 }) : await c.createSession({ type: 'chat', title: `Matrix ${row.id}` });
      } catch (error) {
        outcome = error;
      }
      const attempts = row.special === 'refused' ? waits.length + 1 : sandbox.requests.length;
      if (row.special === 'probe') {
        // The user's Refresh: sent at once, whatever the client believes.
        const page = await c.listSessions({ perPage: 25, page: 2 }, undefined, { probe: true });
        assert.ok(page.sessions.length > 0);
        assert.equal(sandbox.requests.length, attempts + 1, 'the probe was not sent at once');
        assert.equal(waits.length, 0, `the probe waited ${waits.join(', ')} ms`);
      }
      if (typeof row.special === 'object') {
        const [low, high] = row.special.holdNext;
        waits.length = 0;
        await c.listSessions({ perPage: 25, page: 2 });
        const held = waits.reduce((sum, w) => sum + w, 0);
        assert.ok(held >= low && held <= high, `the next request was held ${held} ms, not ${low}–${high}`);
      }
      if (row.client === 'ok') {
        assert.ok(!(outcome instanceof Error), `failed: ${String(outcome)}`);
        if (row.clientSessions !== undefined) assert.equal((outcome as { sessions: unknown[] }).sessions.length, row.clientSessions);
      } else {
        assert.ok(isPgaiError(outcome), `expected a ${row.client} error, got ${String(outcome)}`);
        assert.equal(outcome.kind, row.client, outcome.message);
        assert.ok(!outcome.message.includes(KEY));
      }
      if (row.request === 'create' && row.special !== 'refused') {
        assert.equal(attempts, 1, 'a create that reached the server was sent again');
      }
      assert.equal(attempts - 1, row.retries, `retries (waits ${waits.join(', ')})`);
      return attempts - 1;
    } finally {
      row.cleanup?.(sandbox);
    }
  }

  for (const row of MATRIX) {
    it(testName(row), async function () {
      this.timeout(15_000);
      try {
        const retries = await runRow(row);
        results[row.id] = { passed: true, retries };
      } catch (error) {
        results[row.id] = { passed: false, error: String(error).slice(0, 300) };
        throw error;
      }
    });
  }
});
