// Wires the Sessions view: the tree view, its commands, the details documents, settings
// (debounced), filter state (message + `pgai.filtersActive`) and auto-refresh. Registers only:
// nothing is fetched until VS Code asks the provider for children.
import * as vscode from 'vscode';
import type { TreeNode } from '../../core/sessions/nodes';
import { filterMessage, filtersActive, type SessionsSettings } from '../../core/sessions/sessionsSettings';
import type { SessionsConnection, SessionsTree } from '../contracts';
import { AutoRefresh } from './autoRefreshTimer';
import { DETAILS_SCHEME, SessionDetailsProvider } from './detailsDocument';
import { registerFilterCommands } from './filterCommands';
import { SessionsTreeProvider } from './provider';
import { registerSessionCommands } from './sessionCommands';
import { readSessionsSettings, SECTION } from './configuration';
import { VIEW_ID } from './treeItems';

export const FILTERS_ACTIVE_CONTEXT_KEY = 'pgai.filtersActive';
const SETTINGS_DEBOUNCE_MS = 300;

function applyFilterState(treeView: vscode.TreeView<TreeNode>, settings: SessionsSettings): void {
  treeView.message = filterMessage(settings);
  void vscode.commands.executeCommand('setContext', FILTERS_ACTIVE_CONTEXT_KEY, filtersActive(settings));
}

/** Settings that change what is listed (everything except the auto-refresh interval). */
function listingKey(settings: SessionsSettings): string {
  const { autoRefreshSeconds: _ignored, ...rest } = settings;
  return JSON.stringify(rest);
}

export function registerSessionsView(
  context: vscode.ExtensionContext,
  connection: SessionsConnection,
  log: vscode.LogOutputChannel,
): { tree: SessionsTree; treeView: vscode.TreeView<unknown> } {
  let settings = readSessionsSettings();
  const revealer: { view?: vscode.TreeView<TreeNode> } = {};
  const provider = new SessionsTreeProvider(connection, settings, log, async (node) => {
    await revealer.view?.reveal(node, { select: true, focus: true, expand: true });
  });
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  revealer.view = view;
  const details = new SessionDetailsProvider();
  const autoRefresh = new AutoRefresh(provider, view, connection, log);
  autoRefresh.update(settings.autoRefreshSeconds);
  applyFilterState(view, settings);

  let debounce: ReturnType<typeof setTimeout> | undefined;
  const applySettings = () => {
    debounce = undefined;
    const next = readSessionsSettings();
    autoRefresh.update(next.autoRefreshSeconds);
    applyFilterState(view, next);
    if (listingKey(next) !== listingKey(settings)) {
      log.debug('Sessions: settings changed; reloading the view.');
      provider.reset(next);
    }
    settings = next;
  };

  context.subscriptions.push(
    provider,
    view,
    details,
    autoRefresh,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    vscode.workspace.onDidCloseTextDocument((doc) => details.forget(doc.uri)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      if (debounce !== undefined) clearTimeout(debounce);
      debounce = setTimeout(applySettings, SETTINGS_DEBOUNCE_MS);
    }),
    { dispose: () => debounce !== undefined && clearTimeout(debounce) },
    view.onDidExpandElement((e) => provider.setExpanded(e.element, true)),
    view.onDidCollapseElement((e) => provider.setExpanded(e.element, false)),
    vscode.commands.registerCommand('pgai.refreshSessions', () => {
      // After a 401/403 the view shows a welcome, not the tree: try the saved key again (the
      // rejection may have been transient); the tree reloads once the connection is ready.
      if (connection.state.kind === 'authFailed' || connection.state.kind === 'forbidden') return connection.retry();
      provider.refresh(true);
      return undefined;
    }),
    ...registerFilterCommands(provider),
    ...registerSessionCommands(provider, view, details),
  );
  return { tree: provider, treeView: view };
}
