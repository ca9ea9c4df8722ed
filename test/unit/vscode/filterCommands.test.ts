// "Filter…", "Clear Filters" and "Group Sessions By…" (src/vscode/tree/filterCommands.ts) in plain
// Node through the vscode stand-in: the quick picks' items, which `pgai.sessions.*` setting each
// choice writes and in which scope, and that dismissing writes nothing. That the view follows the
// settings is proven in the real workbench (test/integration/tree.test.ts).
import { standIn } from './helpers';
import assert from 'node:assert/strict';
import { readSettings, SETTING_KEYS, type SessionsSettings } from '../../../src/core/sessions/sessionsSettings';
import { registerFilterCommands } from '../../../src/vscode/tree/filterCommands';
import type { QuickInputUser, StandInQuickPickItem } from '../../soak/standIn';
import { delivered, newContext, resetStandIn } from './helpers';

const COMPANY_A = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10';
const COMPANY_B = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c11';
const KEY = (name: string) => `pgai.sessions.${name}`;

/** What the filter commands read from the view: its settings and what the loaded sessions hold. */
function provider(seen: { statuses?: string[]; companies?: string[] } = {}) {
  const value = (key: string) => (standIn.workspaceSettings.has(KEY(key)) ? standIn.workspaceSettings.get(KEY(key)) : standIn.settings.get(KEY(key)));
  return {
    get currentSettings(): SessionsSettings {
      return readSettings(value);
    },
    seenStatuses: () => seen.statuses ?? [],
    knownCompanyIds: () => seen.companies ?? [],
  };
}

/** Every user and workspace setting under pgai.sessions, as plain objects. */
function written() {
  const pick = (map: Map<string, unknown>) => Object.fromEntries([...map].filter(([k]) => k.startsWith('pgai.sessions.')));
  return { user: pick(standIn.settings), workspace: pick(standIn.workspaceSettings) };
}

type Answer = (items: readonly StandInQuickPickItem[], options: { title?: string; canPickMany?: boolean }) => unknown;

/** Answers the quick picks in order: each answer picks by label (or returns what it computes). */
function picks(...answers: (string | RegExp | Answer | undefined)[]): { title?: string; items: StandInQuickPickItem[] }[] {
  const seen: { title?: string; items: StandInQuickPickItem[] }[] = [];
  standIn.ui.answerQuickPick = (items, options) => {
    seen.push({ title: options.title, items: [...items] });
    const answer = answers.shift();
    if (answer === undefined) return undefined;
    if (typeof answer === 'function') return answer(items, options);
    const found = items.find((i) => (answer instanceof RegExp ? answer.test(i.label) : i.label === answer));
    assert.ok(found, `no item ${String(answer)} among ${items.map((i) => i.label).join(' | ')}`);
    return found;
  };
  return seen;
}

describe('vscode/filterCommands', () => {
  let registered: { dispose(): void }[] = [];

  /**
   * Registers the commands, with either wiring: `(provider)` returning the disposables, or
   * `(context, provider)` adding them to the context (the register* refactor), so that this file
   * does not depend on which one is current.
   */
  function register(seen?: { statuses?: string[]; companies?: string[] }): void {
    const register = registerFilterCommands as unknown as (...args: unknown[]) => { dispose(): void }[] | void;
    if (register.length >= 2) {
      const context = newContext();
      register(context, provider(seen));
      registered = context.subscriptions;
    } else {
      registered = register(provider(seen)) ?? [];
    }
  }
  const run = (id: string) => standIn.vscode.commands.executeCommand(id);

  beforeEach(() => resetStandIn());
  afterEach(() => {
    for (const d of registered.splice(0)) d.dispose();
    resetStandIn();
  });

  /** One thing the scripted user does to a shown quick input (the menu or a step). */
  type Act = (user: QuickInputUser) => void;
  interface Seen {
    readonly title?: string;
    readonly placeholder?: string;
    readonly value: string;
    readonly items: { label: string; description?: string; picked?: boolean; value?: unknown }[];
    readonly back: boolean;
    readonly validation: (string | undefined)[];
  }

  /** Scripts the quick inputs in order; once the script ends, the next input is dismissed (Escape). */
  function script(...acts: Act[]): Seen[] {
    const seen: Seen[] = [];
    standIn.ui.answerQuickInput = (user) => {
      const input = user.input;
      const entry: Seen = {
        title: input.title,
        placeholder: input.placeholder,
        value: input.value,
        items: input.items.filter((i) => i.kind !== -1).map((i) => ({ label: i.label, description: i.description, picked: i.picked, value: i.value })),
        back: input.buttons.includes(standIn.vscode.QuickInputButtons.Back),
        validation: [],
      };
      seen.push(entry);
      const act = acts.shift();
      if (!act) return user.escape();
      act(user);
      if (input.visible) entry.validation.push(input.validationMessage);
    };
    return seen;
  }
  const choose = (label: string | RegExp): Act => (u) => u.pick(label);
  const enter = (text: string): Act => (u) => {
    u.type(text);
    u.accept();
  };
  const back: Act = (u) => u.trigger(standIn.vscode.QuickInputButtons.Back);
  const escape: Act = (u) => u.escape();

  describe('Filter…', () => {
    it('lists every filter with its current value, and Clear Filters; Escape writes nothing', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running');
      standIn.setConfiguration(KEY(SETTING_KEYS.types), ['plan', 'chat']);
      register();
      const before = written();
      const seen = script(escape);
      await run('pgai.filterSessions');
      assert.equal(seen.length, 1);
      assert.equal(seen[0].title, 'Filter PG:AI Sessions');
      assert.equal(seen[0].back, false, 'the menu is the first step');
      assert.deepEqual(
        seen[0].items.map((i) => [i.label, i.description]),
        [
          ['$(circle-outline) Status', 'Running'],
          ['$(symbol-class) Type', 'Chat, Plan'],
          ['$(organization) Company', 'Any company'],
          ['$(search) Search', 'None'],
          ['$(clear-all) Clear Filters', undefined],
        ],
      );
      assert.ok(!seen[0].items.some((i) => /Sort|Page size/.test(i.label)), 'sort and page size live apart from the filters');
      assert.deepEqual(written(), before);
    });

    it('after a choice the menu comes back with the new value; Back returns to it without writing', async () => {
      register({ statuses: ['running', 'waiting_for_input'] });
      const seen = script(choose(/Status/), choose('Waiting for input'), choose(/Search/), back, escape);
      await run('pgai.filterSessions');
      assert.deepEqual(seen.map((s) => s.title), ['Filter PG:AI Sessions', 'Filter by Status', 'Filter PG:AI Sessions', 'Search Sessions', 'Filter PG:AI Sessions']);
      assert.equal(seen[1].back, true);
      assert.equal(seen[3].back, true);
      assert.equal(seen[2].items[0].description, 'Waiting for input', 'the menu shows the value just written');
      assert.deepEqual(written(), { user: { [KEY('filter.status')]: 'waiting_for_input' }, workspace: {} });
    });

    it('Status: the statuses seen are offered; the one picked is written to the user settings', async () => {
      register({ statuses: ['running', 'waiting_for_input'] });
      const seen = script(choose(/Status/), choose('Waiting for input'));
      await run('pgai.filterSessions');
      assert.deepEqual(seen[1].items.map((i) => i.label), ['Any status', 'Running', 'Waiting for input', '$(edit) Type a status…']);
      assert.deepEqual(written(), { user: { [KEY('filter.status')]: 'waiting_for_input' }, workspace: {} });
    });

    it('Status: a typed status is trimmed; Escape in the box writes nothing and closes everything', async () => {
      register();
      const seen = script(choose(/Status/), choose(/Type a status/), enter('  archived '));
      await run('pgai.filterSessions');
      assert.equal(seen[2].value, '', 'starts from the current (empty) status');
      assert.ok(!/`/.test(`${seen[2].title}`), 'no literal backticks');
      assert.deepEqual(written().user, { [KEY('filter.status')]: 'archived' });
      const again = script(choose(/Status/), choose(/Type a status/), escape);
      await run('pgai.filterSessions');
      assert.equal(again.length, 3, 'Escape ends the menu too');
      assert.deepEqual(written().user, { [KEY('filter.status')]: 'archived' }, 'unchanged');
    });

    it('Status: Any status writes the empty filter', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running');
      register();
      script(choose(/Status/), choose('Any status'));
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.status')]: '' });
    });

    it('Types: several can be picked, the current ones come picked; none picked writes []', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.types), ['email']);
      register();
      const pickMany = (labels: RegExp): Act => (u) => {
        (u.input as unknown as { selectedItems: unknown[] }).selectedItems = u.input.items.filter((i) => labels.test(i.label));
        u.accept();
      };
      const seen = script(choose(/Type/), pickMany(/Chat|Plan/));
      await run('pgai.filterSessions');
      assert.deepEqual(seen[1].items.filter((i) => i.picked).map((i) => i.value), ['email'], 'the current type comes picked');
      assert.deepEqual(written().user[KEY('filter.type')], ['chat', 'plan']);
      script(choose(/Type/), pickMany(/^$/));
      await run('pgai.filterSessions');
      assert.deepEqual(written().user[KEY('filter.type')], []);
    });

    it('Company: the known ids are offered, the current one marked; a typed id must be a UUID, and Enter says why', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.companyId), COMPANY_A);
      register({ companies: [COMPANY_A, COMPANY_B] });
      const seen = script(choose(/Company/), choose(/Enter a company ID/), (u) => {
        u.type('acme');
        u.accept();
        refused = u.input.validationMessage;
        stillOpen = u.input.visible;
        u.type(` ${COMPANY_B} `);
        u.accept();
      });
      let refused: string | undefined;
      let stillOpen = false;
      await run('pgai.filterSessions');
      assert.deepEqual(seen[1].items.map((i) => [i.label, i.description]), [
        ['Any company', undefined],
        [COMPANY_A, 'current'],
        [COMPANY_B, undefined],
        ['$(edit) Enter a company ID…', undefined],
      ]);
      assert.equal(seen[2].value, COMPANY_A, 'starts from the current company');
      assert.match(refused ?? '', /UUID/, 'Enter on “acme” says why');
      assert.equal(stillOpen, true, 'and the box stays open');
      assert.deepEqual(written().user, { [KEY('filter.companyId')]: COMPANY_B });
    });

    it('Company: a known id picked is written as it is', async () => {
      register({ companies: [COMPANY_B] });
      script(choose(/Company/), choose(COMPANY_B));
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.companyId')]: COMPANY_B });
    });

    it('Search: trimmed; Escape writes nothing', async () => {
      register();
      script(choose(/Search/), enter('  quarterly report '));
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.search')]: 'quarterly report' });
      const seen = script(choose(/Search/), escape);
      await run('pgai.filterSessions');
      assert.equal(seen[1].value, 'quarterly report', 'starts from the current search');
      assert.deepEqual(written().user, { [KEY('filter.search')]: 'quarterly report' }, 'unchanged');
    });
  });

  describe('Sort…', () => {
    it('one choice writes both sort settings; the current one is marked', async () => {
      register();
      const seen = script(choose('Oldest first'));
      await run('pgai.sortSessions');
      assert.equal(seen[0].items.find((i) => i.label === 'Recently updated first')?.description, 'current');
      assert.deepEqual(written().user, { [KEY('sortBy')]: 'created_at', [KEY('sortOrder')]: 'asc' });
    });

    it('the page size is picked there too', async () => {
      register();
      const seen = script(choose('50 per page'));
      await run('pgai.sortSessions');
      assert.deepEqual(seen[0].items.filter((i) => /per page/.test(i.label)).map((i) => [i.label, i.description]), [['10 per page', undefined], ['25 per page', 'current'], ['50 per page', undefined]]);
      assert.deepEqual(written().user, { [KEY('pageSize')]: 50 });
    });

    it('Escape writes nothing', async () => {
      register();
      script(escape);
      await run('pgai.sortSessions');
      assert.deepEqual(written(), { user: {}, workspace: {} });
    });
  });

  describe('which scope is written', () => {
    it('a filter set in the workspace (a folder open) is changed there; the user’s value is left alone', async () => {
      standIn.vscode.workspace.workspaceFolders = [{ name: 'repo' }];
      standIn.setConfiguration(KEY(SETTING_KEYS.search), 'from the workspace', 'workspace');
      standIn.setConfiguration(KEY(SETTING_KEYS.search), 'mine');
      register();
      const seen = script(choose(/Search/), enter('changed'));
      await run('pgai.filterSessions');
      assert.equal(seen[1].value, 'from the workspace', 'the value in effect is the workspace’s');
      assert.deepEqual(written(), { user: { [KEY('filter.search')]: 'mine' }, workspace: { [KEY('filter.search')]: 'changed' } });
    });

    it('a filter not set in the workspace goes to the user settings, even with a folder open', async () => {
      standIn.vscode.workspace.workspaceFolders = [{ name: 'repo' }];
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running', 'workspace');
      register();
      script(choose(/Search/), enter('mine'));
      await run('pgai.filterSessions');
      assert.deepEqual(written(), { user: { [KEY('filter.search')]: 'mine' }, workspace: { [KEY('filter.status')]: 'running' } });
    });

    it('each write is announced as a change of pgai.sessions (the view follows it)', async () => {
      register();
      const changed: string[] = [];
      const config = (standIn.vscode as unknown as { workspace: { onDidChangeConfiguration(l: (e: { affectsConfiguration(s: string): boolean }) => void): { dispose(): void } } }).workspace;
      const listener = config.onDidChangeConfiguration((e) => {
        for (const key of ['pgai.sessions', 'pgai.sessions.sortBy', 'pgai.sessions.sortOrder', 'pgai.apiBaseUrl']) if (e.affectsConfiguration(key)) changed.push(key);
      });
      try {
        script(choose('Title, A to Z'));
        await run('pgai.sortSessions');
        await delivered();
        assert.deepEqual(changed.sort(), ['pgai.sessions', 'pgai.sessions', 'pgai.sessions.sortBy', 'pgai.sessions.sortOrder']);
      } finally {
        listener.dispose();
      }
    });
  });

  describe('Clear Filters', () => {
    function setAll(): void {
      standIn.vscode.workspace.workspaceFolders = [{ name: 'repo' }];
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running');
      standIn.setConfiguration(KEY(SETTING_KEYS.types), ['plan']);
      standIn.setConfiguration(KEY(SETTING_KEYS.companyId), COMPANY_A, 'workspace');
      standIn.setConfiguration(KEY(SETTING_KEYS.search), 'x');
      standIn.setConfiguration(KEY(SETTING_KEYS.search), 'y', 'workspace');
      standIn.setConfiguration(KEY(SETTING_KEYS.sortBy), 'title');
      standIn.setConfiguration(KEY(SETTING_KEYS.groupBy), 'none', 'workspace');
      standIn.setConfiguration(KEY(SETTING_KEYS.pageSize), 10);
    }
    const kept = { user: { [KEY('sortBy')]: 'title', [KEY('pageSize')]: 10 }, workspace: { [KEY('groupBy')]: 'none' } };

    it('the command removes the four filters from every scope, and nothing else', async () => {
      setAll();
      register();
      await run('pgai.clearFilters');
      assert.deepEqual(written(), kept);
      assert.equal(standIn.ui.shown.length, 0, 'no prompt');
    });

    it('the Filter… menu’s Clear Filters does the same, and the menu then shows no filter', async () => {
      setAll();
      register();
      const seen = script(choose(/Clear Filters/));
      await run('pgai.filterSessions');
      assert.deepEqual(written(), kept);
      assert.equal(seen[1].items[0].description, 'Any status');
      assert.equal(seen[1].items.find((i) => /Clear Filters/.test(i.label))?.description, 'no filter is set');
    });
  });

  describe('Group Sessions By…', () => {
    it('offers the five groupings with the current one marked, and writes the one picked', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.groupBy), 'status');
      register();
      const seen = picks('No grouping');
      await run('pgai.groupSessionsBy');
      assert.deepEqual(seen[0].items.map((i) => [i.label, i.description]), [
        ['Type, then status', undefined],
        ['Status, then type', undefined],
        ['Type', undefined],
        ['Status', 'current'],
        ['No grouping', undefined],
      ]);
      assert.deepEqual(written().user, { [KEY('groupBy')]: 'none' });
    });

    it('dismissed: nothing written', async () => {
      register();
      picks(undefined);
      await run('pgai.groupSessionsBy');
      assert.deepEqual(written(), { user: {}, workspace: {} });
    });
  });
});
