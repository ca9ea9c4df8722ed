// "Filter…", "Clear Filters" and "Group Sessions By…": quick picks that write the
// `pgai.sessions.*` settings. The view follows the settings (see register.ts), so there is one
// source of truth and filters survive reloads and can be edited in settings.json too.
import * as vscode from 'vscode';
import { validateCompanyId } from '../../core/createFlow';
import { GROUP_BY_VALUES, SETTING_KEYS, type GroupBy } from '../../core/sessions/sessionsSettings';
import { humaniseStatus } from '../../core/sessions/statusInfo';
import { TYPE_CHOICES } from '../../core/sessions/typeInfo';
import type { SessionsTreeProvider } from './provider';
import { clearSetting, writeSetting } from './configuration';


type Pick<T> = vscode.QuickPickItem & { value: T };

async function pickStatus(provider: SessionsTreeProvider): Promise<void> {
  const current = provider.currentSettings.filter.status;
  const items: Pick<string | null>[] = [
    { label: 'Any status', value: '', picked: current === '' },
    ...provider.seenStatuses().map((s) => ({ label: humaniseStatus(s), description: s, value: s })),
    { label: '$(edit) Type a status…', value: null },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter sessions by status', placeHolder: current ? `Now: ${current}` : 'Statuses seen in loaded sessions' });
  if (!picked) return;
  let value = picked.value;
  if (value === null) {
    value = (await vscode.window.showInputBox({ title: 'Status to show (sent to PG:AI as `status`)', value: current, prompt: 'Empty shows every status.' })) ?? null;
    if (value === null) return;
  }
  await writeSetting(SETTING_KEYS.status, value.trim());
}

async function pickTypes(provider: SessionsTreeProvider): Promise<void> {
  const current = new Set<string>(provider.currentSettings.filter.types);
  const picked = await vscode.window.showQuickPick(
    TYPE_CHOICES.map((t) => ({ label: `$(${t.icon}) ${t.label}`, description: t.description, value: t.key, picked: current.has(t.key) })),
    { title: 'Show these session types (none picked = all)', canPickMany: true },
  );
  if (!picked) return;
  await writeSetting(SETTING_KEYS.types, picked.map((p) => p.value));
}

async function pickCompany(provider: SessionsTreeProvider): Promise<void> {
  const current = provider.currentSettings.filter.companyId;
  const items: Pick<string | null>[] = [
    { label: 'Any company', value: '' },
    ...provider.knownCompanyIds().map((id) => ({ label: id, description: id === current ? 'current' : undefined, value: id })),
    { label: '$(edit) Enter a company UUID…', value: null },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Filter sessions by company', placeHolder: 'Company ids seen in loaded sessions' });
  if (!picked) return;
  let value = picked.value;
  if (value === null) {
    value =
      (await vscode.window.showInputBox({
        title: 'Company UUID',
        value: current,
        validateInput: (text) => validateCompanyId(text),
      })) ?? null;
    if (value === null) return;
  }
  await writeSetting(SETTING_KEYS.companyId, value.trim());
}

async function inputSearch(provider: SessionsTreeProvider): Promise<void> {
  const value = await vscode.window.showInputBox({ title: 'Search sessions (sent to PG:AI as `search`)', value: provider.currentSettings.filter.search, prompt: 'Empty shows all.' });
  if (value !== undefined) await writeSetting(SETTING_KEYS.search, value.trim());
}

async function pickSort(provider: SessionsTreeProvider): Promise<void> {
  const { sortBy, sortOrder } = provider.currentSettings;
  const options: Array<[string, string, string]> = [
    ['updated_at', 'desc', 'Recently updated first'],
    ['updated_at', 'asc', 'Least recently updated first'],
    ['created_at', 'desc', 'Newest first'],
    ['created_at', 'asc', 'Oldest first'],
    ['title', 'asc', 'Title A → Z'],
    ['title', 'desc', 'Title Z → A'],
  ];
  const picked = await vscode.window.showQuickPick(
    options.map(([by, order, label]) => ({ label, description: by === sortBy && order === sortOrder ? 'current' : `${by} ${order}`, value: [by, order] as const })),
    { title: 'Sort sessions' },
  );
  if (!picked) return;
  await writeSetting(SETTING_KEYS.sortBy, picked.value[0]);
  await writeSetting(SETTING_KEYS.sortOrder, picked.value[1]);
}

async function pickPageSize(provider: SessionsTreeProvider): Promise<void> {
  const current = provider.currentSettings.pageSize;
  const picked = await vscode.window.showQuickPick(
    [10, 25, 50].map((n) => ({ label: String(n), description: n === current ? 'current' : undefined, value: n })),
    { title: 'Sessions per page (and per "Load more")' },
  );
  if (picked) await writeSetting(SETTING_KEYS.pageSize, picked.value);
}

async function clearFilters(): Promise<void> {
  for (const key of [SETTING_KEYS.status, SETTING_KEYS.types, SETTING_KEYS.companyId, SETTING_KEYS.search]) await clearSetting(key);
}

async function filterSessions(provider: SessionsTreeProvider): Promise<void> {
  const s = provider.currentSettings;
  const describe = (value: string) => (value === '' ? 'any' : value);
  const steps: Pick<() => Promise<void>>[] = [
    { label: '$(circle-outline) Status…', description: describe(s.filter.status), value: () => pickStatus(provider) },
    { label: '$(symbol-class) Types…', description: s.filter.types.length === 0 ? 'all' : s.filter.types.join(', '), value: () => pickTypes(provider) },
    { label: '$(organization) Company…', description: describe(s.filter.companyId), value: () => pickCompany(provider) },
    { label: '$(search) Search…', description: describe(s.filter.search), value: () => inputSearch(provider) },
    { label: '$(list-ordered) Sort…', description: `${s.sortBy} ${s.sortOrder}`, value: () => pickSort(provider) },
    { label: '$(list-flat) Page size…', description: String(s.pageSize), value: () => pickPageSize(provider) },
    { label: '$(clear-all) Clear filters', value: clearFilters },
  ];
  const picked = await vscode.window.showQuickPick(steps, { title: 'Filter PG:AI sessions' });
  if (picked) await picked.value();
}

const GROUP_LABELS: Readonly<Record<GroupBy, string>> = {
  typeThenStatus: 'Type, then status',
  statusThenType: 'Status, then type',
  type: 'Type',
  status: 'Status',
  none: 'No grouping',
};

async function groupSessionsBy(provider: SessionsTreeProvider): Promise<void> {
  const current = provider.currentSettings.groupBy;
  const picked = await vscode.window.showQuickPick(
    GROUP_BY_VALUES.map((value) => ({ label: GROUP_LABELS[value], description: value === current ? 'current' : undefined, value })),
    { title: 'Group PG:AI sessions by' },
  );
  if (picked) await writeSetting(SETTING_KEYS.groupBy, picked.value);
}

export function registerFilterCommands(context: vscode.ExtensionContext, provider: SessionsTreeProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pgai.filterSessions', () => filterSessions(provider)),
    // The same menu behind the filled filter icon shown while filters are active.
    vscode.commands.registerCommand('pgai.filterSessionsActive', () => filterSessions(provider)),
    vscode.commands.registerCommand('pgai.clearFilters', clearFilters),
    vscode.commands.registerCommand('pgai.groupSessionsBy', () => groupSessionsBy(provider)),
  );
}
