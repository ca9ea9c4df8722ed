// Optional periodic refresh (`pgai.sessions.autoRefreshSeconds`, 0 = off, min 30). A tick
// refreshes only while the view is visible and the window focused, and skips when the API's
// remaining rate-limit budget is near the floor (see core/sessions/autoRefreshPolicy.ts).
import * as vscode from 'vscode';
import type { Logger } from '../../api/logger';
import { autoRefreshDecision } from '../../core/sessions/autoRefreshPolicy';
import type { SessionsConnection } from '../contracts';
import type { SessionsTreeProvider } from './provider';

export class AutoRefresh implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seconds = 0;

  constructor(
    private readonly provider: SessionsTreeProvider,
    private readonly connection: SessionsConnection,
    private readonly log: Logger,
  ) {}

  update(seconds: number): void {
    if (seconds === this.seconds && (this.timer !== undefined || seconds === 0)) return;
    this.seconds = seconds;
    this.stop();
    if (seconds > 0) this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), this.seconds * 1000);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.seconds === 0) return;
    const decision = autoRefreshDecision({
      visible: this.provider.view.visible,
      focused: vscode.window.state.focused,
      rateLimit: this.connection.api?.rateLimit,
      now: Date.now(),
      cost: Math.max(1, this.provider.refreshCost()),
    });
    if (decision === 'run' && this.connection.state.kind === 'ready') this.provider.refresh();
    else this.log.trace(`Sessions: auto-refresh skipped (${decision}).`);
    this.schedule();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.seconds = 0;
    this.stop();
  }
}
