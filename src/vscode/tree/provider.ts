// The Sessions view: its TreeView and the TreeDataProvider behind it, a thin adapter over the
// pure SessionsModel. It makes no request until VS Code asks for children (i.e. the view is
// visible), returns [] while there is no usable connection (the viewsWelcome entries speak
// then), and shows no UI beyond the view itself (its message, its progress bar).
import * as vscode from 'vscode';
import { PgaiError } from '../../api/errors';
import type { Logger } from '../../api/logger';
import type { CallOptions, ListQuery, Session, SessionPage } from '../../api/types';
import { SessionsModel } from '../../core/sessions/model';
import type { LoadMoreNode, TreeNode } from '../../core/sessions/nodes';
import { filterMessage, filtersActive, type SessionsSettings } from '../../core/sessions/sessionsSettings';
import type { SessionsConnection, SessionsTree } from '../contracts';
import { sessionTooltip, toTreeItem, VIEW_ID } from './treeItems';

type Change = TreeNode | TreeNode[] | undefined;

export const FILTERS_ACTIVE_CONTEXT_KEY = 'pgai.filtersActive';

/** Settings that change what is listed (everything except the auto-refresh interval). */
function listingKey(settings: SessionsSettings): string {
  const { autoRefreshSeconds: _ignored, ...rest } = settings;
  return JSON.stringify(rest);
}

export class SessionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, SessionsTree, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<Change>();
  readonly onDidChangeTreeData = this.changes.event;
  private sessionsModel: SessionsModel | undefined;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [this.changes];
  private disposed = false;

  constructor(
    private readonly connection: SessionsConnection,
    private settings: SessionsSettings,
    private readonly log: Logger,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.view.onDidExpandElement((e) => this.sessionsModel?.setExpanded(e.element, true)),
      this.view.onDidCollapseElement((e) => this.sessionsModel?.setExpanded(e.element, false)),
      connection.onDidChange(() => this.reset()),
    );
    this.showFilterState();
  }

  /** The sessions model behind the view (undefined until the view asks, or while disconnected). */
  get model(): SessionsModel | undefined {
    return this.sessionsModel;
  }

  private get ready(): boolean {
    return !this.disposed && this.connection.state.kind === 'ready' && this.connection.api !== undefined;
  }

  /** The current model, created on first use (creating it fetches nothing). */
  private currentModel(): SessionsModel | undefined {
    if (!this.ready) return undefined;
    if (this.sessionsModel) return this.sessionsModel;
    const model: SessionsModel = new SessionsModel(this.settings, {
      fetchPage: (query, signal, options) => this.fetchPage(query, signal, options),
      onDidChange: (nodes) => {
        if (this.sessionsModel !== model) return;
        this.changes.fire(nodes === undefined ? undefined : nodes.length === 1 ? nodes[0] : [...nodes]);
      },
      onAuthFailure: (error) => this.connection.reportAuthFailure(error),
      logger: this.log,
    });
    this.sessionsModel = model;
    return model;
  }

  private fetchPage(query: ListQuery, signal: AbortSignal, options?: CallOptions): Promise<SessionPage> {
    const api = this.connection.api;
    if (!api) return Promise.reject(new PgaiError('config', 'No PG:AI API key is set.', { mayHaveReachedServer: false }));
    const request = api.listSessions(query, signal, options);
    // Progress bar on the view while the request runs.
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => request.catch(() => undefined));
    return request;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, Date.now());
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip ??= sessionTooltip(node, Date.now());
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    const model = this.currentModel();
    if (!model) return [];
    return model.getChildren(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The settings changed: show the filter state; reload when what is listed changed. */
  applySettings(next: SessionsSettings): void {
    const relist = listingKey(next) !== listingKey(this.settings);
    this.settings = next;
    this.showFilterState();
    if (relist) {
      this.log.debug('Sessions: settings changed; reloading the view.');
      this.reset();
    }
  }

  private showFilterState(): void {
    this.view.message = filterMessage(this.settings);
    void vscode.commands.executeCommand('setContext', FILTERS_ACTIVE_CONTEXT_KEY, filtersActive(this.settings));
  }

  /** A new connection or listing: drop everything loaded (cancelling requests) and redraw. */
  private reset(): void {
    this.sessionsModel?.dispose();
    this.sessionsModel = undefined;
    this.changes.fire(undefined);
  }

  loadMore(node: LoadMoreNode): Promise<void> {
    return this.sessionsModel?.loadMore(node) ?? Promise.resolve();
  }

  retry(node: TreeNode): Promise<void> {
    return this.sessionsModel?.retry(node) ?? Promise.resolve();
  }

  /** Number of requests one refresh would make (for the auto-refresh budget check). */
  refreshCost(): number {
    return this.sessionsModel?.allStreams().filter((s) => s.pagesLoaded > 0 && s.expanded).length ?? 0;
  }

  get currentSettings(): SessionsSettings {
    return this.settings;
  }

  // ---- SessionsTree ----------------------------------------------------------------------

  /** `userAsked`: the Refresh command, so requests go out even while rate-limited (a probe). */
  refresh(userAsked = false): void {
    if (!this.sessionsModel) {
      this.changes.fire(undefined);
      return;
    }
    void this.sessionsModel.refresh(userAsked);
  }

  async showCreatedSession(session: Session): Promise<void> {
    const node = this.currentModel()?.insertCreated(session);
    if (!node) {
      this.log.info('Sessions: the created session does not match the current filters; not shown in the tree.');
      return;
    }
    try {
      await this.view.reveal(node, { select: true, focus: true, expand: true });
    } catch (err) {
      this.log.warn(`Sessions: could not reveal the created session: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  knownCompanyIds(): string[] {
    return this.sessionsModel?.knownCompanyIds() ?? [];
  }

  loadedSessions(): readonly Session[] {
    return this.sessionsModel?.loadedSessions() ?? [];
  }

  seenStatuses(): string[] {
    return this.sessionsModel?.seenStatuses() ?? [];
  }

  findSession(id: string): Session | undefined {
    return this.sessionsModel?.findSession(id);
  }

  dispose(): void {
    this.disposed = true;
    this.sessionsModel?.dispose();
    this.sessionsModel = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
