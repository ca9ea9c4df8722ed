// The multi-step "Create PG:AI Session" quick input: type → title → company, with a step counter,
// a Back button, Escape to cancel and everything usable by keyboard. The state lives in the
// pure CreateFlow (src/core/createFlow.ts); this file only draws it. A step that cannot go on
// says why where the user looks (the input's validation message or prompt), never silently.
import * as vscode from 'vscode';
import { settleOnce } from '../quickInput';
import { isSessionType, type SessionType } from '../../api/types';
import { CreateFlow, DEFAULT_TITLE, isUuid, validateCompanyId, type CreatePrefill, type CreateValues } from '../../core/createFlow';
import { TYPE_CHOICES } from '../../core/sessions/typeInfo';

const CREATE_TITLE = 'Create PG:AI Session';

export interface CompanyChoices {
  /** Companies seen in loaded sessions. */
  readonly known: readonly string[];
  /** The current company filter, if any. */
  readonly filter?: string;
  /** Companies used last on this API, most recent first. */
  readonly recent?: readonly string[];
  /** What says which company an id is (its latest session), by lower-case id. */
  readonly hints?: ReadonlyMap<string, string>;
}

type StepOutcome<T> = { readonly kind: 'next'; readonly value: T } | { readonly kind: 'back'; readonly value: T } | { readonly kind: 'cancel' };

/** An example title: the placeholder shows what a good one looks like. */
const TITLE_EXAMPLE = 'e.g. Competitive analysis: Acme vs Globex';

/**
 * Runs the flow; resolves with the values, or undefined when the user cancelled. `titleMax`: the
 * longest title PG:AI accepts, when known (checked as you type); `locale` for its numbers.
 */
export async function collectCreateValues(
  start: { readonly type?: SessionType; readonly prefill?: CreatePrefill; readonly titleMax?: number; readonly locale?: string },
  companies: CompanyChoices,
): Promise<CreateValues | undefined> {
  const flow = new CreateFlow(start);
  let refused: string | undefined;
  while (!flow.done) {
    // A value the flow refused is shown on the step it stays on; else the pending message, once.
    const message = refused ?? flow.takeMessage();
    refused = undefined;
    switch (flow.step) {
      case 'type': {
        const outcome = await pickType(flow, message);
        if (outcome.kind === 'cancel') return undefined;
        flow.next({ type: outcome.value });
        break;
      }
      case 'title': {
        const outcome = await inputTitle(flow, message);
        if (outcome.kind === 'cancel') return undefined;
        if (outcome.kind === 'back') flow.back({ title: outcome.value });
        else refused = flow.next({ title: outcome.value });
        break;
      }
      case 'company': {
        const outcome = await pickCompany(flow, companies, message);
        if (outcome.kind === 'cancel') return undefined;
        if (outcome.kind === 'back') flow.back({ companyId: outcome.value });
        else refused = flow.next({ companyId: outcome.value });
        break;
      }
    }
  }
  return flow.values;
}

function decorate(input: vscode.QuickInput, flow: CreateFlow): void {
  input.title = CREATE_TITLE;
  input.step = flow.stepNumber;
  input.totalSteps = flow.totalSteps;
  input.ignoreFocusOut = true;
}

/** Shows `input`, wires hide → cancel, and resolves once; always disposes the input. */
function run<T>(
  input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
  wire: (settle: (outcome: StepOutcome<T>) => void) => vscode.Disposable[],
): Promise<StepOutcome<T>> {
  return settleOnce<StepOutcome<T>>(input, { kind: 'cancel' }, wire);
}

interface TypeItem extends vscode.QuickPickItem {
  readonly type: SessionType;
}

function pickType(flow: CreateFlow, message: string | undefined): Promise<StepOutcome<SessionType>> {
  const pick = vscode.window.createQuickPick<TypeItem>();
  decorate(pick, flow);
  pick.placeholder = message ? `${message} (pick the session type)` : 'Pick the session type';
  pick.matchOnDescription = true;
  pick.items = TYPE_CHOICES.map((info) => ({
    type: info.key,
    label: `$(${info.icon}) ${info.label}`,
    description: info.description,
  }));
  const preselected = pick.items.find((item) => item.type === flow.values.type);
  if (preselected) pick.activeItems = [preselected];
  return run<SessionType>(pick, (settle) => [
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (item && isSessionType(item.type)) settle({ kind: 'next', value: item.type });
    }),
  ]);
}

function inputTitle(flow: CreateFlow, message: string | undefined): Promise<StepOutcome<string>> {
  const box = vscode.window.createInputBox();
  decorate(box, flow);
  box.value = flow.values.title;
  box.valueSelection = [box.value.length, box.value.length];
  box.placeholder = TITLE_EXAMPLE;
  box.prompt = `Session title (optional): left empty, PG:AI names it "${DEFAULT_TITLE}".`;
  box.buttons = [vscode.QuickInputButtons.Back];
  // The server's words after a 400 (once), else what the known title limit says.
  box.validationMessage = message ?? flow.titleProblem(box.value);
  return run<string>(box, (settle) => [
    box.onDidChangeValue((value) => {
      box.validationMessage = flow.titleProblem(value);
    }),
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) settle({ kind: 'back', value: box.value });
    }),
    box.onDidAccept(() => {
      const problem = flow.titleProblem(box.value);
      if (problem !== undefined) {
        box.validationMessage = problem; // stays open and says why
        return;
      }
      settle({ kind: 'next', value: box.value });
    }),
  ]);
}

interface CompanyItem extends vscode.QuickPickItem {
  /** The company id this item stands for ('' = no company); undefined for the invalid-text item. */
  readonly companyId: string | undefined;
}

/** One codicon per kind of row, so a row's kind reads at a glance. */
const COMPANY_ICONS = { typed: 'edit', none: 'circle-slash', filter: 'filter', recent: 'history', known: 'organization', invalid: 'warning' } as const;

const NO_COMPANY: CompanyItem = {
  label: `$(${COMPANY_ICONS.none}) No company`,
  description: 'Not scoped to a company',
  companyId: '',
};

function companyItems(companies: CompanyChoices, typed: string): CompanyItem[] {
  const items: CompanyItem[] = [];
  const seen = new Set<string>();
  // The hint (its latest session) is the description, so typing part of a title finds a company.
  const add = (id: string, icon: string, description: string, alwaysShow = false): void => {
    const key = id.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const hint = companies.hints?.get(key);
    items.push({ label: `$(${icon}) ${id}`, description: hint ? `${description} · ${hint}` : description, companyId: id, alwaysShow });
  };
  const text = typed.trim();
  const problem = text === '' ? undefined : validateCompanyId(text);
  const known = [companies.filter, ...companies.known].filter((id): id is string => id !== undefined && isUuid(id)).map((id) => id.trim());
  if (text !== '' && problem === undefined && !known.some((id) => id.toLowerCase() === text.toLowerCase())) {
    add(text, COMPANY_ICONS.typed, 'Typed company ID', true);
  }
  items.push(NO_COMPANY);
  if (companies.filter && isUuid(companies.filter)) add(companies.filter.trim(), COMPANY_ICONS.filter, 'Current company filter');
  for (const id of companies.recent ?? []) add(id, COMPANY_ICONS.recent, 'Used recently');
  for (const id of known) add(id, COMPANY_ICONS.known, 'In loaded sessions');
  if (problem !== undefined) {
    // Short: after Enter the prompt above the list gives the whole reason (an example UUID).
    items.push({ label: `$(${COMPANY_ICONS.invalid}) Not a company UUID: ${text}`, detail: 'Type a whole company UUID, or clear the text for "No company".', alwaysShow: true, companyId: undefined });
  }
  return items;
}

/**
 * QuickPick's `prompt` (a line under the input, like an input box's): in VS Code's API since
 * after the 1.98 this extension's types target; older versions ignore it, and the warning row
 * says the same there.
 */
type PromptedQuickPick<T extends vscode.QuickPickItem> = vscode.QuickPick<T> & { prompt?: string };

function pickCompany(flow: CreateFlow, companies: CompanyChoices, message: string | undefined): Promise<StepOutcome<string>> {
  const pick: PromptedQuickPick<CompanyItem> = vscode.window.createQuickPick<CompanyItem>();
  decorate(pick, flow);
  // The placeholder shows only while the input is empty; what must be read goes in the prompt.
  pick.placeholder = 'Pick a company, type a company UUID, or choose "No company"';
  const basePrompt = 'Optional: the company the session is about.';
  pick.prompt = message ?? basePrompt;
  pick.matchOnDescription = true;
  pick.buttons = [vscode.QuickInputButtons.Back];
  const prefilled = flow.values.companyId.trim();
  const listed = companyItems(companies, '');
  const match = listed.find((item) => item.companyId !== undefined && item.companyId.toLowerCase() === prefilled.toLowerCase());
  if (match) {
    pick.items = listed;
    pick.activeItems = [match];
  } else {
    pick.value = flow.values.companyId;
    pick.items = companyItems(companies, pick.value);
  }
  return run<string>(pick, (settle) => [
    pick.onDidChangeValue((value) => {
      pick.items = companyItems(companies, value);
      // After a refused Enter the reason stays until the text is a valid id (or empty).
      if (pick.prompt !== basePrompt) pick.prompt = validateCompanyId(value) ?? basePrompt;
    }),
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) {
        const active = pick.activeItems[0];
        settle({ kind: 'back', value: pick.value.trim() !== '' ? pick.value : (active?.companyId ?? flow.values.companyId) });
      }
    }),
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item || item.companyId === undefined) {
        pick.prompt = validateCompanyId(pick.value) ?? basePrompt;
        return; // stays open: the typed text is not a UUID
      }
      settle({ kind: 'next', value: item.companyId });
    }),
  ]);
}
