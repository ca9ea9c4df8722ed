// One step of a multi-step quick input: a pick or a text box with a Back button, resolving once
// with what the user did (next with a value, back, or cancel), as VS Code's multi-step samples do.
import * as vscode from 'vscode';

export type StepOutcome<T> = { readonly kind: 'next'; readonly value: T } | { readonly kind: 'back' } | { readonly kind: 'cancel' };

export interface StepItem<T> extends vscode.QuickPickItem {
  readonly value?: T;
}

interface StepOptions {
  readonly title: string;
  readonly placeholder?: string;
  /** Shows the Back button. */
  readonly back?: boolean;
}

/**
 * Shows `input` and resolves once, with what `wire` settles or `hidden` when the user closes it;
 * the input is always disposed.
 */
export function settleOnce<O>(input: vscode.QuickInput, hidden: O, wire: (settle: (outcome: O) => void) => vscode.Disposable[]): Promise<O> {
  return new Promise((resolve) => {
    let settled = false;
    const disposables: vscode.Disposable[] = [];
    const settle = (outcome: O): void => {
      if (settled) return;
      settled = true;
      for (const d of disposables) d.dispose();
      input.dispose();
      resolve(outcome);
    };
    disposables.push(input.onDidHide(() => settle(hidden)), ...wire(settle));
    input.show();
  });
}

/** A pick; `canPickMany` resolves with every selected item's value. */
export function pickStep<T>(items: readonly StepItem<T>[], options: StepOptions & { readonly canPickMany?: false; readonly active?: StepItem<T> }): Promise<StepOutcome<T>>;
export function pickStep<T>(items: readonly StepItem<T>[], options: StepOptions & { readonly canPickMany: true }): Promise<StepOutcome<T[]>>;
export function pickStep<T>(
  items: readonly StepItem<T>[],
  options: StepOptions & { readonly canPickMany?: boolean; readonly active?: StepItem<T> },
): Promise<StepOutcome<T> | StepOutcome<T[]>> {
  const pick = vscode.window.createQuickPick<StepItem<T>>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.canSelectMany = options.canPickMany === true;
  pick.matchOnDescription = true;
  pick.items = items;
  if (options.canPickMany) pick.selectedItems = items.filter((i) => i.picked);
  else if (options.active) pick.activeItems = [options.active];
  if (options.back) pick.buttons = [vscode.QuickInputButtons.Back];
  return settleOnce<StepOutcome<T> | StepOutcome<T[]>>(pick, { kind: 'cancel' }, (settle) => [
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) settle({ kind: 'back' });
    }),
    pick.onDidAccept(() => {
      if (options.canPickMany) {
        settle({ kind: 'next', value: pick.selectedItems.flatMap((i) => (i.value === undefined ? [] : [i.value])) });
        return;
      }
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (item?.value !== undefined) settle({ kind: 'next', value: item.value });
    }),
  ]);
}

/** A text box; Enter is refused (with the message shown) while `validate` returns one. */
export function textStep(options: StepOptions & { readonly value: string; readonly prompt?: string; readonly validate?: (text: string) => string | undefined }): Promise<StepOutcome<string>> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.value = options.value;
  box.valueSelection = [0, options.value.length];
  box.placeholder = options.placeholder;
  box.prompt = options.prompt;
  if (options.back) box.buttons = [vscode.QuickInputButtons.Back];
  return settleOnce<StepOutcome<string>>(box, { kind: 'cancel' }, (settle) => [
    box.onDidChangeValue((text) => {
      box.validationMessage = options.validate?.(text);
    }),
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) settle({ kind: 'back' });
    }),
    box.onDidAccept(() => {
      const problem = options.validate?.(box.value);
      box.validationMessage = problem;
      if (problem === undefined) settle({ kind: 'next', value: box.value });
    }),
  ]);
}
