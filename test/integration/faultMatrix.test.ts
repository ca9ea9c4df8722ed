// The fault matrix in a real VS Code: for every row of test/faults/matrix.ts the sandbox injects
// the fault and the test checks what the user sees (the tree's error item and its text, the
// welcome state, the create command's answer) and what was kept (the sessions already loaded,
// the input typed, exactly one created session). Results go to .cache/reliability/integration.json
// for docs/RELIABILITY.md.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox } from '../../sandbox/server';
import type { Session } from '../../src/api/types';
import type { TreeNode } from '../../src/core/sessions/nodes';
import type { SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import type { CreateFailure } from '../../src/vscode/commands/createSession';
import type { PgaiExtensionApi } from '../../src/vscode/contracts';
import { MATRIX, testName, type MatrixRow } from '../faults/matrix';
import { type RowResult, writeResults } from '../faults/results';
import { configureForSandbox, connectTo, getExtensionApi, idle, waitFor, type Sandbox } from './helpers';

interface Provider {
  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): vscode.TreeItem;
  loadMore(node: TreeNode): Promise<void>;
  readonly currentSettings: SessionsSettings;
  readonly view: vscode.TreeView<TreeNode>;
  readonly model: { readonly overview: { readonly unreachableError: Error | undefined; emptiness(): string } } | undefined;
}

type CreateResult = Session | CreateFailure | undefined;

function sessionsConfig(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgai.sessions');
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'object' ? item.label.label : String(item.label ?? '');
}

function listRequests(sandbox: Sandbox): number {
  return sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions')).length;
}

describe('fault matrix in VS Code (test/faults/matrix.ts)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let api: PgaiExtensionApi;
  let provider: Provider;
  const results: Record<string, RowResult> = {};
  const saved: Record<string, unknown> = {};

  async function children(): Promise<TreeNode[]> {
    return provider.getChildren(undefined);
  }

  async function sessionIds(): Promise<string[]> {
    return (await children()).flatMap((n) => (n.kind === 'session' ? [n.entry.session.id] : []));
  }

  /** The root list loaded with sessions and no error (refreshing, at most once a second, until it is). */
  async function loaded(): Promise<string[]> {
    let lastRefresh = 0;
    return waitFor(
      async () => {
        const nodes = await children();
        const ids = nodes.flatMap((n) => (n.kind === 'session' ? [n.entry.session.id] : []));
        // No rows (a welcome view: no sessions, or PG:AI unreachable) is settled too.
        const settled = !nodes.some((n) => n.kind === 'loadMore' && n.stream.loading !== undefined);
        if (ids.length > 0 && !nodes.some((n) => n.kind === 'error')) return ids;
        if (settled && Date.now() - lastRefresh > 1_000) {
          lastRefresh = Date.now();
          await vscode.commands.executeCommand('pgai.refreshSessions');
        }
        return undefined;
      },
      20_000,
      'sessions loaded',
    );
  }

  /** A fresh model (as after a settings change): flips the sort order and waits for it to apply. */
  async function freshModel(): Promise<void> {
    const next = provider.currentSettings.sortOrder === 'desc' ? 'asc' : 'desc';
    await sessionsConfig().update('sortOrder', next, vscode.ConfigurationTarget.Global);
    await waitFor(() => provider.currentSettings.sortOrder === next, 5_000, 'settings applied');
  }

  before(async () => {
    sandbox = await configureForSandbox();
    api = await getExtensionApi();
    provider = api.tree as unknown as Provider;
    for (const key of ['groupBy', 'pageSize', 'sortOrder', 'autoRefreshSeconds']) saved[key] = sessionsConfig().inspect(key)?.globalValue;
    await sessionsConfig().update('groupBy', 'none', vscode.ConfigurationTarget.Global);
    await sessionsConfig().update('pageSize', 25, vscode.ConfigurationTarget.Global);
    await sessionsConfig().update('autoRefreshSeconds', 0, vscode.ConfigurationTarget.Global);
    await waitFor(() => provider.currentSettings.groupBy === 'none' && provider.currentSettings.pageSize === 25, 5_000, 'settings applied');
    await vscode.commands.executeCommand('workbench.view.extension.pgai');
  });

  after(async () => {
    writeResults('integration', results);
    sandbox.clearFaults();
    sandbox.setOptions({ ignorePage: false });
    // The rate-limit row leaves the client holding requests for 2 minutes: switching origins
    // builds a new client, so the suites after this one start clean.
    const other = await startSandbox({ port: 0, rateLimit: false, sessionCount: 5 });
    await connectTo(other);
    await connectTo(sandbox);
    await other.close();
    for (const [key, value] of Object.entries(saved)) await sessionsConfig().update(key, value, vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    sandbox.clearFaults();
    sandbox.reset();
    if (api.connection.state.kind !== 'ready' || api.connection.origin !== sandbox.origin) await connectTo(sandbox);
  });

  async function errorKept(row: MatrixRow, expected: RegExp): Promise<number> {
    let target = sandbox;
    let second: Sandbox | undefined;
    if (row.special === 'refused') {
      second = await startSandbox({ port: 0, rateLimit: false, sessionCount: 30 });
      await connectTo(second);
      target = second;
    }
    try {
      const before = await loaded();
      const requestsBefore = listRequests(target);
      if (second) await second.close();
      row.inject?.(target, Date.now());
      await vscode.commands.executeCommand('pgai.refreshSessions');
      const error = await waitFor(async () => (await children()).find((n) => n.kind === 'error'), 30_000, 'an error item');
      const text = label(provider.getTreeItem(error));
      assert.match(text, expected);
      assert.deepEqual(await sessionIds(), before, 'the sessions already loaded are still listed');
      const retries = second ? row.retries : listRequests(target) - requestsBefore - 1;
      if (!second) assert.equal(retries, row.retries, 'retries');
      return retries;
    } finally {
      if (second) await connectTo(sandbox);
    }
  }

  async function unreachableKept(row: MatrixRow, expected: RegExp): Promise<number> {
    const second = await startSandbox({ port: 0, rateLimit: false, sessionCount: 30 });
    const target = row.special === 'refused' ? second : sandbox;
    if (target === second) await connectTo(second);
    try {
      const before = await loaded();
      if (row.special === 'refused') await second.close();
      row.inject?.(target, Date.now());
      await vscode.commands.executeCommand('pgai.refreshSessions');
      const message = await waitFor(() => (provider.model?.overview.unreachableError ? provider.view.message : undefined), 30_000, 'the view says PG:AI cannot be reached');
      assert.match(message, expected);
      assert.ok(!(await children()).some((n) => n.kind === 'error'), 'no error item: the view says it once');
      assert.deepEqual(await sessionIds(), before, 'the sessions already loaded are still listed');
      return row.retries;
    } finally {
      if (row.special !== 'refused') await second.close();
      else await connectTo(sandbox);
    }
  }

  async function recovers(row: MatrixRow): Promise<number> {
    const before = await loaded();
    const requestsBefore = listRequests(sandbox);
    row.inject?.(sandbox, Date.now());
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(() => listRequests(sandbox) - requestsBefore >= row.retries + 1 && sandbox.requests[sandbox.requests.length - 1].status === 200, 40_000, 'the retried request');
    await idle(api, sandbox);
    const nodes = await children();
    assert.ok(!nodes.some((n) => n.kind === 'error'), 'an error item is shown');
    assert.deepEqual(await sessionIds(), before);
    return listRequests(sandbox) - requestsBefore - 1;
  }

  /** Refresh shows the error; the user's next Refresh is sent at once and brings the list back. */
  async function probe(row: MatrixRow, expected: RegExp): Promise<number> {
    const before = await loaded();
    row.inject?.(sandbox, Date.now());
    await vscode.commands.executeCommand('pgai.refreshSessions');
    const error = await waitFor(async () => (await children()).find((n) => n.kind === 'error'), 20_000, 'an error item');
    assert.match(label(provider.getTreeItem(error)), expected);
    const requestsBefore = listRequests(sandbox);
    const asked = Date.now();
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(() => listRequests(sandbox) > requestsBefore, 3_000, 'the probe sent at once');
    assert.ok(Date.now() - asked < 3_000);
    await waitFor(async () => !(await children()).some((n) => n.kind === 'error'), 10_000, 'the list back');
    // The user's Refresh reloads the list: what the server holds now (earlier rows' data was reset).
    const onServer = new Set(sandbox.sessions().map((x) => x.id));
    const after = await sessionIds();
    assert.ok(before.length > 0 && after.length > 0, 'no sessions');
    assert.ok(after.every((id) => onServer.has(id)), 'a session the server does not hold');
    return 0;
  }

  /** Refresh brings the rate-limit headers; the Load more after it is held as long as they say. */
  async function holdNext(row: MatrixRow, [low, high]: readonly [number, number]): Promise<number> {
    await loaded();
    row.inject?.(sandbox, Date.now());
    const faultsBefore = sandbox.requests.filter((r) => r.fault !== undefined).length;
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(() => sandbox.requests.filter((r) => r.fault !== undefined).length > faultsBefore && sandbox.inFlight === 0, 10_000, 'the refresh with the headers');
    await waitFor(async () => (await children()).find((n) => n.kind === 'loadMore' && n.stream.loading === undefined), 10_000, 'Load more');
    const more = (await children()).find((n) => n.kind === 'loadMore');
    assert.ok(more);
    const requestsBefore = listRequests(sandbox);
    const asked = Date.now();
    const loading = provider.loadMore(more);
    await waitFor(() => listRequests(sandbox) > requestsBefore, high + 5_000, 'the held Load more');
    const held = Date.now() - asked;
    await loading;
    assert.ok(held >= low && held <= high, `Load more was held ${held} ms, not ${low}–${high}`);
    return 0;
  }

  async function welcome(row: MatrixRow, state: 'authFailed' | 'forbidden'): Promise<number> {
    await loaded();
    row.inject?.(sandbox, Date.now());
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(() => api.connection.state.kind === state, 15_000, `state ${state}`);
    const contexts = (await provider.getChildren(undefined)).length;
    assert.equal(contexts, 0, 'the tree is empty so that the welcome view shows');
    // The fix the welcome view offers: Update API Key; then the list is back.
    sandbox.clearFaults();
    await vscode.commands.executeCommand('pgai.setApiKey', sandbox.apiKey);
    await waitFor(() => api.connection.state.kind === 'ready', 10_000, 'ready again');
    await loaded();
    return 0;
  }

  async function firstPage(row: MatrixRow, sessions: number, tail: 'empty' | 'none' | 'more'): Promise<number> {
    await loaded();
    row.inject?.(sandbox, Date.now());
    await freshModel();
    if (sessions === 0 && tail === 'empty') {
      // An empty list is said by the welcome view ("No agent sessions yet"), not by a row.
      await waitFor(async () => ((await children()).length === 0 && provider.model?.overview.emptiness() === 'none' ? true : undefined), 15_000, 'the empty list');
      return 0;
    }
    const nodes = await waitFor(async () => {
      const list = await children();
      return list.length > 0 ? list : undefined;
    }, 15_000, 'the first page');
    assert.ok(!nodes.some((n) => n.kind === 'error'), 'an error item is shown');
    assert.equal(nodes.filter((n) => n.kind === 'session').length, sessions);
    const last = nodes[nodes.length - 1];
    if (tail === 'empty') assert.match(label(provider.getTreeItem(last)), /^No (\w+ )?sessions/);
    if (tail === 'none') assert.equal(last.kind, 'session');
    if (tail === 'more') assert.equal(last.kind, 'loadMore');
    return 0;
  }

  async function paged(row: MatrixRow, sessions: number): Promise<number> {
    await loaded();
    sandbox.clearFaults();
    sandbox.reset();
    row.inject?.(sandbox, Date.now());
    await freshModel();
    let nodes = await children();
    for (let guard = 0; guard < 10; guard++) {
      const last = nodes[nodes.length - 1];
      if (last?.kind !== 'loadMore') break;
      await provider.loadMore(last);
      nodes = await children();
    }
    const ids = nodes.flatMap((n) => (n.kind === 'session' ? [n.entry.session.id] : []));
    assert.equal(new Set(ids).size, ids.length, 'a session is listed twice');
    assert.equal(ids.length, sessions);
    assert.ok(!nodes.some((n) => n.kind === 'loadMore' || n.kind === 'error'));
    return 0;
  }

  async function create(row: MatrixRow, ui: Extract<MatrixRow['ui'], { kind: 'create' }>): Promise<number> {
    await loaded();
    const title = `Matrix ${row.id} ${Date.now()}`;
    let target = sandbox;
    let second: Sandbox | undefined;
    if (row.special === 'refused') {
      second = await startSandbox({ port: 0, rateLimit: false, sessionCount: 5 });
      await connectTo(second);
      await loaded();
      await second.close();
      target = second;
    }
    try {
      row.inject?.(target, Date.now());
      const result = await vscode.commands.executeCommand<CreateResult>('pgai.createSession', { type: 'chat', title, noPrompt: true });
      assert.ok(result, 'the command returned nothing');
      if (ui.outcome === 'created') {
        assert.ok(!('error' in result), `reported as failed: ${'error' in result ? result.error : ''}`);
        if (ui.inTree) await waitFor(() => api.tree.loadedSessions().some((s) => s.id === result.id), 5_000, 'the session in the tree');
      } else {
        assert.ok('error' in result, 'reported as created');
        if (ui.message) assert.match(result.error, ui.message);
        assert.equal(result.prefill.values.title, title, 'the title typed is kept');
        assert.equal(result.prefill.values.type, 'chat', 'the type chosen is kept');
      }
      if (!second) {
        const onServer = sandbox.sessions().filter((s) => s.title === title).length;
        assert.equal(onServer, ui.onServer, 'sessions with that title on the server');
        const posts = sandbox.requests.filter((r) => r.method === 'POST').length;
        assert.equal(posts, 1, 'POST requests');
      }
      return row.retries;
    } finally {
      if (second) await connectTo(sandbox);
    }
  }

  for (const row of MATRIX) {
    it(testName(row), async () => {
      try {
        let retries: number;
        const ui = row.ui;
        switch (ui.kind) {
          case 'errorKept':
            retries = await errorKept(row, ui.label);
            break;
          case 'unreachableKept':
            retries = await unreachableKept(row, ui.label);
            break;
          case 'recovers':
            retries = await recovers(row);
            break;
          case 'probe':
            retries = await probe(row, ui.label);
            break;
          case 'holdNext':
            retries = await holdNext(row, ui.withinMs);
            break;
          case 'welcome':
            retries = await welcome(row, ui.state);
            break;
          case 'firstPage':
            retries = await firstPage(row, ui.sessions, ui.tail);
            break;
          case 'paged':
            retries = await paged(row, ui.sessions);
            break;
          case 'create':
            retries = await create(row, ui);
            break;
        }
        results[row.id] = { passed: true, retries };
      } catch (error) {
        results[row.id] = { passed: false, error: String(error).slice(0, 300) };
        throw error;
      } finally {
        row.cleanup?.(sandbox);
      }
    });
  }
});
