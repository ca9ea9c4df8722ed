// The Sessions tree in a real VS Code against the sandbox. Laziness is proven with the sandbox's
// request log: no list request before the view is visible, one per expanded group (none for
// status buckets), exactly one per "Load more"; and a filter setting changes what is shown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupNode, LoadMoreNode, SessionNode, TreeNode } from '../../src/core/sessions/nodes';
import type { SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import type { PgaiExtensionApi } from '../../src/vscode/contracts';
import { configureForSandbox, getExtensionApi, idle, waitFor, type Sandbox } from './helpers';

/** The provider behind the view (registerSessionsView returns it as `tree`). */
interface Provider {
  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]>;
  readonly currentSettings: SessionsSettings;
}

const SETTINGS = ['groupBy', 'pageSize', 'filter.status', 'filter.type', 'filter.companyId', 'filter.search'];

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgai.sessions');
}

function listQueries(sandbox: Sandbox): Record<string, string>[] {
  return sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/agent/sessions')).map((r) => r.query);
}

describe('sessions tree', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let api: PgaiExtensionApi;
  let provider: Provider;
  let view: vscode.TreeView<TreeNode>;

  async function setSettings(values: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(values)) await config().update(key, value, vscode.ConfigurationTarget.Global);
    // The view applies settings after a 300 ms debounce.
    await waitFor(
      () =>
        Object.entries(values).every(([key, value]) => {
          const s = provider.currentSettings;
          if (key === 'groupBy') return s.groupBy === value;
          if (key === 'pageSize') return s.pageSize === value;
          if (key === 'filter.status') return s.filter.status === (value ?? '');
          return true;
        }),
      5_000,
      'settings applied',
    );
    await idle(api, sandbox, 'the view reloaded with the settings');
  }

  async function showView(): Promise<void> {
    await vscode.commands.executeCommand('workbench.view.extension.pgai');
    await waitFor(() => view.visible, 5_000, 'view visible');
  }

  async function hideView(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor(() => !view.visible, 5_000, 'view hidden');
  }

  async function collapseAll(): Promise<void> {
    await showView();
    await vscode.commands.executeCommand('workbench.actions.treeView.pgai.sessions.collapseAll');
  }

  async function group(id: string, parent?: TreeNode): Promise<GroupNode> {
    const node = (await provider.getChildren(parent)).find((n) => n.id === id);
    assert.ok(node && node.kind === 'group', `no group ${id}`);
    return node;
  }

  before(async () => {
    sandbox = await configureForSandbox();
    api = await getExtensionApi();
    provider = api.tree as unknown as Provider;
    view = api.treeView as vscode.TreeView<TreeNode>;
    await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'connection ready');
  });

  after(async () => {
    for (const key of SETTINGS) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('makes no list request before the view is visible, then one for the root stream', async () => {
    await collapseAll();
    await hideView();
    await setSettings({ groupBy: 'status', pageSize: 10 });
    sandbox.reset();
    // While hidden the refresh must not fetch: it is seen (the tree's change event fires) and
    // the view goes idle with no request.
    let seen = false;
    const subscription = (api.tree as unknown as { onDidChangeTreeData: vscode.Event<unknown> }).onDidChangeTreeData(() => {
      seen = true;
    });
    api.tree.refresh();
    await waitFor(() => seen, 5_000, 'the refresh seen by the tree');
    subscription.dispose();
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), 0, 'no request while the view is hidden');
    await showView();
    await waitFor(() => sandbox.listRequests() >= 1, 10_000, 'first request');
    await waitFor(async () => (await provider.getChildren()).length > 0, 10_000, 'the root listed');
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), 1, 'one request for the root stream');
    const q = listQueries(sandbox)[0];
    assert.equal(q.per_page, '10');
    assert.equal(q.type, undefined);
    const roots = await provider.getChildren();
    assert.ok(roots.some((n) => n.kind === 'group' && n.dimension === 'status'));
    assert.equal(roots.at(-1)?.kind, 'loadMore', '"Load more" at the end of the root');
  });

  it('one request per expanded type group, none for status buckets, exactly one per Load more', async () => {
    await collapseAll();
    await setSettings({ groupBy: 'typeThenStatus', pageSize: 10 });
    sandbox.reset();
    await provider.getChildren();
    await idle(api, sandbox);
    // Type groups cost nothing; a new view looks at the whole list once (no type filter).
    assert.ok(sandbox.listRequests() <= 1 && listQueries(sandbox).every((q) => q.type === undefined), JSON.stringify(listQueries(sandbox)));
    const roots = await provider.getChildren();
    // "Other types" shows once the look found a session of an undocumented type on its page.
    const DOCUMENTED = new Set(['chat', 'document', 'plan', 'canvas_settings', 'email', 'workspace', 'project']);
    const firstPage = [...sandbox.sessions()].sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at))).slice(0, 10);
    const undocumented = firstPage.some((x) => typeof x.type !== 'string' || !DOCUMENTED.has(x.type));
    assert.equal(roots.length, undocumented ? 8 : 7, `"Other types" shown exactly when its page holds such a session (${String(undocumented)})`);
    const base = sandbox.listRequests();

    const chat = await group('t:chat');
    await view.reveal(chat, { expand: true });
    await waitFor(() => sandbox.listRequests() >= base + 1, 10_000, 'chat page 1');
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), base + 1);
    assert.equal(listQueries(sandbox)[base].type, 'chat');

    const kids = await provider.getChildren(chat);
    const status = kids.find((n): n is GroupNode => n.kind === 'group');
    assert.ok(status);
    await view.reveal(status, { expand: true });
    const sessions = (await provider.getChildren(status)).filter((n): n is SessionNode => n.kind === 'session');
    assert.ok(sessions.length > 0);
    assert.ok(sessions.every((s) => s.entry.session.type === 'chat'));
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), base + 1, 'status buckets are not fetched');

    const more = kids.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(more, 'a long group has Load more');
    await vscode.commands.executeCommand('pgai.loadMore', more);
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), base + 2, 'exactly one request per Load more');
    const q = listQueries(sandbox)[base + 1];
    assert.equal(q.type, 'chat');
    assert.equal(q.page, '2');
    assert.equal(api.tree.loadedSessions().filter((s) => s.type === 'chat').length, 20);

    const email = await group('t:email');
    await view.reveal(email, { expand: true });
    await waitFor(() => sandbox.listRequests() >= base + 3, 10_000, 'email page 1');
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), base + 3);

    // Collapse and expand again: loaded pages survive, no request.
    await collapseAll();
    await view.reveal(chat, { expand: true });
    // Expanded again: its children are there (asked for and answered), with no request.
    await waitFor(async () => (await provider.getChildren(chat)).some((n) => n.kind === 'group'), 10_000, 'chat expanded again');
    await idle(api, sandbox);
    assert.equal(sandbox.listRequests(), base + 3);
    assert.equal(api.tree.loadedSessions().filter((s) => s.type === 'chat').length, 20);
  });

  it('a filter setting changes what is shown, and the message says so', async () => {
    await collapseAll();
    await setSettings({ groupBy: 'typeThenStatus', pageSize: 10, 'filter.status': 'failed' });
    assert.match(view.message ?? '', /^Filtered: status = failed/);
    sandbox.reset();
    const chat = await group('t:chat');
    await view.reveal(chat, { expand: true });
    await waitFor(() => api.tree.loadedSessions().length > 0, 10_000, 'filtered sessions');
    assert.equal(listQueries(sandbox)[0].status, 'failed');
    assert.ok(api.tree.loadedSessions().every((s) => s.status === 'failed'));
    const kids = await provider.getChildren(chat);
    assert.deepEqual(
      kids.filter((n) => n.kind === 'group').map((n) => (n).key),
      ['failed'],
    );
    await vscode.commands.executeCommand('pgai.clearFilters');
    await waitFor(() => provider.currentSettings.filter.status === '', 5_000, 'filters cleared');
    await waitFor(() => view.message === undefined || view.message === '', 5_000, 'message cleared');
  });

  it('a failing group shows an error item with Retry, keeping what was loaded', async () => {
    await collapseAll();
    await setSettings({ groupBy: 'type', pageSize: 10, 'filter.status': undefined });
    sandbox.reset();
    const plan = await group('t:plan');
    await view.reveal(plan, { expand: true });
    await waitFor(() => sandbox.listRequests() >= 1, 10_000, 'plan page 1');
    sandbox.addFault({ method: 'GET', nth: 1, then: { status: 400, body: { error: 'Injected failure' } } });
    const more = (await provider.getChildren(plan)).find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(more);
    await vscode.commands.executeCommand('pgai.loadMore', more);
    const kids = await waitFor(async () => {
      const k = await provider.getChildren(plan);
      return k.some((n) => n.kind === 'error') ? k : undefined;
    }, 10_000, 'error item');
    assert.equal(kids.filter((n) => n.kind === 'session').length, 10, 'loaded sessions stay');
    const error = kids.find((n) => n.kind === 'error')!;
    await vscode.commands.executeCommand('pgai.retryGroup', error);
    const after = await waitFor(async () => {
      const k = await provider.getChildren(plan);
      return k.filter((n) => n.kind === 'session').length === 20 ? k : undefined;
    }, 10_000, 'retried page');
    assert.ok(!after.some((n) => n.kind === 'error'));
  });

  it('a created session appears at the top of its group, selected and revealed', async () => {
    await collapseAll();
    await setSettings({ groupBy: 'typeThenStatus', pageSize: 10, 'filter.status': undefined });
    const chosen = 'Tree reveal test';
    const created = await vscode.commands.executeCommand<{ id?: string } | undefined>('pgai.createSession', { type: 'email', title: chosen, noPrompt: true });
    assert.ok(created?.id, 'created');
    const selected = await waitFor(() => {
      const node = view.selection[0];
      return node?.kind === 'session' && node.entry.session.id === created.id ? node : undefined;
    }, 10_000, 'created session selected');
    assert.equal(selected.parent?.parent?.id, 't:email');
    const siblings = await provider.getChildren(selected.parent);
    assert.equal(siblings[0], selected, 'at the top of its group');
  });
});
