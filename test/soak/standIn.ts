// Loads the vscode stand-in (test/support/vscode-stand-in.cjs) so that modules importing
// `vscode` run in plain Node. Import this module BEFORE any module that imports `vscode`.
import { createRequire } from 'node:module';
import type { SecretStore } from '../../src/core/keyStore';

interface StandInEmitter<T> {
  readonly event: (listener: (value: T) => void) => { dispose(): void };
  readonly listeners: Set<unknown>;
  fire(value: T): void;
  dispose(): void;
}

interface StandInContext {
  readonly subscriptions: { dispose(): void }[];
  readonly secrets: SecretStore;
  /** An in-memory Memento. */
  readonly globalState: { get(key: string): unknown; update(key: string, value: unknown): Promise<void> };
}

/** A notification as shown (showInformationMessage and its kin). */
export interface ShownMessage {
  readonly kind: 'information' | 'warning' | 'error';
  readonly message: string;
  readonly items: readonly unknown[];
  readonly options?: unknown;
}

export interface StandInQuickPickItem {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly picked?: boolean;
  readonly [extra: string]: unknown;
}

/** A createQuickPick()/createInputBox() as the extension configured it. */
export interface StandInQuickInput {
  readonly kind: 'quickPick' | 'inputBox';
  readonly visible: boolean;
  readonly title?: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly placeholder?: string;
  readonly value: string;
  readonly prompt?: string;
  readonly validationMessage?: string;
  readonly items: readonly StandInQuickPickItem[];
  readonly activeItems: readonly StandInQuickPickItem[];
  readonly buttons: readonly unknown[];
}

/** What the scripted user can do to a shown quick input. */
export interface QuickInputUser {
  readonly input: StandInQuickInput;
  type(text: string): void;
  accept(): void;
  pick(label: string | RegExp): void;
  trigger(button: unknown): void;
  escape(): void;
}

interface StandInProgress {
  readonly title?: string;
  readonly messages: string[];
  readonly done: boolean;
}

interface StandInUi {
  answerMessage: ((shown: ShownMessage) => unknown) | undefined;
  answerQuickPick: ((items: readonly StandInQuickPickItem[], options: { title?: string; placeHolder?: string; canPickMany?: boolean }) => unknown) | undefined;
  answerInputBox: ((options: { title?: string; value?: string; prompt?: string }, attempt: { attempt: number; validationMessage?: string }) => string | undefined | Promise<string | undefined>) | undefined;
  answerQuickInput: ((user: QuickInputUser) => void | Promise<void>) | undefined;
  readonly shown: { readonly kind: string; readonly [extra: string]: unknown }[];
  readonly progress: StandInProgress[];
  reset(): void;
}

/** A createStatusBarItem() as the extension set it. */
/** A createTreeView() result; `setVisible` and `select` stand in for the user. */
interface StandInTreeView {
  readonly visible: boolean;
  readonly selection: readonly unknown[];
  readonly badge?: { readonly value: number; readonly tooltip?: string };
  setVisible(visible: boolean): void;
  select(elements: readonly unknown[]): void;
}

interface StandInStatusBarItem {
  readonly id?: string;
  readonly name?: string;
  readonly text: string;
  readonly tooltip?: unknown;
  readonly command?: unknown;
  readonly accessibilityInformation?: { readonly label: string };
  readonly visible: boolean;
  readonly disposed: boolean;
}

export interface StandIn {
  readonly vscode: {
    readonly EventEmitter: new <T>() => StandInEmitter<T>;
    readonly commands: {
      executeCommand(id: string, ...args: unknown[]): Promise<unknown>;
      registerCommand(id: string, handler: (...args: never[]) => unknown): { dispose(): void };
    };
    readonly workspace: { workspaceFolders: readonly unknown[] | undefined };
    readonly window: {
      readonly state: { readonly focused: boolean };
      createTreeView(id: string, options: unknown): StandInTreeView;
      readonly tabGroups: { readonly activeTabGroup: { activeTab: { readonly input: unknown } | undefined } };
    };
    readonly TabInputCustom: new (uri: unknown, viewType: string) => unknown;
    readonly QuickInputButtons: { readonly Back: unknown };
  };
  /** A fresh ExtensionContext with in-memory secret storage (extension mode: production). */
  createContext(extensionPath?: string): StandInContext;
  /** Sets a user (or workspace) setting; onDidChangeConfiguration fires on the next turn. */
  setConfiguration(key: string, value: unknown, scope?: 'user' | 'workspace'): void;
  /** User and workspace settings by full key. */
  readonly settings: Map<string, unknown>;
  readonly workspaceSettings: Map<string, unknown>;
  /** The scripted user, and what was shown to them. */
  readonly ui: StandInUi;
  /** Every executeCommand call, in order. */
  readonly executedCommands: { readonly id: string; readonly args: readonly unknown[] }[];
  /** Context keys set with the built-in `setContext`. */
  readonly contextKeys: Map<string, unknown>;
  /** Every status bar item created, in order. */
  readonly statusBarItems: StandInStatusBarItem[];
  /** The user focuses (or leaves) the window; onDidChangeWindowState fires. */
  setWindowFocused(focused: boolean): void;
}

const requireHere = createRequire(__filename);
export const standIn = requireHere('../support/vscode-stand-in.cjs') as StandIn;
