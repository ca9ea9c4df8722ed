// A session's details page in a real VS Code: it opens in the Markdown preview (not as JSON), its
// title bar's commands act on the page's session (Copy Session ID, Refresh), the palette's
// Copy Session ID takes the page in front, and Copy Session as JSON keeps the raw JSON.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Session } from '../../src/api/types';
import type { SessionNode, TreeNode } from '../../src/core/sessions/nodes';
import type { PgaiExtensionApi } from '../../src/vscode/contracts';
import { configureForSandbox, getExtensionApi, idle, waitFor, type Sandbox } from './helpers';

interface Provider {
  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]>;
}

async function firstSession(provider: Provider, node?: TreeNode, depth = 0): Promise<SessionNode | undefined> {
  for (const child of await provider.getChildren(node)) {
    if (child.kind === 'session') return child;
    if (child.kind === 'group' && depth < 3) {
      const found = await firstSession(provider, child, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
}

describe('session details page', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let api: PgaiExtensionApi;
  let provider: Provider;

  before(async () => {
    sandbox = await configureForSandbox();
    api = await getExtensionApi();
    provider = api.tree as unknown as Provider;
    await waitFor(() => api.connection.state.kind === 'ready', 10_000, 'ready');
    await vscode.commands.executeCommand('workbench.view.extension.pgai');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens in the Markdown preview as a page, not as JSON', async () => {
    const node = await waitFor(() => firstSession(provider), 15_000, 'a session in the tree');
    const session = node.entry.session;
    await vscode.commands.executeCommand('pgai.openSessionDetails', node);
    const tab = await waitFor(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.uri.scheme === 'pgai-session' ? input : undefined;
    }, 10_000, 'the details page in front');
    assert.equal(tab.viewType, 'vscode.markdown.preview.editor', 'shown by the Markdown preview');
    const doc = await vscode.workspace.openTextDocument(tab.uri);
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.ok(text.startsWith('# '), text.slice(0, 80));
    assert.match(text, /^- \*\*Status:\*\* /m);
    assert.match(text, /^- \*\*Created:\*\* .*\(.*\)$/m, 'the creation time with how long ago');
    assert.match(text, /^- \*\*ID:\*\* /m);
    assert.ok(!text.trimStart().startsWith('{'), 'not the raw JSON');
    assert.doesNotMatch(text, /^\s*"(created_at|updated_at|company_id)":/m, 'no snake_case field as raw JSON');
    assert.ok(text.includes(session.id.replace(/[-]/g, '\\-')), 'the id is on the page');
  });

  it('Copy Session ID from the title bar (the page’s URI) and from the palette (the page in front); JSON stays raw', async () => {
    const node = await waitFor(() => firstSession(provider), 15_000, 'a session in the tree');
    const session: Session = node.entry.session;
    await vscode.commands.executeCommand('pgai.openSessionDetails', node);
    const uri = await waitFor(() => (activeTabUri()?.scheme === 'pgai-session' ? activeTabUri() : undefined), 10_000, 'the page in front');
    await vscode.env.clipboard.writeText('before');
    await vscode.commands.executeCommand('pgai.copySessionId', uri);
    assert.equal(await vscode.env.clipboard.readText(), session.id);
    await vscode.env.clipboard.writeText('before');
    await vscode.commands.executeCommand('pgai.copySessionId');
    assert.equal(await vscode.env.clipboard.readText(), session.id, 'the palette command copies the page’s session');
    await vscode.commands.executeCommand('pgai.copySessionJson', uri);
    assert.deepEqual(JSON.parse(await vscode.env.clipboard.readText()), JSON.parse(JSON.stringify(session.raw)));
  });

  it('Refresh reloads the view and the page shows the session’s newest copy', async () => {
    const node = await waitFor(() => firstSession(provider), 15_000, 'a session in the tree');
    const id = node.entry.session.id;
    await vscode.commands.executeCommand('pgai.openSessionDetails', node);
    const uri = await waitFor(() => (activeTabUri()?.scheme === 'pgai-session' ? activeTabUri() : undefined), 10_000, 'the page in front');
    const doc = await vscode.workspace.openTextDocument(uri);
    // The server renames the session; the page learns it on Refresh.
    assert.ok(sandbox.update(id, { title: 'Renamed on the server' }), 'the session is in the sandbox');
    const requests = sandbox.listRequests();
    await vscode.commands.executeCommand('pgai.refreshSessionDetails', uri);
    await idle(api, sandbox, 'the view refreshed');
    assert.ok(sandbox.listRequests() > requests, 'Refresh asked the server');
    await waitFor(() => doc.getText().startsWith('# Renamed on the server'), 10_000, 'the page shows the new title');
  });
});
