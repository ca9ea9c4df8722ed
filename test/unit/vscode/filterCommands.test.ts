// "Filter…", "Clear Filters" and "Group Sessions By…" (src/vscode/tree/filterCommands.ts) in plain
// Node through the vscode stand-in: the quick picks' items, which `pgai.sessions.*` setting each
// choice writes and in which scope, and that dismissing writes nothing. That the view follows the
// settings is proven in the real workbench (test/integration/tree.test.ts).
import { standIn } from './helpers';
import assert from 'node:assert/strict';
import { readSettings, SETTING_KEYS, type SessionsSettings } from '../../../src/core/sessions/sessionsSettings';
import { registerFilterCommands } from '../../../src/vscode/tree/filterCommands';
import type { StandInQuickPickItem } from '../../soak/standIn';
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

function inputs(...answers: (string | undefined)[]): { options: { title?: string; value?: string }; validationMessage?: string }[] {
  const seen: { options: { title?: string; value?: string }; validationMessage?: string }[] = [];
  standIn.ui.answerInputBox = (options, attempt) => {
    seen.push({ options, ...(attempt.validationMessage ? { validationMessage: attempt.validationMessage } : {}) });
    return answers.shift();
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

  describe('Filter…', () => {
    it('lists every filter with its current value; dismissing it writes nothing', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running');
      standIn.setConfiguration(KEY(SETTING_KEYS.types), ['plan', 'chat']);
      standIn.setConfiguration(KEY(SETTING_KEYS.pageSize), 10);
      register();
      const before = written();
      const seen = picks(undefined);
      await run('pgai.filterSessions');
      assert.equal(seen.length, 1);
      assert.equal(seen[0].title, 'Filter PG:AI sessions');
      assert.deepEqual(
        seen[0].items.map((i) => [i.label, i.description]),
        [
          ['$(circle-outline) Status…', 'running'],
          ['$(symbol-class) Types…', 'chat, plan'],
          ['$(organization) Company…', 'any'],
          ['$(search) Search…', 'any'],
          ['$(list-ordered) Sort…', 'updated_at desc'],
          ['$(list-flat) Page size…', '10'],
          ['$(clear-all) Clear filters', undefined],
        ],
      );
      assert.deepEqual(written(), before);
    });

    it('Status: the statuses seen are offered; the one picked is written to the user settings', async () => {
      register({ statuses: ['running', 'waiting_for_input'] });
      const seen = picks(/Status/, 'Waiting for input');
      await run('pgai.filterSessions');
      assert.deepEqual(seen[1].items.map((i) => i.label), ['Any status', 'Running', 'Waiting for input', '$(edit) Type a status…']);
      assert.deepEqual(written(), { user: { [KEY('filter.status')]: 'waiting_for_input' }, workspace: {} });
    });

    it('Status: a typed status is trimmed; an input dismissed writes nothing', async () => {
      register();
      picks(/Status/, /Type a status/);
      const seen = inputs('  archived ');
      await run('pgai.filterSessions');
      assert.equal(seen[0].options.value, '', 'starts from the current (empty) status');
      assert.deepEqual(written().user, { [KEY('filter.status')]: 'archived' });
      picks(/Status/, /Type a status/);
      inputs(undefined);
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.status')]: 'archived' }, 'unchanged');
    });

    it('Status: Any status writes the empty filter', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running');
      register();
      picks(/Status/, 'Any status');
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.status')]: '' });
    });

    it('Types: several can be picked, the current ones come picked; none picked writes []', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.types), ['email']);
      register();
      let options: { canPickMany?: boolean } = {};
      const seen = picks(/Types/, (items, o) => {
        options = o;
        return items.filter((i) => /Chat|Plan/.test(i.label));
      });
      await run('pgai.filterSessions');
      assert.equal(options.canPickMany, true);
      const typeItems = seen[1].items;
      assert.deepEqual(typeItems.filter((i) => i.picked).map((i) => i.value), ['email'], 'the current type comes picked');
      assert.deepEqual(written().user[KEY('filter.type')], ['chat', 'plan']);
      picks(/Types/, () => []);
      await run('pgai.filterSessions');
      assert.deepEqual(written().user[KEY('filter.type')], []);
    });

    it('Company: the known ids are offered, the current one marked; a typed id must be a UUID', async () => {
      standIn.setConfiguration(KEY(SETTING_KEYS.companyId), COMPANY_A);
      register({ companies: [COMPANY_A, COMPANY_B] });
      const seen = picks(/Company/, /Enter a company UUID/);
      const typed = inputs('acme', ` ${COMPANY_B} `);
      await run('pgai.filterSessions');
      assert.deepEqual(seen[1].items.map((i) => [i.label, i.description]), [
        ['Any company', undefined],
        [COMPANY_A, 'current'],
        [COMPANY_B, undefined],
        ['$(edit) Enter a company UUID…', undefined],
      ]);
      assert.equal(typed[0].options.value, COMPANY_A, 'starts from the current company');
      assert.match(typed[1].validationMessage ?? '', /UUID/, '“acme” was refused, the box stayed open');
      assert.deepEqual(written().user, { [KEY('filter.companyId')]: COMPANY_B });
    });

    it('Company: a known id picked is written as it is', async () => {
      register({ companies: [COMPANY_B] });
      picks(/Company/, COMPANY_B);
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.companyId')]: COMPANY_B });
    });

    it('Search: trimmed; dismissed writes nothing', async () => {
      register();
      picks(/Search/);
      inputs('  quarterly report ');
      await run('pgai.filterSessions');
      assert.deepEqual(written().user, { [KEY('filter.search')]: 'quarterly report' });
      picks(/Search/);
      const seen = inputs(undefined);
      await run('pgai.filterSessions');
      assert.equal(seen[0].options.value, 'quarterly report', 'starts from the current search');
      assert.deepEqual(written().user, { [KEY('filter.search')]: 'quarterly report' }, 'unchanged');
    });

    it('Sort: both settings from one choice; the current one is marked', async () => {
      register();
      const seen = picks(/Sort/, 'Oldest first');
      await run('pgai.filterSessions');
      assert.equal(seen[1].items.find((i) => i.label === 'Recently updated first')?.description, 'current');
      assert.deepEqual(written().user, { [KEY('sortBy')]: 'created_at', [KEY('sortOrder')]: 'asc' });
    });

    it('Page size: the number picked', async () => {
      register();
      const seen = picks(/Page size/, '50');
      await run('pgai.filterSessions');
      assert.deepEqual(seen[1].items.map((i) => i.label), ['10', '25', '50']);
      assert.deepEqual(written().user, { [KEY('pageSize')]: 50 });
    });
  });

  describe('which scope is written', () => {
    it('a filter set in the workspace (a folder open) is changed there; the user’s value is left alone', async () => {
      standIn.vscode.workspace.workspaceFolders = [{ name: 'repo' }];
      standIn.setConfiguration(KEY(SETTING_KEYS.search), 'from the workspace', 'workspace');
      standIn.setConfiguration(KEY(SETTING_KEYS.search), 'mine');
      register();
      picks(/Search/);
      const seen = inputs('changed');
      await run('pgai.filterSessions');
      assert.equal(seen[0].options.value, 'from the workspace', 'the value in effect is the workspace’s');
      assert.deepEqual(written(), { user: { [KEY('filter.search')]: 'mine' }, workspace: { [KEY('filter.search')]: 'changed' } });
    });

    it('a filter not set in the workspace goes to the user settings, even with a folder open', async () => {
      standIn.vscode.workspace.workspaceFolders = [{ name: 'repo' }];
      standIn.setConfiguration(KEY(SETTING_KEYS.status), 'running', 'workspace');
      register();
      picks(/Search/);
      inputs('mine');
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
        picks(/Sort/, 'Title A → Z');
        await run('pgai.filterSessions');
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

    it('the Filter… item does the same', async () => {
      setAll();
      register();
      picks(/Clear filters/);
      await run('pgai.filterSessions');
      assert.deepEqual(written(), kept);
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
