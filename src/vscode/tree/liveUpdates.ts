// Keeps the Sessions view alive: checks for changes at the pace livePace.ts sets (one request a
// check, see ChangePoller), within the rate-limit budget, tells the watched sessions what each
// check read, and redraws the rows about once a minute while the view is visible so their
// relative times stay true (no request).
import * as vscode from 'vscode';
import type { Logger } from '../../api/logger';
import { withinBudget } from '../../core/sessions/autoRefreshPolicy';
import { pollDelay } from '../../core/sessions/livePace';
import type { SessionsConnection, WatchedSessions } from '../contracts';
import type { SessionsTreeProvider } from './provider';

const REDRAW_MS = 60_000;

export class LiveUpdates implements vscode.Disposable {
  private timer: { readonly handle: ReturnType<typeof setTimeout>; readonly at: number } | undefined;
  private redrawTimer: ReturnType<typeof setInterval> | undefined;
  private seconds: number;
  private justCreated = false;
  private checked = false;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly provider: SessionsTreeProvider,
    private readonly connection: SessionsConnection,
    private readonly watched: WatchedSessions,
    private readonly log: Logger,
    /** After each check that read sessions. */
    private readonly afterCheck: () => void = () => undefined,
  ) {
    this.seconds = provider.currentSettings.pollSeconds;
    const plan = () => this.plan();
    this.disposables.push(
      vscode.window.onDidChangeWindowState(plan),
      provider.view.onDidChangeVisibility(() => {
        this.redrawWhileVisible();
        this.plan();
      }),
      watched.onDidChange(plan),
      connection.onDidChange(plan),
      provider.onDidShowCreated(() => {
        this.justCreated = true;
        this.plan();
      }),
    );
    this.redrawWhileVisible();
    this.plan();
  }

  /** `pgai.sessions.pollSeconds` changed. */
  update(seconds: number): void {
    if (seconds === this.seconds) return;
    this.seconds = seconds;
    this.plan();
  }

  private delay(): number | undefined {
    if (this.connection.state.kind !== 'ready') return undefined;
    return pollDelay({
      seconds: this.seconds,
      focused: vscode.window.state.focused,
      visible: this.provider.view.visible,
      // Until the first check, a watched session's status is not known: look once.
      watchedActive: this.watched.activeWatched().length > 0 || (!this.checked && this.watched.hasWatched()),
      justCreated: this.justCreated,
    });
  }

  /** Schedules the next check, sooner if the pace quickened; none when nothing asks for one. */
  private plan(): void {
    if (this.disposed) return;
    const delay = this.delay();
    if (delay === undefined) {
      this.stop();
      return;
    }
    const at = Date.now() + delay;
    if (this.timer && this.timer.at <= at) return;
    this.stop();
    this.timer = { handle: setTimeout(() => void this.check(), delay), at };
  }

  private async check(): Promise<void> {
    this.timer = undefined;
    this.justCreated = false;
    const api = this.connection.api;
    if (this.connection.state.kind === 'ready' && api && withinBudget(api.rateLimit, Date.now(), this.provider.checkCost())) {
      const result = await this.provider.checkForChanges(this.watched.activeWatched());
      if (this.disposed) return;
      if (result.kind === 'polled' || result.kind === 'refreshed') {
        this.watched.observe({ sessions: result.observed, baseline: !this.checked });
        this.checked = true;
        this.afterCheck();
      }
    } else {
      this.log.trace('Sessions: change check skipped (not connected, or the rate-limit budget is low).');
    }
    this.plan();
  }

  private redrawWhileVisible(): void {
    const visible = this.provider.view.visible;
    if (visible && this.redrawTimer === undefined) this.redrawTimer = setInterval(() => this.provider.redraw(), REDRAW_MS);
    if (!visible && this.redrawTimer !== undefined) {
      clearInterval(this.redrawTimer);
      this.redrawTimer = undefined;
    }
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    if (this.redrawTimer !== undefined) clearInterval(this.redrawTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
