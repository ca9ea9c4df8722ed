// "Filter…", "Clear Filters", "Sort…" and "Group Sessions By…": quick picks that write the
// `pgai.sessions.*` settings. The view follows the settings (see register.ts), so there is one
// source of truth and filters survive reloads and can be edited in settings.json too.
import * as vscode from 'vscode';
import { validateCompanyId } from '../../core/createFlow';
import { filtersActive, GROUP_BY_VALUES, SETTING_KEYS, type GroupBy } from '../../core/sessions/sessionsSettings';
import { pickStep, textStep, type StepItem, type StepOutcome } from '../quickInput';
import { humaniseStatus } from '../../core/sessions/statusInfo';
import { TYPE_CHOICES } from '../../core/sessions/typeInfo';
import type { SessionsTreeProvider } from './provider';
import { clearSetting, readSessionsSettings, writeSetting } from './configuration';


type Step = 'done' | 'back' | 'cancel';

/** What a sub-step's outcome means for the menu: a value written, Back, or Escape. */
async function settle<T>(outcome: StepOutcome<T>, write: (value: T) => Promise<void>): Promise<Step> {
  if (outcome.kind !== 'next') return outcome.kind;
  await write(outcome.value);
  return 'done';
}

function statusLabel(status: string): string {
  return status === '' ? 'Any status' : humaniseStatus(status);
}

async function pickStatus(provider: SessionsTreeProvider, current: string): Promise<Step> {
  const typed = '\u0000typed';
  const items: StepItem<string>[] = [
    { label: 'Any status', value: '', ...(current === '' ? { description: 'current' } : {}) },
    ...provider.seenStatuses().map((s) => ({ label: humaniseStatus(s), description: s === current ? 'current' : undefined, value: s })),
    { label: '$(edit) Type a status…', description: 'for one not seen in the loaded sessions', value: typed },
  ];
  const outcome = await pickStep(items, { title: 'Filter by Status', placeholder: 'Statuses seen in the loaded sessions', back: true });
  if (outcome.kind === 'next' && outcome.value === typed) {
    const text = await textStep({ title: 'Filter by Status', value: current, prompt: 'The status as PG:AI names it, for example waiting_for_input. Empty shows every status.', back: true });
    return settle(text, (value) => writeSetting(SETTING_KEYS.status, value.trim()));
  }
  return settle(outcome, (value) => writeSetting(SETTING_KEYS.status, value));
}

async function pickTypes(current: readonly string[]): Promise<Step> {
  const chosen = new Set(current);
  const outcome = await pickStep(
    TYPE_CHOICES.map((t) => ({ label: `$(${t.icon}) ${t.label}`, description: t.description, value: t.key, picked: chosen.has(t.key) })),
    { title: 'Filter by Type', placeholder: 'Pick the types to show; none picked shows every type', canPickMany: true, back: true },
  );
  return settle(outcome, (value) => writeSetting(SETTING_KEYS.types, value));
}

async function pickCompany(provider: SessionsTreeProvider, current: string): Promise<Step> {
  const typed = '\u0000typed';
  const items: StepItem<string>[] = [
    { label: 'Any company', value: '', ...(current === '' ? { description: 'current' } : {}) },
    ...provider.knownCompanyIds().map((id) => ({ label: id, description: id === current ? 'current' : undefined, value: id })),
    { label: '$(edit) Enter a company ID…', value: typed },
  ];
  const outcome = await pickStep(items, { title: 'Filter by Company', placeholder: 'Companies of the loaded sessions', back: true });
  if (outcome.kind === 'next' && outcome.value === typed) {
    const text = await textStep({ title: 'Filter by Company', value: current, prompt: 'The company ID (a UUID). Empty shows every company.', validate: (t) => validateCompanyId(t), back: true });
    return settle(text, (value) => writeSetting(SETTING_KEYS.companyId, value.trim()));
  }
  return settle(outcome, (value) => writeSetting(SETTING_KEYS.companyId, value));
}

async function inputSearch(current: string): Promise<Step> {
  const outcome = await textStep({ title: 'Search Sessions', value: current, prompt: 'PG:AI searches the sessions for this text. Empty shows all.', back: true });
  return settle(outcome, (value) => writeSetting(SETTING_KEYS.search, value.trim()));
}

async function clearFilters(): Promise<void> {
  for (const key of [SETTING_KEYS.status, SETTING_KEYS.types, SETTING_KEYS.companyId, SETTING_KEYS.search]) await clearSetting(key);
}

type Filter = 'status' | 'types' | 'company' | 'search' | 'clear';

/**
 * The filter menu: each filter with its current value; a choice opens its step (with Back), and
 * after it the menu comes back with the new values, until Escape. Clear Filters is in the menu.
 */
async function filterSessions(provider: SessionsTreeProvider): Promise<void> {
  for (;;) {
    // Read from the settings, not the view: the view applies them after a short delay.
    const settings = readSessionsSettings();
    const { filter } = settings;
    const types = filter.types.map((t) => TYPE_CHOICES.find((c) => c.key === t)?.label ?? t);
    const items: StepItem<Filter>[] = [
      { label: '$(circle-outline) Status', description: statusLabel(filter.status), value: 'status' },
      { label: '$(symbol-class) Type', description: types.length === 0 ? 'Every type' : types.join(', '), value: 'types' },
      { label: '$(organization) Company', description: filter.companyId || 'Any company', value: 'company' },
      { label: '$(search) Search', description: filter.search ? `“${filter.search}”` : 'None', value: 'search' },
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(clear-all) Clear Filters', description: filtersActive(settings) ? undefined : 'no filter is set', value: 'clear' },
    ];
    const chosen = await pickStep(items, { title: 'Filter PG:AI Sessions', placeholder: 'Pick a filter to change' });
    if (chosen.kind !== 'next') return;
    let step: Step;
    switch (chosen.value) {
      case 'clear':
        await clearFilters();
        continue;
      case 'status':
        step = await pickStatus(provider, filter.status);
        break;
      case 'types':
        step = await pickTypes(filter.types);
        break;
      case 'company':
        step = await pickCompany(provider, filter.companyId);
        break;
      case 'search':
        step = await inputSearch(filter.search);
        break;
    }
    if (step === 'cancel') return;
  }
}

const SORTS: ReadonlyArray<{ readonly by: string; readonly order: 'asc' | 'desc'; readonly label: string }> = [
  { by: 'updated_at', order: 'desc', label: 'Recently updated first' },
  { by: 'updated_at', order: 'asc', label: 'Least recently updated first' },
  { by: 'created_at', order: 'desc', label: 'Newest first' },
  { by: 'created_at', order: 'asc', label: 'Oldest first' },
  { by: 'title', order: 'asc', label: 'Title, A to Z' },
  { by: 'title', order: 'desc', label: 'Title, Z to A' },
];

/** Sort order and page size: how the list is read, apart from what it holds (the filters). */
async function sortSessions(): Promise<void> {
  const { sortBy, sortOrder, pageSize } = readSessionsSettings();
  type Choice = { readonly sort: (typeof SORTS)[number] } | { readonly pageSize: number };
  const items: StepItem<Choice>[] = [
    { label: 'Sort', kind: vscode.QuickPickItemKind.Separator },
    ...SORTS.map((sort) => ({ label: sort.label, description: sort.by === sortBy && sort.order === sortOrder ? 'current' : undefined, value: { sort } })),
    { label: 'Sessions per page', kind: vscode.QuickPickItemKind.Separator },
    ...[10, 25, 50].map((n) => ({ label: `${n} per page`, description: n === pageSize ? 'current' : undefined, value: { pageSize: n } })),
  ];
  const current = items.find((i) => i.description === 'current' && i.value !== undefined && 'sort' in i.value);
  const outcome = await pickStep(items, { title: 'Sort PG:AI Sessions', ...(current ? { active: current } : {}) });
  if (outcome.kind !== 'next') return;
  if ('sort' in outcome.value) {
    await writeSetting(SETTING_KEYS.sortBy, outcome.value.sort.by);
    await writeSetting(SETTING_KEYS.sortOrder, outcome.value.sort.order);
  } else {
    await writeSetting(SETTING_KEYS.pageSize, outcome.value.pageSize);
  }
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
    vscode.commands.registerCommand('pgai.sortSessions', sortSessions),
  );
}
