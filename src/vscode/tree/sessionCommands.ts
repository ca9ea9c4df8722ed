// Commands on one session or one tree item: open details, copy id/JSON, filter by company,
// watch or stop watching, load more, retry, create a session of a group's type, refresh a
// details page. From the tree's
// menus they get the node, from a details page's title bar its URI; from the Command Palette
// they use the details page in front, else the selected session, else offer a pick.
import * as vscode from 'vscode';
import { isSessionType, type Session } from '../../api/types';
import type { CreateSessionArgs } from '../contracts';
import { sessionDescription } from '../../core/sessions/labels';
import { isTreeNode } from '../../core/sessions/nodes';
import { inertJson, sessionLabel } from '../../core/sessions/text';
import { activeDetailsUri, DETAILS_SCHEME, openSessionDetails, type SessionDetailsProvider } from './detailsDocument';
import type { SessionsTreeProvider } from './provider';
import { writeSetting } from './configuration';
import { SETTING_KEYS } from '../../core/sessions/sessionsSettings';

function isSession(value: unknown): value is Session {
  return typeof value === 'object' && value !== null && typeof (value as Session).id === 'string' && typeof (value as Session).raw === 'object';
}

/** `offers`: which loaded sessions the palette's pick lists (Stop Watching: the watched ones). */
async function resolveSession(arg: unknown, provider: SessionsTreeProvider, details: SessionDetailsProvider, offers: Offers = ALL): Promise<Session | undefined> {
  if (isTreeNode(arg) && arg.kind === 'session') return arg.entry.session;
  // A session passed by another command (e.g. the create flow's "Open Details" button).
  if (isSession(arg)) return provider.findSession(arg.id) ?? arg;
  // A details page: its title bar passes its URI; from the palette, the page in front.
  const page = arg instanceof vscode.Uri && arg.scheme === DETAILS_SCHEME ? arg : activeDetailsUri();
  const shown = page ? details.sessionFor(page) : undefined;
  if (shown) return shown;
  const selected = provider.view.selection.find((n) => n.kind === 'session');
  if (selected?.kind === 'session') return selected.entry.session;
  const sessions = provider.loadedSessions().filter(offers.accept);
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage(offers.none);
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    sessions.map((session) => ({ label: sessionLabel(session.title), description: sessionDescription(session, now), detail: session.id, session })),
    { title: 'Pick a PG:AI session', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.session;
}

interface Offers {
  readonly accept: (session: Session) => boolean;
  /** Said when no loaded session is offered. */
  readonly none: string;
}

const ALL: Offers = { accept: () => true, none: 'No PG:AI sessions are loaded yet: open the Sessions view and expand a group first.' };

/** What the watch commands act on (the watch controller). */
interface Watcher {
  watch(session: Session): void;
  unwatch(id: string): void;
  isWatched(id: string): boolean;
}

export function registerSessionCommands(
  context: vscode.ExtensionContext,
  provider: SessionsTreeProvider,
  details: SessionDetailsProvider,
  watcher: Watcher,
  log?: vscode.LogOutputChannel,
): void {
  const withSession = (action: (session: Session) => unknown, offers?: Offers) => async (arg?: unknown) => {
    const session = await resolveSession(arg, provider, details, offers);
    if (session) await action(session);
  };
  const unwatched: Offers = { accept: (s) => !watcher.isWatched(s.id), none: 'Every loaded PG:AI session is watched already.' };
  const watched: Offers = { accept: (s) => watcher.isWatched(s.id), none: 'No loaded PG:AI session is watched.' };
  context.subscriptions.push(
    vscode.commands.registerCommand('pgai.openSessionDetails', withSession((s) => openSessionDetails(details, s, log))),
    vscode.commands.registerCommand('pgai.refreshSessionDetails', (arg?: unknown) => {
      const page = arg instanceof vscode.Uri && arg.scheme === DETAILS_SCHEME ? arg : activeDetailsUri();
      if (!page) return;
      // The view reloads; each open page then shows the newest copy it holds (register.ts syncs
      // them on every tree change). Drawn again at once too, so "5 minutes ago" is current.
      provider.refresh(true);
      details.sync((id) => provider.findSession(id));
      details.redraw(page);
    }),
    vscode.commands.registerCommand(
      'pgai.copySessionId',
      withSession(async (s) => {
        await vscode.env.clipboard.writeText(s.id);
        vscode.window.setStatusBarMessage('$(check) PG:AI: session ID copied', 2000);
      }),
    ),
    vscode.commands.registerCommand(
      'pgai.copySessionJson',
      withSession(async (s) => {
        await vscode.env.clipboard.writeText(inertJson(s.raw));
        vscode.window.setStatusBarMessage('$(check) PG:AI: session JSON copied', 2000);
      }),
    ),
    vscode.commands.registerCommand(
      'pgai.filterByCompany',
      withSession(async (s) => {
        if (!s.companyId) {
          void vscode.window.showInformationMessage('This session has no company.');
          return;
        }
        await writeSetting(SETTING_KEYS.companyId, s.companyId);
      }),
    ),
    vscode.commands.registerCommand('pgai.watchSession', withSession((s) => watcher.watch(s), unwatched)),
    vscode.commands.registerCommand('pgai.unwatchSession', withSession((s) => watcher.unwatch(s.id), watched)),
    vscode.commands.registerCommand('pgai.loadMore', (node?: unknown) => {
      if (isTreeNode(node) && node.kind === 'loadMore') return provider.loadMore(node);
      return undefined;
    }),
    vscode.commands.registerCommand('pgai.retryGroup', (node?: unknown) => {
      if (isTreeNode(node)) return provider.retry(node);
      provider.refresh(true);
      return undefined;
    }),
    vscode.commands.registerCommand('pgai.showNewSessions', (node?: unknown) => {
      if (isTreeNode(node) && node.kind === 'newSessions') return provider.reloadGroup(node);
      return undefined;
    }),
    vscode.commands.registerCommand('pgai.createSessionOfType', (node?: unknown) => {
      const args: CreateSessionArgs =
        isTreeNode(node) && node.kind === 'group' && node.dimension === 'type' && isSessionType(node.key) ? { type: node.key } : {};
      return vscode.commands.executeCommand('pgai.createSession', args);
    }),
  );
}
