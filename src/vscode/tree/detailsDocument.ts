// "Open Session Details": a read-only virtual JSON document (scheme `pgai-session`) with every
// field the server sent, unknown ones included, as inert JSON (direction overrides and other
// invisible characters shown as \u escapes). It holds session data only, never the key.
import * as vscode from 'vscode';
import type { Session } from '../../api/types';
import { encodeKey } from '../../core/sessions/nodes';
import { displayText, inertJson } from '../../core/sessions/text';

export const DETAILS_SCHEME = 'pgai-session';

export class SessionDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  uriFor(session: Session): vscode.Uri {
    // "Research: Acme" reads "Research – Acme" in the tab, not "Research- Acme".
    const name = displayText(session.title, 60, 'Untitled')
      .replace(/\s*[:|]\s+/g, ' – ')
      .replace(/[\\/:*?"<>|#%]/g, '-');
    return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${name}.json`, query: `id=${encodeKey(session.id)}` });
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

  /** Forgets the session of a closed details document. */
  forget(uri: vscode.Uri): void {
    if (uri.scheme === DETAILS_SCHEME && uri.query.startsWith('id=')) this.sessions.delete(uri.query.slice(3));
  }

  /** Sessions held for open documents (for tests). */
  get size(): number {
    return this.sessions.size;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const session = uri.query.startsWith('id=') ? this.sessions.get(uri.query.slice(3)) : undefined;
    if (!session) return inertJson({ error: 'This session is no longer loaded. Open it again from the PG:AI Sessions view.' });
    return inertJson(session.raw) + '\n';
  }

  dispose(): void {
    this.changes.dispose();
    this.sessions.clear();
  }
}

export async function openSessionDetails(provider: SessionDetailsProvider, session: Session): Promise<void> {
  const uri = provider.set(session);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}
