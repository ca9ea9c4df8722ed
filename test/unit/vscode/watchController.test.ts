// Watched sessions in the workbench (src/vscode/watch/watchController.ts) through the vscode
// stand-in: the one notification per observation and its buttons, the setting that turns it
// off, the view's badge, the status bar item, the watch commands and what globalState keeps.
import { standIn } from './helpers';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../../src/api/types';
import { watchedKey } from '../../../src/core/sessions/watch';
import { encodeKey } from '../../../src/core/sessions/nodes';
import { registerSessionCommands } from '../../../src/vscode/tree/sessionCommands';
import { sessionTooltip, toTreeItem } from '../../../src/vscode/tree/treeItems';
import { WatchController } from '../../../src/vscode/watch/watchController';
import type { ShownMessage } from '../../soak/standIn';
import { session } from '../core/sessions/factories';
import { delivered, disposeAll, newContext, recordingChannel, resetStandIn, waitFor, type Context } from './helpers';

const A = 'https://a.example';
const B = 'https://b.example';
const NOTIFY = 'pgai.sessions.notifications';

type View = ReturnType<typeof standIn.vscode.window.createTreeView>;

/** A session row as the tree hands it to a command or a menu. */
function row(s: Session) {
  return { kind: 'session', id: `session:${s.id}`, parent: undefined, entry: { session: s }, stream: {} } as const;
}

const as = (s: Session, status: string): Session => ({ ...s, status });

describe('vscode/watchController', () => {
  let context: Context;
  let view: View;
  let revealed: string[];
  let watch: WatchController;
  let changes: number;

  function create(): WatchController {
    const controller = new WatchController({
      store: context.globalState,
      view: view as never,
      reveal: async (id) => {
        revealed.push(id);
      },
      log: recordingChannel([]),
    });
    context.subscriptions.push(controller, controller.onDidChange(() => changes++));
    controller.setOrigin(A);
    return controller;
  }

  beforeEach(() => {
    resetStandIn();
    context = newContext();
    view = standIn.vscode.window.createTreeView('pgai.sessions', {});
    revealed = [];
    changes = 0;
    watch = create();
  });
  afterEach(() => {
    disposeAll(context);
    resetStandIn();
  });

  const messages = () => standIn.ui.shown.filter((s) => s.kind === 'information' || s.kind === 'warning' || s.kind === 'error') as unknown as ShownMessage[];
  const item = () => standIn.statusBarItems[standIn.statusBarItems.length - 1];
  /** Read afresh each time (an assertion would otherwise narrow a property read once). */
  const badge = () => view.badge;
  /** A session watched from the tree while it is `status`. */
  function watched(title: string, status = 'running'): Session {
    const s = session({ title, status });
    watch.watch(s);
    return s;
  }

  describe('the notification', () => {
    it('says one session completed, and Open reveals it and opens its details', async () => {
      const s = watched('Acme discovery');
      standIn.ui.answerMessage = () => 'Open';
      watch.observe({ sessions: [as(s, 'completed')], baseline: false });
      await waitFor(() => revealed.length > 0, 'the reveal');
      const [shown] = messages();
      assert.equal(messages().length, 1);
      assert.equal(shown.kind, 'information');
      assert.equal(shown.message, '“Acme discovery” completed');
      assert.deepEqual(shown.items, ['Open', "Don't Notify Again"]);
      assert.deepEqual(revealed, [s.id]);
      await waitFor(() => standIn.executedCommands.some((c) => c.id === 'pgai.openSessionDetails'), 'the details');
      const open = standIn.executedCommands.find((c) => c.id === 'pgai.openSessionDetails');
      assert.equal((open?.args[0] as Session).id, s.id);
    });

    it("Don't Notify Again writes the user setting, and then nothing is shown", async () => {
      const s = watched('One');
      standIn.ui.answerMessage = () => "Don't Notify Again";
      watch.observe({ sessions: [as(s, 'waiting_for_input')], baseline: false });
      await waitFor(() => standIn.settings.get(NOTIFY) === false, 'the setting');
      assert.equal(standIn.workspaceSettings.has(NOTIFY), false);
      assert.deepEqual(revealed, []);
      await delivered();
      watch.observe({ sessions: [as(s, 'completed')], baseline: false });
      await delivered();
      assert.equal(messages().length, 1, 'no second notification');
      assert.equal(badge()?.value, 1, 'the badge still counts');
    });

    it('several changes in one observation make one notification; Open reveals the first', async () => {
      const [a, b, c] = [watched('A'), watched('B'), watched('C')];
      standIn.ui.answerMessage = () => 'Open';
      watch.observe({ sessions: [as(a, 'completed'), as(b, 'failed'), as(c, 'done')], baseline: false });
      await waitFor(() => revealed.length > 0, 'the reveal');
      assert.equal(messages().length, 1);
      assert.equal(messages()[0].message, '3 sessions finished: 2 completed, 1 failed');
      assert.equal(messages()[0].kind, 'warning');
      assert.deepEqual(revealed, [a.id]);
      await delivered();
      assert.ok(!standIn.executedCommands.some((x) => x.id === 'pgai.openSessionDetails'), 'several: the view, not one page');
    });

    it('tells nothing for a baseline, a first sighting, an in-progress change, an unknown status or an unwatched session', async () => {
      const s = watched('S', 'queued');
      watch.observe({ sessions: [as(s, 'running')], baseline: false });
      watch.observe({ sessions: [as(s, 'escalated')], baseline: false });
      watch.observe({ sessions: [as(s, 'completed')], baseline: true });
      const later = session({ status: 'completed' });
      watch.watch({ ...later, status: undefined });
      watch.observe({ sessions: [later, session({ status: 'failed' })], baseline: false });
      await delivered();
      assert.deepEqual(messages(), []);
      assert.equal(badge(), undefined);
    });

    it('not for the session whose details are in front of a focused window, nor for the selected row of the visible view', async () => {
      const page = watched('Page');
      const selected = watched('Selected');
      standIn.vscode.window.tabGroups.activeTabGroup.activeTab = { input: new standIn.vscode.TabInputCustom({ scheme: 'pgai-session', query: `id=${encodeKey(page.id)}` }, 'x') };
      view.setVisible(true);
      view.select([row(selected)]);
      watch.observe({ sessions: [as(page, 'completed'), as(selected, 'completed')], baseline: false });
      await delivered();
      assert.deepEqual(messages(), []);
      // Another window has focus: nobody is looking.
      standIn.setWindowFocused(false);
      watch.observe({ sessions: [as(page, 'paused'), as(selected, 'paused')], baseline: false });
      await delivered();
      assert.deepEqual(messages().map((m) => m.message), ['2 sessions need input']);
    });

    it('property: one observation shows at most one notification, and none for a baseline', () => {
      const status = fc.constantFrom('running', 'queued', 'completed', 'failed', 'cancelled', 'paused', 'mystery', '');
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), status), { maxLength: 6 }), fc.boolean()), { maxLength: 10 }), (rounds) => {
          standIn.ui.shown.length = 0;
          watch.setOrigin(undefined);
          watch.setOrigin(A);
          for (const id of ['a', 'b', 'c']) watch.watch(session({ id, status: 'running' }));
          for (const [round, baseline] of rounds) {
            const before = messages().length;
            watch.observe({ sessions: round.map(([id, s]) => session({ id, status: s })), baseline });
            assert.ok(messages().length - before <= (baseline ? 0 : 1));
          }
        }),
      );
    });

    it('a created session is watched and its completion told, though no poll saw it before', async () => {
      const created = session({ title: 'New', status: 'queued' });
      watch.watchCreated(created);
      assert.ok(watch.isWatched(created.id));
      assert.deepEqual(watch.activeWatched().map((s) => s.id), [created.id]);
      watch.observe({ sessions: [as(created, 'completed')], baseline: false });
      await delivered();
      assert.deepEqual(messages().map((m) => m.message), ['“New” completed']);
    });
  });

  describe('the badge', () => {
    it('counts watched sessions that changed since the view was last looked at, and clears when it is shown', () => {
      const [a, b] = [watched('A'), watched('B')];
      watch.observe({ sessions: [as(a, 'completed')], baseline: false });
      assert.deepEqual(badge(), { value: 1, tooltip: '1 watched session finished or needs input' });
      watch.observe({ sessions: [as(a, 'paused'), as(b, 'failed')], baseline: false });
      assert.equal(badge()?.value, 2, 'a session counts once');
      view.setVisible(true);
      assert.equal(badge(), undefined);
      // Seen as it happens: visible in a focused window.
      watch.observe({ sessions: [as(a, 'completed')], baseline: false });
      assert.equal(badge(), undefined);
      standIn.setWindowFocused(false);
      watch.observe({ sessions: [as(b, 'paused')], baseline: false });
      assert.equal(badge()?.value, 1, 'visible, but in a window nobody looks at');
      standIn.setWindowFocused(true);
      assert.equal(badge(), undefined, 'back to the window with the view in front');
    });

    it('an unwatched session leaves the count', () => {
      const a = watched('A');
      watch.observe({ sessions: [as(a, 'completed')], baseline: false });
      watch.unwatch(a.id);
      assert.equal(badge(), undefined);
    });
  });

  describe('the status bar item', () => {
    it('shows while a watched session is active: counts, an inert hover, a label, and a click shows the view', () => {
      assert.equal(item().id, 'pgai.watched');
      assert.equal(item().name, 'PG:AI Watched Sessions');
      assert.equal(item().visible, false);
      const [a, b, c] = [watched('[x](command:evil)'), watched('B'), watched('C', 'completed')];
      watch.observe({ sessions: [a, b, as(c, 'waiting_for_input')], baseline: false });
      assert.equal(item().visible, true);
      assert.equal(item().text, '$(sync~spin) 2 running · 1 needs input');
      assert.equal(item().accessibilityInformation?.label, 'PG:AI: 2 sessions running, 1 needs input');
      assert.equal(item().command, 'pgai.sessions.focus');
      const tooltip = item().tooltip as { value: string; isTrusted: boolean; supportHtml: boolean };
      assert.equal(tooltip.isTrusted, false);
      assert.equal(tooltip.supportHtml, false);
      assert.ok(tooltip.value.includes('\\[x\\]\\(command\\:evil\\)'), tooltip.value);
      assert.ok(!tooltip.value.includes('[x](command'), tooltip.value);
      watch.observe({ sessions: [as(a, 'completed'), as(b, 'failed'), as(c, 'cancelled')], baseline: false });
      assert.equal(item().visible, false);
    });

    it('does not spin with reduced motion; shows a bell when sessions only wait for input', async () => {
      standIn.setConfiguration('workbench.reduceMotion', 'on');
      await delivered();
      const a = watched('A');
      assert.equal(item().text, '$(sync) 1 running');
      watch.observe({ sessions: [as(a, 'paused')], baseline: false });
      assert.equal(item().text, '$(bell-dot) 1 needs input');
    });

    it('tells the poller and the tree when the active set changes, not on every observation', () => {
      const a = watched('A');
      const before = changes;
      watch.observe({ sessions: [a], baseline: false });
      assert.equal(changes, before, 'nothing changed');
      watch.observe({ sessions: [as(a, 'completed')], baseline: false });
      assert.equal(changes, before + 1);
    });
  });

  describe('watching', () => {
    beforeEach(() => registerSessionCommands(context as never, {} as never, {} as never, watch));

    it('the commands watch and stop watching, kept per API origin across restarts (ids only)', async () => {
      const s = session({ title: 'S' });
      await standIn.vscode.commands.executeCommand('pgai.watchSession', row(s));
      assert.ok(watch.isWatched(s.id));
      assert.deepEqual(context.globalState.get(watchedKey(A)), [s.id]);
      watch.setOrigin(B);
      assert.equal(watch.isWatched(s.id), false);
      await standIn.vscode.commands.executeCommand('pgai.watchSession', row(session({ id: 'on-b' })));
      assert.deepEqual(context.globalState.get(watchedKey(B)), ['on-b']);
      const restarted = new WatchController({ store: context.globalState, view: view as never, reveal: () => Promise.resolve() });
      context.subscriptions.push(restarted);
      restarted.setOrigin(A);
      assert.ok(restarted.isWatched(s.id) && !restarted.isWatched('on-b'));
      watch.setOrigin(A);
      await standIn.vscode.commands.executeCommand('pgai.unwatchSession', row(s));
      assert.equal(watch.isWatched(s.id), false);
      assert.deepEqual(context.globalState.get(watchedKey(A)), []);
    });

    it('from the palette, Stop Watching offers only the watched loaded sessions, Watch Session only the others', async () => {
      const a = session({ title: 'Alpha' });
      const b = session({ title: 'Beta' });
      const provider = { loadedSessions: () => [a, b], view: { selection: [] }, findSession: () => undefined };
      const ctx = newContext();
      registerSessionCommands(ctx as never, provider as never, { sessionFor: () => undefined } as never, watch);
      watch.watch(a);
      const offered: string[][] = [];
      standIn.ui.answerQuickPick = (items) => {
        offered.push(items.map((i) => i.label));
        return items[0];
      };
      await standIn.vscode.commands.executeCommand('pgai.watchSession');
      assert.deepEqual(offered, [['Beta']], 'Watch Session: only the one not watched');
      assert.ok(watch.isWatched(b.id));
      await standIn.vscode.commands.executeCommand('pgai.unwatchSession');
      assert.deepEqual(offered[1], ['Alpha', 'Beta'], 'Stop Watching: the watched ones');
      assert.equal(watch.isWatched(a.id), false);
      watch.unwatch(b.id);
      const said = standIn.ui.shown.filter((m) => m.kind === 'information').map((m) => m.message);
      await standIn.vscode.commands.executeCommand('pgai.unwatchSession');
      assert.ok(standIn.ui.shown.filter((m) => m.kind === 'information').map((m) => m.message).length > said.length);
      assert.match(String(standIn.ui.shown.at(-1)?.message), /No loaded PG:AI session is watched/);
      disposeAll(ctx);
    });

    it('a watched row starts with an eye and says so; the menus offer the command that fits', () => {
      const s = session({ title: 'S', status: 'running', companyId: 'c' });
      const plain = toTreeItem(row(s) as never, Date.now(), false, () => false);
      const eyed = toTreeItem(row(s) as never, Date.now(), false, (id) => id === s.id);
      assert.ok(String(eyed.description).startsWith('👁 '), String(eyed.description));
      assert.equal(String(eyed.description).slice(3), String(plain.description));
      assert.match(eyed.accessibilityInformation?.label ?? '', /, watched$/);
      assert.doesNotMatch(plain.accessibilityInformation?.label ?? '', /watched/);
      assert.match(sessionTooltip(row(s) as never, Date.now(), () => true)?.value ?? '', /Watched: you are told when it finishes/);
      assert.doesNotMatch(sessionTooltip(row(s) as never, Date.now(), () => false)?.value ?? '', /Watched/);
      const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
      const menu = manifest.contributes.menus['view/item/context'];
      const shows = (command: string, contextValue: string) =>
        menu.filter((m) => m.command === command).some((m) => [...m.when.matchAll(/viewItem =~ \/(.+?)\/(?= |$)/g)].every((x) => new RegExp(x[1]).test(contextValue)));
      assert.deepEqual([shows('pgai.watchSession', String(plain.contextValue)), shows('pgai.unwatchSession', String(plain.contextValue))], [true, false]);
      assert.deepEqual([shows('pgai.watchSession', String(eyed.contextValue)), shows('pgai.unwatchSession', String(eyed.contextValue))], [false, true]);
    });
  });
});
