// Wires the Sessions view: the tree view, its commands, the details documents, settings
// (debounced), filter state (message + `pgai.filtersActive`), auto-refresh, change checks and
// watched sessions.
// Registers only: nothing is fetched until VS Code asks the provider for children.
import * as vscode from 'vscode';
import type { SessionsConnection, SessionsTree } from '../contracts';
import { AutoRefresh } from './autoRefreshTimer';
import { LiveUpdates } from './liveUpdates';
import { DETAILS_SCHEME, SessionDetailsProvider } from './detailsDocument';
import { registerFilterCommands } from './filterCommands';
import { registerGoToSession } from './goToSession';
import { SessionsTreeProvider } from './provider';
import { registerSessionCommands } from './sessionCommands';
import { readSessionsSettings, SECTION } from './configuration';
import { expansion, motion, watching } from './treeItems';
import { KeptExpansion } from './keptExpansion';
import { isTreeNode } from '../../core/sessions/nodes';
import { WatchController } from '../watch/watchController';

const SETTINGS_DEBOUNCE_MS = 300;
const REDUCE_MOTION = 'workbench.reduceMotion';

function readMotion(): void {
  motion.reduced = vscode.workspace.getConfiguration().get<string>(REDUCE_MOTION) === 'on';
}

export function registerSessionsView(
  context: vscode.ExtensionContext,
  connection: SessionsConnection,
  log: vscode.LogOutputChannel,
): { tree: SessionsTree; treeView: vscode.TreeView<unknown>; watch: WatchController } {
  readMotion();
  const provider = new SessionsTreeProvider(connection, readSessionsSettings(), log);
  const details = new SessionDetailsProvider();
  const autoRefresh = new AutoRefresh(provider, connection, log);
  const watch = new WatchController({
    store: context.globalState,
    view: provider.view,
    // Its row when a group has it loaded, else the view.
    reveal: async (id) => {
      if (!(await provider.revealSession(id))) await vscode.commands.executeCommand('pgai.sessions.focus');
    },
    log,
  });
  watch.setOrigin(connection.origin);
  watching.isWatched = (id) => watch.isWatched(id);
  const kept = new KeptExpansion(context.workspaceState, log);
  expansion.isExpanded = (id) => kept.isExpanded(id);
  autoRefresh.update(provider.currentSettings.autoRefreshSeconds);
  // An open details page shows the newest copy of its session the view or a check has.
  const syncDetails = () => details.sync((id) => provider.findSession(id));
  const live = new LiveUpdates(provider, connection, watch, log, syncDetails);

  let debounce: ReturnType<typeof setTimeout> | undefined;
  const applySettings = () => {
    debounce = undefined;
    const next = readSessionsSettings();
    autoRefresh.update(next.autoRefreshSeconds);
    live.update(next.pollSeconds);
    provider.applySettings(next);
  };

  context.subscriptions.push(
    provider,
    details,
    autoRefresh,
    watch,
    live,
    { dispose: () => (watching.isWatched = () => false) },
    { dispose: () => (expansion.isExpanded = () => false) },
    provider.view.onDidExpandElement((e) => isTreeNode(e.element) && e.element.kind === 'group' && kept.set(e.element.id, true)),
    provider.view.onDidCollapseElement((e) => isTreeNode(e.element) && e.element.kind === 'group' && kept.set(e.element.id, false)),
    watch.onDidChange(() => provider.redraw()),
    connection.onDidChange(() => watch.setOrigin(connection.origin)),
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    vscode.workspace.onDidCloseTextDocument((doc) => details.forget(doc.uri)),
    provider.onDidChangeTreeData(syncDetails),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(REDUCE_MOTION)) {
        readMotion();
        provider.redraw();
      }
      if (!event.affectsConfiguration(SECTION)) return;
      if (debounce !== undefined) clearTimeout(debounce);
      debounce = setTimeout(applySettings, SETTINGS_DEBOUNCE_MS);
    }),
    { dispose: () => debounce !== undefined && clearTimeout(debounce) },
    vscode.commands.registerCommand('pgai.refreshSessions', () => {
      // After a 401/403 the view shows a welcome, not the tree: try the saved key again (the
      // rejection may have been transient); the tree reloads once the connection is ready.
      if (connection.state.kind === 'authFailed' || connection.state.kind === 'forbidden') return connection.retry();
      provider.refresh(true);
      return undefined;
    }),
  );
  registerFilterCommands(context, provider);
  registerGoToSession(context, provider, connection, log);
  registerSessionCommands(context, provider, details, watch, log);
  return { tree: provider, treeView: provider.view, watch };
}
