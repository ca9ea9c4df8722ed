// Security in a real VS Code: where the key may (not) go, the base-URL rules, a repository's
// settings trying to redirect the key, and hostile session content in the tree's items,
// tooltips and details document.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSandbox } from '../../sandbox/server';
import type { Session } from '../../src/api/types';
import type { SessionNode, TreeNode } from '../../src/core/sessions/nodes';
import type { SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import type { PgaiExtensionApi } from '../../src/vscode/contracts';
import { configureForSandbox, connectTo, extensionLogWith, getExtensionApi, idle, requireOrSkip, waitFor, type Sandbox } from './helpers';

interface Provider {
  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): vscode.TreeItem;
  resolveTreeItem?(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem;
  readonly currentSettings: SessionsSettings;
}

// eslint-disable-next-line no-control-regex
const ACTIVE = new RegExp('[\\u202E\\u0007]');
const HOSTILE = '[Click](command:pgai.clearApiKey) <img src=x onerror=alert(1)> \u202Egnp.exe **bold** \u0007';

function pgai(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgai');
}

async function allSessionNodes(provider: Provider, node?: TreeNode, depth = 0): Promise<SessionNode[]> {
  const out: SessionNode[] = [];
  for (const child of await provider.getChildren(node)) {
    if (child.kind === 'session') out.push(child);
    if (child.kind === 'group' && depth < 3) out.push(...(await allSessionNodes(provider, child, depth + 1)));
  }
  return out;
}

describe('security in VS Code', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let api: PgaiExtensionApi;
  let provider: Provider;

  before(async () => {
    sandbox = await configureForSandbox();
    api = await getExtensionApi();
    provider = api.tree as unknown as Provider;
    await waitFor(() => api.connection.state.kind === 'ready', 10_000, 'ready');
  });

  beforeEach(() => {
    sandbox.clearFaults();
  });

  it('never sends the key to another origin: switching the base URL leaves the new origin without a key', async () => {
    // The second sandbox accepts the FIRST sandbox's key, so a leaked key would show as keyValid.
    const other = await startSandbox({ port: 0, rateLimit: false, apiKey: sandbox.apiKey, sessionCount: 5 });
    try {
      await pgai().update('apiBaseUrl', other.baseUrl, vscode.ConfigurationTarget.Global);
      await waitFor(() => api.connection.state.kind === 'noKey', 10_000, 'noKey for the new origin');
      await vscode.commands.executeCommand('pgai.refreshSessions');
      await provider.getChildren(undefined);
      await idle(api, other);
      assert.equal(api.connection.origin, other.origin, 'the switch was seen');
      assert.deepEqual(other.requests.filter((r) => r.keyValid), [], 'the first origin\'s key reached the second origin');
    } finally {
      await connectTo(sandbox);
      await other.close();
    }
  });

  it('ignores pgai.apiBaseUrl from a repository\'s .vscode/settings.json', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    requireOrSkip(this, folder && folder.uri.scheme === 'file', 'the test workspace has no folder on disk');
    const other = await startSandbox({ port: 0, rateLimit: false, apiKey: sandbox.apiKey, sessionCount: 5 });
    const dir = path.join(folder.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    let previous: string | undefined;
    const marker = 7 + Math.floor(Math.random() * 10);
    try {
      previous = await fs.readFile(file, 'utf8').catch(() => undefined);
      await fs.mkdir(dir, { recursive: true });
      // A harmless workspace setting beside the one under test: once the view uses it, VS Code
      // has read the file, so "the base URL did not change" is a real observation.
      await fs.writeFile(file, JSON.stringify({ 'pgai.apiBaseUrl': other.baseUrl, 'pgai.sessions.pageSize': marker }, null, 2));
      await waitFor(() => (provider as unknown as { currentSettings: { pageSize: number } }).currentSettings.pageSize === marker, 15_000, 'the workspace settings file read');
      await vscode.commands.executeCommand('pgai.refreshSessions');
      await provider.getChildren(undefined);
      await idle(api, sandbox);
      assert.equal(api.connection.origin, sandbox.origin, 'the connection followed the workspace setting');
      assert.equal(other.requests.length, 0, 'the workspace-named server received requests');
    } finally {
      if (previous === undefined) await fs.rm(file, { force: true });
      else await fs.writeFile(file, previous);
      await waitFor(() => (provider as unknown as { currentSettings: { pageSize: number } }).currentSettings.pageSize !== marker, 15_000, 'the workspace setting gone');
      await other.close();
    }
  });

  it('refuses a plain-http base URL that is not loopback, and says so', async () => {
    try {
      await pgai().update('apiBaseUrl', 'http://api.example.com/public-api/v1', vscode.ConfigurationTarget.Global);
      await waitFor(() => api.connection.state.kind === 'badBaseUrl', 10_000, 'badBaseUrl');
      const state = api.connection.state;
      assert.ok(state.kind === 'badBaseUrl' && /https/.test(state.message), JSON.stringify(state));
      assert.equal(api.connection.api, undefined, 'a client exists for the refused URL');
    } finally {
      await connectTo(sandbox);
    }
  });

  it('keeps the key out of the log, the settings, the URLs and the details view', async () => {
    await vscode.commands.executeCommand('pgai.refreshSessions');
    const nodes = await waitFor(async () => {
      const found = await allSessionNodes(provider);
      return found.length > 0 ? found : undefined;
    }, 15_000, 'sessions');
    // A failing request whose error body echoes the key.
    sandbox.addFault({ method: 'GET', then: { status: 400, body: { error: `bad key ${sandbox.apiKey}` } } });
    const echoed = sandbox.requests.length;
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(() => sandbox.requests.slice(echoed).some((r) => r.status === 400), 10_000, 'the failing request answered');
    await idle(api, sandbox);
    sandbox.clearFaults();
    await vscode.commands.executeCommand('pgai.openSessionDetails', nodes[0]);
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'pgai-session'), 5_000, 'details document');
    assert.ok(!doc.getText().includes(sandbox.apiKey), 'key in the details document');
    assert.ok(!doc.uri.toString().includes(sandbox.apiKey), 'key in the details URI');
    // The log file VS Code wrote, once it holds the failed request (whose body echoed the key).
    const log = await extensionLogWith(/Sessions: loading .* failed/);
    for (const line of log.split('\n')) assert.ok(!line.includes(sandbox.apiKey), `key in the log: ${line}`);
    const settings = JSON.stringify(['pgai', 'pgai.sessions'].map((s) => vscode.workspace.getConfiguration(s)));
    assert.ok(!settings.includes(sandbox.apiKey), 'key in the settings');
    for (const request of sandbox.requests) {
      assert.ok(!request.path.includes(sandbox.apiKey) && !JSON.stringify(request.query).includes(sandbox.apiKey), 'key in a URL');
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('renders a hostile session title inert in the label, the tooltip and the details document', async () => {
    const created = await vscode.commands.executeCommand<Session | { error: string }>('pgai.createSession', { type: 'chat', title: HOSTILE, noPrompt: true });
    assert.ok(created && 'id' in created, `create failed: ${JSON.stringify(created)}`);
    const node = await waitFor(async () => (await allSessionNodes(provider)).find((n) => n.entry.session.id === created.id), 15_000, 'the hostile session in the tree');
    const item = provider.getTreeItem(node);
    const label = typeof item.label === 'object' ? item.label.label : String(item.label);
    assert.doesNotMatch(label, ACTIVE);
    assert.ok(label.includes('[Click](command:pgai.clearApiKey)'), 'the label reads as the title (as plain text)');
    const resolved = provider.resolveTreeItem ? provider.resolveTreeItem(item, node) : item;
    const tooltip = resolved.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString, 'the tooltip is Markdown');
    assert.notEqual(tooltip.isTrusted, true);
    assert.notEqual(tooltip.supportHtml, true);
    assert.ok(!tooltip.value.includes('](command:'), 'an active command link in the tooltip');
    assert.doesNotMatch(tooltip.value, /(^|[^\\])<img/, 'raw HTML in the tooltip');
    assert.doesNotMatch(tooltip.value, ACTIVE);
    await vscode.commands.executeCommand('pgai.openSessionDetails', node);
    const doc = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'pgai-session' && d.getText().includes(created.id.replace(/-/g, '\\-'))),
      5_000,
      'details document',
    );
    assert.doesNotMatch(doc.getText(), ACTIVE);
    assert.equal(doc.languageId, 'markdown');
    // The page's heading is the title as text: every Markdown character escaped, nothing active.
    const heading = doc.getText().split('\n')[0] ?? '';
    assert.ok(heading.startsWith('# \\[Click\\]\\(command\\:pgai\\.clearApiKey\\) \\<img src\\=x'), heading);
    assert.ok(!doc.getText().replace(/^```json\n[\s\S]*?\n```$/gm, '').includes('](command:'), 'an active command link on the page');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
