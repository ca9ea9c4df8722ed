// "Open Session Details": a read-only virtual Markdown document (scheme `pgai-session`), shown in
// VS Code's Markdown preview as a page: the title, Status, Type, Company, the dates in the
// user's locale, then every other field by name (core/sessions/details.ts builds it, with every
// server value escaped). Its title bar offers Copy Session ID and Refresh (package.json
// `menus.editor/title`). It holds session data only, never the key; the raw JSON stays behind
// Copy Session as JSON.
import * as vscode from 'vscode';
import type { Session } from '../../api/types';
import { missingDetailsMarkdown, sessionDetailsMarkdown } from '../../core/sessions/details';
import { encodeKey } from '../../core/sessions/nodes';
import { displayText } from '../../core/sessions/text';

export const DETAILS_SCHEME = 'pgai-session';
/** The built-in Markdown extension's preview, as a custom editor of the document. */
const MARKDOWN_PREVIEW = 'vscode.markdown.preview.editor';

export class SessionDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  uriFor(session: Session): vscode.Uri {
    // "Research: Acme" reads "Research – Acme" in the tab, not "Research- Acme".
    const name = displayText(session.title, 60, 'Untitled')
      .replace(/\s*[:|]\s+/g, ' – ')
      .replace(/[\\/:*?"<>|#%]/g, '-');
    return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${name}.md`, query: `id=${encodeKey(session.id)}` });
  }

  /** Remembers (or updates) the session a document shows. */
  set(session: Session): vscode.Uri {
    const uri = this.uriFor(session);
    const key = encodeKey(session.id);
    const had = this.sessions.has(key);
    this.sessions.set(key, session);
    if (had) this.changes.fire(uri);
    return uri;
  }

  /** The session a details document shows, if it is still held. */
  sessionFor(uri: vscode.Uri): Session | undefined {
    return uri.scheme === DETAILS_SCHEME && uri.query.startsWith('id=') ? this.sessions.get(uri.query.slice(3)) : undefined;
  }

  /**
   * Shows the newest copy of each held session that `latest` knows (the view's, after a
   * refresh or a page load); documents whose session did not change are left alone.
   */
  sync(latest: (id: string) => Session | undefined): void {
    for (const [key, held] of this.sessions) {
      const fresh = latest(held.id);
      if (fresh === undefined || fresh === held) continue;
      this.sessions.set(key, fresh);
      // The open pages' own URIs: a renamed session's page keeps the name it was opened with.
      for (const uri of this.openUris(key)) this.changes.fire(uri);
    }
  }

  /** Draws a document again (e.g. for "3 minutes ago" to be current). */
  redraw(uri: vscode.Uri): void {
    if (this.sessionFor(uri)) this.changes.fire(uri);
  }

  /** Open details documents of the session with this key. */
  private openUris(key: string): vscode.Uri[] {
    return (vscode.workspace.textDocuments ?? []).map((d) => d.uri).filter((u) => u.scheme === DETAILS_SCHEME && u.query === `id=${key}`);
  }

  /** Forgets the session of a closed details document (unless another page of it is still open). */
  forget(uri: vscode.Uri): void {
    if (uri.scheme !== DETAILS_SCHEME || !uri.query.startsWith('id=')) return;
    const key = uri.query.slice(3);
    if (this.openUris(key).some((u) => u.toString() !== uri.toString())) return;
    this.sessions.delete(key);
  }

  /** Sessions held for open documents (for tests). */
  get size(): number {
    return this.sessions.size;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const session = this.sessionFor(uri);
    if (!session) return missingDetailsMarkdown();
    return sessionDetailsMarkdown(session, { now: Date.now(), locale: vscode.env.language });
  }

  dispose(): void {
    this.changes.dispose();
    this.sessions.clear();
  }
}

/** The details document of the active editor tab (the preview or the Markdown source), if any. */
export function activeDetailsUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri?.scheme === DETAILS_SCHEME ? uri : undefined;
}

/** Opens the session's page in the Markdown preview; as Markdown text if the preview is not available. */
export async function openSessionDetails(provider: SessionDetailsProvider, session: Session, log?: vscode.LogOutputChannel): Promise<void> {
  const uri = provider.set(session);
  try {
    await vscode.commands.executeCommand('vscode.openWith', uri, MARKDOWN_PREVIEW, { preview: true });
    return;
  } catch (error) {
    // The built-in Markdown extension is disabled: the same page, as text.
    log?.info(`Session details: the Markdown preview is not available (${error instanceof Error ? error.message : String(error)}); showing the Markdown text.`);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
}
