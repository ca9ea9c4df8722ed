// Go to Session… (palette and the view's title bar): a quick pick over every loaded session,
// which also asks PG:AI's search for what is not loaded as you type (see core/sessions/goTo.ts).
// Picking one reveals it in the tree, loading its group's pages as needed (a few at most), and
// opens its page. Find in Sessions opens VS Code's find widget on the tree.
import * as vscode from 'vscode';
import type { Logger } from '../../api/logger';
import type { Session } from '../../api/types';
import { goToChoices, SEARCH_PAGE_SIZE, SearchAsYouType, type GoToChoice } from '../../core/sessions/goTo';
import { matchesQuery } from '../../core/sessions/liveApply';
import { defaultTimers } from '../../core/sessions/modelDeps';
import type { SessionsConnection } from '../contracts';
import type { SessionsTreeProvider } from './provider';

/** Pages of its group loaded at most to show a picked session that is not loaded. */
const MAX_PAGES_TO_REVEAL = 4;

type ChoiceItem = vscode.QuickPickItem & { readonly choice: GoToChoice };

function itemOf(choice: GoToChoice): ChoiceItem {
  return {
    label: choice.label,
    description: choice.description,
    ...(choice.detail ? { detail: choice.detail } : {}),
    // PG:AI's search may match text the label does not show: keep its finds on screen.
    alwaysShow: choice.found,
    iconPath: new vscode.ThemeIcon(choice.found ? 'search' : 'circle-small'),
    choice,
  };
}

/** Reveals a session, loading the first pages of the group it belongs to when it is not loaded yet. */
async function reveal(provider: SessionsTreeProvider, session: Session): Promise<boolean> {
  if (await provider.revealSession(session.id)) return true;
  const model = provider.ensureModel();
  if (!model) return false;
  for (const stream of model.allStreams()) {
    if (!stream.accepts(session) || matchesQuery(stream.spec.query, session) === false) continue;
    await stream.prefetch();
    for (let n = 0; n < MAX_PAGES_TO_REVEAL && stream.entry(session.id) === undefined && stream.hasMore && stream.error === undefined; n++) await model.loadMore(stream);
    if (stream.entry(session.id) !== undefined) break;
  }
  return provider.revealSession(session.id);
}

export function registerGoToSession(context: vscode.ExtensionContext, provider: SessionsTreeProvider, connection: SessionsConnection, log: Logger): void {
  const goTo = async (): Promise<void> => {
    const pick = vscode.window.createQuickPick<ChoiceItem>();
    pick.title = 'Go to PG:AI Session';
    pick.placeholder = 'Type to filter loaded sessions and search PG:AI';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    let found: readonly Session[] = [];
    const show = () => {
      const active = pick.activeItems[0]?.choice.session.id;
      pick.items = goToChoices(provider.loadedSessions(), found, Date.now()).map(itemOf);
      const keep = pick.items.find((i) => i.choice.session.id === active);
      if (keep) pick.activeItems = [keep];
    };
    const search = new SearchAsYouType(
      async (text, signal) => {
        const api = connection.api;
        if (!api) return [];
        return (await api.listSessions({ search: text, perPage: SEARCH_PAGE_SIZE }, signal)).sessions;
      },
      defaultTimers,
      (_text, sessions) => {
        found = sessions;
        show();
      },
      (busy) => (pick.busy = busy),
      (error) => log.debug(`Sessions: Go to Session's search failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    show();
    const chosen = await new Promise<Session | undefined>((resolve) => {
      pick.onDidChangeValue((value) => search.type(value));
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.choice.session ?? pick.activeItems[0]?.choice.session);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    search.dispose();
    pick.dispose();
    if (!chosen) return;
    if (!(await reveal(provider, chosen))) log.info('Sessions: the session picked in Go to Session is not in the view’s groups (filters, or further than a few pages); opening its page.');
    await vscode.commands.executeCommand('pgai.openSessionDetails', chosen);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('pgai.goToSession', goTo),
    vscode.commands.registerCommand('pgai.findInSessions', async () => {
      await vscode.commands.executeCommand('pgai.sessions.focus');
      await vscode.commands.executeCommand('list.find');
    }),
  );
}
