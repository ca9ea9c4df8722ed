// The Sessions view: its TreeView and the TreeDataProvider behind it, a thin adapter over the
// pure SessionsModel. It makes no request until VS Code asks for children (i.e. the view is
// visible), returns [] while there is no usable connection (the viewsWelcome entries speak
// then), and shows no UI beyond the view itself (its message, its progress bar).
import * as vscode from 'vscode';
import { PgaiError } from '../../api/errors';
import type { Logger } from '../../api/logger';
import type { CallOptions, ListQuery, Session, SessionPage } from '../../api/types';
import { ChangePoller, type TickResult } from '../../core/sessions/changePoller';
import { SessionsModel } from '../../core/sessions/model';
import type { LoadMoreNode, TreeNode } from '../../core/sessions/nodes';
import { filterMessage, filtersActive, type SessionsSettings } from '../../core/sessions/sessionsSettings';
import type { SessionsConnection, SessionsTree } from '../contracts';
import { sessionTooltip, toTreeItem, VIEW_ID } from './treeItems';
import { ViewMessage } from './viewMessage';

type Change = TreeNode | TreeNode[] | undefined;

const FILTERS_ACTIVE_CONTEXT_KEY = 'pgai.filtersActive';
/** '' (rows), 'none' (no sessions yet), 'filtered' (none match the filters), 'unreachable'. */
const LIST_STATE_CONTEXT_KEY = 'pgai.listState';
type ListState = '' | 'none' | 'filtered' | 'unreachable';

/** Settings that change what is listed (everything except how often it is looked at). */
function listingKey(settings: SessionsSettings): string {
  const { autoRefreshSeconds: _refresh, pollSeconds: _poll, ...rest } = settings;
  return JSON.stringify(rest);
}

export class SessionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, SessionsTree, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<Change>();
  readonly onDidChangeTreeData = this.changes.event;
  private sessionsModel: SessionsModel | undefined;
  /** The current model's change polling (made on the first check). */
  private poller: ChangePoller | undefined;
  private readonly created = new vscode.EventEmitter<Session>();
  /** A created session was put into the view (a check for its changes is due soon). */
  readonly onDidShowCreated = this.created.event;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [this.changes, this.created];
  private disposed = false;
  private shownListState: ListState = '';
  private readonly message: ViewMessage;

  constructor(
    private readonly connection: SessionsConnection,
    private settings: SessionsSettings,
    private readonly log: Logger,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.message = new ViewMessage(this.view);
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

  /** The model, made now if the view has not asked yet (making it fetches nothing). */
  ensureModel(): SessionsModel | undefined {
    return this.currentModel();
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
      lookAtWholeList: true,
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
    return toTreeItem(node, Date.now(), filtersActive(this.settings));
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip ??= sessionTooltip(node, Date.now());
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    const model = this.currentModel();
    if (!model) {
      this.showListState('');
      return [];
    }
    if (node !== undefined) return model.getChildren(node);
    return model.getChildren().then((children) => {
      const state = this.listState(model);
      this.showListState(state);
      // An empty or unreachable list is said by a welcome view (with its action), not by rows.
      return state === '' ? children : [];
    });
  }

  /** What the view says instead of rows: no sessions, none matching, PG:AI unreachable. */
  private listState(model: SessionsModel): ListState {
    if (model !== this.sessionsModel) return '';
    if (model.overview.unreachableError !== undefined && model.overview.loadedSessions().length === 0) return 'unreachable';
    if (model.overview.emptiness() !== 'none') return '';
    return filtersActive(this.settings) ? 'filtered' : 'none';
  }

  private showListState(state: ListState): void {
    if (state !== this.shownListState) {
      this.shownListState = state;
      void vscode.commands.executeCommand('setContext', LIST_STATE_CONTEXT_KEY, state);
    }
    this.showMessage();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Every item drawn again (their look changed, not what they hold). */
  redraw(): void {
    this.changes.fire(undefined);
  }

  /** The settings changed: show the filter state; reload when what is listed changed. */
  applySettings(next: SessionsSettings): void {
    const relist = listingKey(next) !== listingKey(this.settings);
    this.settings = next;
    if (relist) {
      this.log.debug('Sessions: settings changed; reloading the view.');
      this.reset();
    }
    this.showFilterState();
  }

  private showFilterState(): void {
    this.showMessage();
    void vscode.commands.executeCommand('setContext', FILTERS_ACTIVE_CONTEXT_KEY, filtersActive(this.settings));
  }

  private showMessage(): void {
    this.message.update({ welcome: this.shownListState !== '', unreachable: this.sessionsModel?.overview.unreachableError, filters: filterMessage(this.settings) });
  }

  /** A new connection or listing: drop everything loaded (cancelling requests) and redraw. */
  private reset(): void {
    // What the last Load more added belongs to the listing that goes.
    this.message.clearNotice();
    this.dropModel();
    this.changes.fire(undefined);
  }

  /**
   * Loads the next page, then makes the result visible: the first new session is revealed (its
   * groups expand) and focused, so a screen reader reads it, and the view's message says what
   * was loaded ("Loaded 25 more Chat sessions · 50 of 135").
   */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const model = this.sessionsModel;
    const loaded = await model?.loadMore(node);
    if (!loaded || model !== this.sessionsModel || this.disposed) return;
    this.message.say(loaded.message);
    if (!loaded.first) return;
    try {
      await this.view.reveal(loaded.first, { select: false, focus: true, expand: false });
    } catch (err) {
      this.log.debug(`Sessions: could not reveal the first loaded session: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The user's Refresh of one group (its "N new sessions" row). */
  reloadGroup(node: TreeNode): Promise<void> {
    return this.sessionsModel?.reload(node) ?? Promise.resolve();
  }

  retry(node: TreeNode): Promise<void> {
    return this.sessionsModel?.retry(node) ?? Promise.resolve();
  }

  private dropModel(): void {
    this.poller?.dispose();
    this.poller = undefined;
    this.sessionsModel?.dispose();
    this.sessionsModel = undefined;
  }

  /**
   * One check for changes (see ChangePoller), without the view's progress bar: a check every
   * few seconds is not news. `watched`: watched sessions in progress, which it must cover.
   */
  checkForChanges(watched: readonly Session[]): Promise<TickResult> {
    const model = this.currentModel();
    const api = this.connection.api;
    if (!model || !api) return Promise.resolve({ kind: 'skipped' });
    this.poller ??= new ChangePoller(model, (query, signal) => api.listSessions(query, signal), this.log, (error) => this.connection.reportAuthFailure(error));
    return this.poller.tick(watched);
  }

  /** Requests the next check is expected to make (for the rate-limit budget). */
  checkCost(): number {
    return this.poller?.nextCost() ?? 1;
  }

  /** Reveals a loaded session's row, selected and focused; false when no group has it. */
  async revealSession(id: string): Promise<boolean> {
    const node = this.sessionsModel?.nodeOfSession(id);
    if (!node) return false;
    try {
      await this.view.reveal(node, { select: true, focus: true, expand: true });
      return true;
    } catch (err) {
      this.log.debug(`Sessions: could not reveal a session: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** Number of requests one refresh would make (for the auto-refresh budget check). */
  refreshCost(): number {
    return this.sessionsModel?.overview.refreshCost() ?? 0;
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
    this.created.fire(session);
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
    return this.sessionsModel?.overview.knownCompanyIds() ?? [];
  }

  loadedSessions(): readonly Session[] {
    return this.sessionsModel?.overview.loadedSessions() ?? [];
  }

  seenStatuses(): string[] {
    return this.sessionsModel?.overview.seenStatuses() ?? [];
  }

  findSession(id: string): Session | undefined {
    return this.sessionsModel?.overview.findSession(id) ?? this.poller?.lastCopy(id);
  }

  dispose(): void {
    this.disposed = true;
    this.message.clearNotice();
    this.dropModel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
