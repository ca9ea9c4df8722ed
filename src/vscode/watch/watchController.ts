// Watched sessions in the workbench: which ids are watched (globalState, per API origin), one
// notification per observation when watched sessions finish or start waiting for input, the
// view's badge (what changed since you last looked), and a status bar item while some watched
// session is active. The poller feeds it (`observe`); the tree draws rows with `isWatched`.
import * as vscode from 'vscode';
import type { Logger } from '../../api/logger';
import type { Session } from '../../api/types';
import { encodeKey, isTreeNode } from '../../core/sessions/nodes';
import type { IdStore } from '../../core/idList';
import { type Transition, WatchedIds, WatchTracker } from '../../core/sessions/watch';
import { badgeTooltip, statusBarLabel, statusBarText, statusBarTooltip, transitionNotice } from '../../core/sessions/watchText';
import { SECTION } from '../tree/configuration';
import { activeDetailsUri } from '../tree/detailsDocument';

/** Under `pgai.sessions.`: whether watched sessions notify. */
const NOTIFICATIONS_KEY = 'notifications';
const OPEN = 'Open';
const DONT_NOTIFY = "Don't Notify Again";
const REDUCE_MOTION = 'workbench.reduceMotion';
/** The view's built-in focus command: shows the Sessions view. */
const FOCUS_VIEW = 'pgai.sessions.focus';

export interface WatchControllerOptions {
  /** Where watched ids are kept across restarts (ExtensionContext.globalState). */
  readonly store: IdStore;
  /** The Sessions view: its badge, visibility and selection. */
  readonly view: vscode.TreeView<unknown>;
  /** Shows a session in the tree (and the view). */
  readonly reveal: (id: string) => Promise<void>;
  readonly log?: Logger;
}

export class WatchController implements vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<void>();
  /** The watched set or the set of active watched sessions changed. */
  readonly onDidChange = this.changes.event;
  private readonly ids: WatchedIds;
  private readonly tracker: WatchTracker;
  private readonly item: vscode.StatusBarItem;
  /** Ids of watched sessions that finished or need input since the view was last looked at. */
  private readonly unseen = new Set<string>();
  private readonly disposables: vscode.Disposable[];
  private readonly view: vscode.TreeView<unknown>;
  private readonly reveal: (id: string) => Promise<void>;
  private readonly log: Logger | undefined;

  constructor(options: WatchControllerOptions) {
    this.view = options.view;
    this.reveal = options.reveal;
    this.log = options.log;
    this.ids = new WatchedIds(options.store, (error) => this.log?.warn(`Watched sessions: could not read or save them: ${describe(error)}`));
    this.tracker = new WatchTracker((id) => this.ids.has(id));
    this.item = vscode.window.createStatusBarItem('pgai.watched', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'PG:AI Watched Sessions';
    this.item.command = FOCUS_VIEW;
    this.disposables = [
      this.changes,
      this.item,
      this.view.onDidChangeVisibility((e) => e.visible && this.clearBadge()),
      vscode.window.onDidChangeWindowState((state) => state.focused && this.view.visible && this.clearBadge()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(REDUCE_MOTION) && this.render()),
    ];
  }

  /** The connection's API origin: watched ids are kept per origin. */
  setOrigin(origin: string | undefined): void {
    if (origin === this.ids.origin) return;
    this.ids.setOrigin(origin);
    this.tracker.clear();
    this.unseen.clear();
    this.showBadge();
    this.render();
    this.changes.fire();
  }

  isWatched(id: string): boolean {
    return this.ids.has(id);
  }

  /** Whether anything is watched on this origin (its statuses may not be known yet). */
  hasWatched(): boolean {
    return this.ids.size > 0;
  }

  /** Watched sessions whose last known status is running, queued, active or needs input. */
  activeWatched(): readonly Session[] {
    return this.tracker.active();
  }

  /** Watches a session as it is now (its next change of kind is told). */
  watch(session: Session): void {
    if (!this.ids.add(session.id)) {
      this.log?.info('Watched sessions: not connected to an API, so nothing can be watched.');
      return;
    }
    this.tracker.note(session);
    this.render();
    this.changes.fire();
  }

  unwatch(id: string): void {
    if (!this.ids.remove(id)) return;
    this.tracker.forget(id);
    if (this.unseen.delete(id)) this.showBadge();
    this.render();
    this.changes.fire();
  }

  /** A session the user just created: watched, and known as created (so its completion is told). */
  watchCreated(session: Session): void {
    this.watch(session);
  }

  /** After each poll: every session received, newest first. `baseline`: the first look, tells nothing. */
  observe(observed: { readonly sessions: readonly Session[]; readonly baseline: boolean }): void {
    const before = activeKey(this.tracker.active());
    const told = this.tracker.observe(observed.sessions, observed.baseline).filter((t) => !this.lookingAt(t.session.id));
    if (told.length > 0) {
      this.count(told);
      this.notify(told);
    }
    this.render();
    if (activeKey(this.tracker.active()) !== before) this.changes.fire();
  }

  /** Whether the user is looking at the session: its details in front, or its row selected in the visible view. */
  private lookingAt(id: string): boolean {
    if (!vscode.window.state.focused) return false;
    if (activeDetailsUri()?.query === `id=${encodeKey(id)}`) return true;
    return this.view.visible && this.view.selection.some((node) => isTreeNode(node) && node.kind === 'session' && node.entry.session.id === id);
  }

  private count(told: readonly Transition[]): void {
    // Seen as it happens: the view is in front of the user.
    if (this.view.visible && vscode.window.state.focused) return;
    for (const t of told) this.unseen.add(t.session.id);
    this.showBadge();
  }

  private clearBadge(): void {
    if (this.unseen.size === 0) return;
    this.unseen.clear();
    this.showBadge();
  }

  private showBadge(): void {
    const n = this.unseen.size;
    this.view.badge = n > 0 ? { value: n, tooltip: badgeTooltip(n) } : undefined;
  }

  private notify(told: readonly Transition[]): void {
    const notice = transitionNotice(told);
    if (!notice || vscode.workspace.getConfiguration(SECTION).get<boolean>(NOTIFICATIONS_KEY, true) === false) return;
    const show = notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(notice.message, OPEN, DONT_NOTIFY))
      .then((choice) => this.act(choice, told))
      .catch((error: unknown) => this.log?.warn(`Watched sessions: ${describe(error)}`));
  }

  private async act(choice: string | undefined, told: readonly Transition[]): Promise<void> {
    if (choice === DONT_NOTIFY) {
      await vscode.workspace.getConfiguration(SECTION).update(NOTIFICATIONS_KEY, false, vscode.ConfigurationTarget.Global);
      return;
    }
    if (choice !== OPEN) return;
    const first = told[0].session;
    try {
      await this.reveal(first.id);
    } catch (error) {
      this.log?.debug(`Watched sessions: could not reveal the session: ${describe(error)}`);
    }
    // Several at once: the view shows them; one: its page too.
    if (told.length === 1) await vscode.commands.executeCommand('pgai.openSessionDetails', first);
  }

  private render(): void {
    const active = this.tracker.active();
    if (active.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = statusBarText(active, vscode.workspace.getConfiguration().get<string>(REDUCE_MOTION) === 'on');
    const tooltip = new vscode.MarkdownString(statusBarTooltip(active), false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: statusBarLabel(active) };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function activeKey(active: readonly Session[]): string {
  return active.map((s) => s.id).join('\n');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
