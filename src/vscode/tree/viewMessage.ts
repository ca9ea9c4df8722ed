// The Sessions view's message line: what just happened (for a few seconds), that PG:AI cannot
// be reached while loaded rows stay on screen, and the active filters. VS Code shows a welcome
// view only while the view has no message, so there is none while the list says why it is empty.
import type * as vscode from 'vscode';
import { cleanText } from '../../core/sessions/text';

const NOTICE_MS = 6000;

export class ViewMessage {
  private notice: { readonly text: string; readonly timer: ReturnType<typeof setTimeout> } | undefined;
  /** Whether a welcome view speaks instead (no rows). */
  private welcome = false;
  private unreachable: Error | undefined;
  private filters: string | undefined;

  constructor(private readonly view: vscode.TreeView<unknown>) {}

  /** The current state; the message is written when it changed. */
  update(state: { readonly welcome: boolean; readonly unreachable: Error | undefined; readonly filters: string | undefined }): void {
    this.welcome = state.welcome;
    this.unreachable = state.unreachable;
    this.filters = state.filters;
    this.write();
  }

  /** Says `text` for NOTICE_MS. */
  say(text: string): void {
    this.clearNotice();
    const notice = {
      text,
      timer: setTimeout(() => {
        if (this.notice === notice) this.notice = undefined;
        this.write();
      }, NOTICE_MS),
    };
    this.notice = notice;
    this.write();
  }

  clearNotice(): void {
    if (this.notice) clearTimeout(this.notice.timer);
    this.notice = undefined;
  }

  private write(): void {
    if (this.welcome) {
      this.view.message = undefined;
      return;
    }
    const unreachable = this.unreachable;
    const parts = [this.notice?.text, unreachable ? `${cleanText(unreachable.message)} Showing what was loaded; Refresh to try again.` : undefined, this.filters].filter(
      (part): part is string => part !== undefined && part !== '',
    );
    this.view.message = parts.length > 0 ? parts.join(' · ') : undefined;
  }
}
