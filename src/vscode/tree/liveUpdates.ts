// Keeps the Sessions view alive: checks for changes at the pace livePace.ts sets (one request a
// check, see ChangePoller), within the rate-limit budget, tells the watched sessions what each
// check read, and redraws the rows about once a minute while the view is visible so their
// relative times stay true (no request).
import * as vscode from 'vscode';
import type { Logger } from '../../api/logger';
import { withinBudget } from '../../core/sessions/autoRefreshPolicy';
import { pollDelay } from '../../core/sessions/livePace';
import { defaultTimers } from '../../core/sessions/modelDeps';
import type { Timers } from '../../core/sessions/stream';
import type { SessionsConnection, WatchedSessions } from '../contracts';
import type { SessionsTreeProvider } from './provider';

const REDRAW_MS = 60_000;

/** The clock the pace runs on (tests pass a fake one). */
export interface LiveClock extends Timers {
  now(): number;
}

const systemClock: LiveClock = { ...defaultTimers, now: () => Date.now() };

export class LiveUpdates implements vscode.Disposable {
  private timer: { readonly handle: unknown; readonly at: number } | undefined;
  private redrawTimer: unknown;
  private seconds: number;
  private justCreated = false;
  private checking = false;
  private checked = false;
  private origin: string | undefined;
  /** When the last check started (the pace counts from it). */
  private lastCheckAt: number;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly provider: SessionsTreeProvider,
    private readonly connection: SessionsConnection,
    private readonly watched: WatchedSessions,
    private readonly log: Logger,
    /** After each check that read sessions. */
    private readonly afterCheck: () => void = () => undefined,
    private readonly clock: LiveClock = systemClock,
  ) {
    this.seconds = provider.currentSettings.pollSeconds;
    this.origin = connection.origin;
    this.lastCheckAt = clock.now();
    const plan = () => this.plan();
    this.disposables.push(
      vscode.window.onDidChangeWindowState(plan),
      provider.view.onDidChangeVisibility(() => {
        this.redrawWhileVisible();
        this.plan();
      }),
      watched.onDidChange(plan),
      connection.onDidChange(() => {
        // Another API: its first check is a baseline for what is watched there.
        if (connection.origin !== this.origin) this.checked = false;
        this.origin = connection.origin;
        this.plan();
      }),
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

  /**
   * Schedules the next check at the current pace, counted from the last one (a create: from
   * now); none when nothing asks for one. Called on every change of what sets the pace.
   */
  private plan(): void {
    if (this.disposed || this.checking) return;
    const delay = this.delay();
    if (delay === undefined) {
      this.stop();
      return;
    }
    const now = this.clock.now();
    const at = Math.max(now, (this.justCreated ? now : this.lastCheckAt) + delay);
    if (this.timer?.at === at) return;
    this.stop();
    this.timer = { handle: this.clock.setTimeout(() => void this.check(), at - now), at };
  }

  private async check(): Promise<void> {
    this.timer = undefined;
    this.justCreated = false;
    this.lastCheckAt = this.clock.now();
    this.checking = true;
    try {
      await this.checkNow();
    } finally {
      this.checking = false;
    }
    this.plan();
  }

  private async checkNow(): Promise<void> {
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
  }

  private redrawWhileVisible(): void {
    const visible = this.provider.view.visible && !this.disposed;
    if (visible && this.redrawTimer === undefined) {
      const redraw = (): void => {
        this.provider.redraw();
        this.redrawTimer = this.clock.setTimeout(redraw, REDRAW_MS);
      };
      this.redrawTimer = this.clock.setTimeout(redraw, REDRAW_MS);
    }
    if (!visible && this.redrawTimer !== undefined) {
      this.clock.clearTimeout(this.redrawTimer);
      this.redrawTimer = undefined;
    }
  }

  private stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    if (this.redrawTimer !== undefined) this.clock.clearTimeout(this.redrawTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
