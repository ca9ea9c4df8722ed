// A minimal stand-in for the `vscode` module, for running the VS Code layer in plain Node: the
// manifest test (every declared command is registered), the activation benchmark, and the
// stateful test (the real connection, tree provider and commands against the sandbox).
// Require this file first; it makes `require('vscode')` resolve to the stand-in.
// What it models, it models as VS Code behaves: user and workspace settings with change events,
// commands that run their handlers (and the built-in `setContext`), secret storage whose change
// events arrive later (as from another window), and a scripted user (`ui`) who answers
// notifications, quick picks, input boxes and quick inputs the way the tests tell it to; tree
// views that can be shown, hidden and selected in, status bar items, the window's focus and the
// active editor tab.
// Anything not modelled returns an inert, disposable value.
'use strict';
const Module = require('node:module');

const registeredCommands = [];
const commandHandlers = new Map();
const createdViews = [];

/** A value that tolerates any property access or call and is disposable. */
function inert() {
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === 'dispose') return () => undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      return inert();
    },
    apply: () => inert(),
    construct: () => inert(),
  });
}

class Disposable {
  constructor(fn) { this.fn = fn; }
  static from(...items) { return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose())); }
  dispose() { if (this.fn) this.fn(); this.fn = undefined; }
}

class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (listener) => { this.listeners.add(listener); return new Disposable(() => this.listeners.delete(listener)); }; }
  fire(value) { for (const l of [...this.listeners]) l(value); }
  dispose() { this.listeners.clear(); }
}

const noEvent = () => new Disposable();

class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
ThemeIcon.File = new ThemeIcon('file');
ThemeIcon.Folder = new ThemeIcon('folder');
class ThemeColor { constructor(id) { this.id = id; } }
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class MarkdownString {
  constructor(value = '', supportThemeIcons = false) { this.value = value; this.supportThemeIcons = supportThemeIcons; this.isTrusted = false; this.supportHtml = false; }
  appendText(text) { this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&'); return this; }
  appendMarkdown(text) { this.value += text; return this; }
  appendCodeblock(code, lang = '') { this.value += `\n\`\`\`${lang}\n${code}\n\`\`\`\n`; return this; }
}
class Uri {
  constructor(scheme, authority, path, query, fragment) { Object.assign(this, { scheme, authority, path, query, fragment }); }
  static parse(value) { const u = new URL(value); return new Uri(u.protocol.slice(0, -1), u.host, u.pathname, u.search.slice(1), u.hash.slice(1)); }
  static file(path) { return new Uri('file', '', path, '', ''); }
  static from(c) { return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? ''); }
  static joinPath(base, ...parts) { return new Uri(base.scheme, base.authority, [base.path, ...parts].join('/'), '', ''); }
  with(change) { return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment); }
  toString() { return `${this.scheme}://${this.authority}${this.path}${this.query ? '?' + this.query : ''}`; }
  get fsPath() { return this.path; }
}
class TabInputText { constructor(uri) { this.uri = uri; } }
class TabInputCustom { constructor(uri, viewType) { this.uri = uri; this.viewType = viewType; } }
class CancellationTokenSource { constructor() { this.token = { isCancellationRequested: false, onCancellationRequested: noEvent }; } cancel() { this.token.isCancellationRequested = true; } dispose() {} }

/** User settings by full key ("pgai.apiBaseUrl"); changes fire onDidChangeConfiguration, later. */
const settings = new Map();
/** Workspace settings (.vscode/settings.json or the .code-workspace file), by full key. */
const workspaceSettings = new Map();
const configurationChanged = new EventEmitter();

function affects(changedKey) {
  return (section) => changedKey === section || changedKey.startsWith(`${section}.`) || section.startsWith(`${changedKey}.`);
}

/**
 * Sets a setting as the Settings editor (or another window) would; the event follows. `scope`:
 * 'user' (default) or 'workspace'.
 */
function setConfiguration(key, value, scope = 'user') {
  const store = scope === 'workspace' ? workspaceSettings : settings;
  if (value === undefined) store.delete(key);
  else store.set(key, value);
  setImmediate(() => configurationChanged.fire({ affectsConfiguration: affects(key) }));
}

const TARGET = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };

function configuration(section) {
  const full = (key) => (section ? `${section}.${key}` : key);
  // As in VS Code: a workspace value wins over the user's (no folder scope is modelled).
  const effective = (key) => (workspaceSettings.has(full(key)) ? workspaceSettings.get(full(key)) : settings.get(full(key)));
  const defined = (key) => workspaceSettings.has(full(key)) || settings.has(full(key));
  return {
    get: (key, fallback) => (defined(key) ? effective(key) : fallback),
    has: (key) => defined(key),
    inspect: (key) => ({ key: full(key), globalValue: settings.get(full(key)), workspaceValue: workspaceSettings.get(full(key)) }),
    // VS Code's targets: true or Global = user settings; false, undefined or Workspace = the
    // workspace's (for a setting that is not resource-scoped), which fails with no workspace open.
    update: async (key, value, target) => {
      const global = target === true || target === TARGET.Global;
      if (!global && !vscode.workspace.workspaceFolders?.length) {
        throw new Error('Unable to write to Workspace Settings because no workspace is opened. Please open a workspace first and try again.');
      }
      setConfiguration(full(key), value, global ? 'user' : 'workspace');
    },
  };
}

/** Recorded by the stand-in, for the tests: every command run and the context keys set. */
const executedCommands = [];
const contextKeys = new Map();

/**
 * The scripted user. A test sets the `answer*` functions (each may return a promise); an unset
 * one dismisses (Escape), as a user who closes it would. Everything shown is appended to `shown`.
 */
const ui = {
  /** { kind: 'information' | 'warning' | 'error', message, items, options } → one of items, or undefined. */
  answerMessage: undefined,
  /** (items, options) → an item of items (an array of them with canPickMany), or undefined. */
  answerQuickPick: undefined,
  /** (options, { attempt, validationMessage }) → the text entered, or undefined. */
  answerInputBox: undefined,
  /** (user) → void: acts on a shown createQuickPick/createInputBox through `user` (see QuickInputUser). */
  answerQuickInput: undefined,
  /** Everything shown, in order: { kind, ... }. */
  shown: [],
  /** Progress shown with withProgress: { title, location, messages, done }. */
  progress: [],
  reset() {
    this.answerMessage = this.answerQuickPick = this.answerInputBox = this.answerQuickInput = undefined;
    this.shown.length = 0;
    this.progress.length = 0;
    executedCommands.length = 0;
  },
};

function isMessageItem(value) {
  return typeof value === 'string' || (typeof value === 'object' && value !== null && 'title' in value);
}

/** showInformationMessage(message, options?, ...items): resolves with the item chosen, or undefined. */
function message(kind) {
  return async (text, ...rest) => {
    const options = rest.length > 0 && !isMessageItem(rest[0]) ? rest.shift() : undefined;
    const shown = { kind, message: text, items: rest, options };
    ui.shown.push(shown);
    const answer = ui.answerMessage ? await ui.answerMessage(shown) : undefined;
    if (answer !== undefined && !rest.includes(answer)) throw new Error(`stand-in: the scripted answer ${JSON.stringify(answer)} is not one of ${JSON.stringify(rest)}`);
    return answer;
  };
}

async function showQuickPick(items, options = {}) {
  const list = [...(await items)];
  const shown = { kind: 'quickPick', items: list, options };
  ui.shown.push(shown);
  const answer = ui.answerQuickPick ? await ui.answerQuickPick(list, options) : undefined;
  if (answer === undefined) return undefined;
  const answers = options.canPickMany ? answer : [answer];
  if (!Array.isArray(answers) || answers.some((a) => !list.includes(a))) throw new Error('stand-in: the scripted quick pick answer is not among the items');
  return answer;
}

/** As VS Code: a value that validateInput refuses cannot be accepted; the box stays open. */
async function showInputBox(options = {}) {
  const shown = { kind: 'inputBox', options, refused: [] };
  ui.shown.push(shown);
  let validationMessage;
  for (let attempt = 1; ; attempt++) {
    const answer = ui.answerInputBox ? await ui.answerInputBox(options, { attempt, validationMessage }) : undefined;
    if (answer === undefined) return undefined;
    if (typeof answer !== 'string') throw new Error('stand-in: an input box answer is a string');
    const verdict = options.validateInput ? await options.validateInput(answer) : undefined;
    validationMessage = typeof verdict === 'object' && verdict !== null ? verdict.message : verdict;
    if (!validationMessage) return answer;
    shown.refused.push({ value: answer, validationMessage });
    if (attempt >= 20) throw new Error('stand-in: the scripted input box answer is refused again and again');
  }
}

/** The quick input on screen (VS Code shows one at a time: showing another hides it). */
let visibleInput;

/** createQuickPick() / createInputBox(): the extension sets properties and listens; the user acts. */
class QuickInput {
  constructor(kind) {
    this.kind = kind;
    this.title = undefined; this.step = undefined; this.totalSteps = undefined;
    this.enabled = true; this.busy = false; this.ignoreFocusOut = false;
    this.placeholder = undefined; this.value = ''; this.buttons = [];
    this.prompt = undefined; this.validationMessage = undefined; this.password = false; this.valueSelection = undefined;
    this.canSelectMany = false; this.matchOnDescription = false; this.matchOnDetail = false;
    this._items = []; this.activeItems = []; this.selectedItems = [];
    this.visible = false; this.disposed = false;
    this.emitters = {};
    for (const name of ['onDidChangeValue', 'onDidAccept', 'onDidHide', 'onDidTriggerButton', 'onDidChangeActive', 'onDidChangeSelection', 'onDidTriggerItemButton']) {
      const emitter = new EventEmitter();
      this.emitters[name] = emitter;
      this[name] = emitter.event;
    }
  }
  get items() { return this._items; }
  // As VS Code: new items make the first one active (an explicit activeItems set afterwards wins).
  set items(items) { this._items = [...items]; this.activeItems = this._items.slice(0, 1); this.selectedItems = []; }
  show() {
    if (this.disposed || this.visible) return;
    if (visibleInput && visibleInput !== this) visibleInput.hide();
    this.visible = true;
    visibleInput = this;
    ui.shown.push({ kind: this.kind === 'quickPick' ? 'createQuickPick' : 'createInputBox', title: this.title, step: this.step, placeholder: this.placeholder, value: this.value, validationMessage: this.validationMessage, items: this._items.map((i) => i.label) });
    // The user acts later, as a person would: never inside show().
    setImmediate(() => {
      if (!this.visible) return;
      if (ui.answerQuickInput) void Promise.resolve(ui.answerQuickInput(new QuickInputUser(this))).catch((e) => { ui.shown.push({ kind: 'scriptError', error: e }); this.hide(); });
      else this.hide();
    });
  }
  hide() {
    if (!this.visible) return;
    this.visible = false;
    if (visibleInput === this) visibleInput = undefined;
    this.emitters.onDidHide.fire();
  }
  // As VS Code: disposing a shown input hides it (onDidHide fires), then it is gone for good.
  dispose() {
    if (this.disposed) return;
    this.hide();
    this.disposed = true;
    for (const emitter of Object.values(this.emitters)) emitter.dispose();
  }
}

/** What a user can do to a shown quick input; each throws when it is no longer shown. */
class QuickInputUser {
  constructor(input) { this.input = input; }
  check() { if (!this.input.visible) throw new Error('stand-in: the quick input is no longer shown'); }
  /** Types `text` (replacing the value); a quick pick filters its items by label/description. */
  type(text) {
    this.check();
    const input = this.input;
    input.value = text;
    input.emitters.onDidChangeValue.fire(text);
    if (input.kind === 'quickPick') {
      const needle = text.trim().toLowerCase();
      const matches = (item) => item.alwaysShow || needle === '' || `${item.label}`.toLowerCase().includes(needle) || (input.matchOnDescription && `${item.description ?? ''}`.toLowerCase().includes(needle));
      input.activeItems = input.items.filter((i) => i.kind !== -1 && matches(i)).slice(0, 1);
      input.emitters.onDidChangeActive.fire(input.activeItems);
    }
  }
  /** Enter: a quick pick selects its active item first. */
  accept() {
    this.check();
    const input = this.input;
    if (input.kind === 'quickPick' && !input.canSelectMany) {
      input.selectedItems = input.activeItems.slice(0, 1);
      input.emitters.onDidChangeSelection.fire(input.selectedItems);
    }
    input.emitters.onDidAccept.fire();
  }
  /** Clicks an item of a quick pick (the first whose label matches `label`, a string or RegExp). */
  pick(label) {
    this.check();
    const input = this.input;
    const item = input.items.find((i) => (label instanceof RegExp ? label.test(i.label) : i.label === label));
    if (!item) throw new Error(`stand-in: no item ${String(label)} among ${JSON.stringify(input.items.map((i) => i.label))}`);
    input.activeItems = [item];
    input.emitters.onDidChangeActive.fire(input.activeItems);
    this.accept();
  }
  /** Clicks one of the title bar's buttons (QuickInputButtons.Back is the Back button). */
  trigger(button) {
    this.check();
    if (!this.input.buttons.includes(button)) throw new Error('stand-in: that button is not shown');
    this.input.emitters.onDidTriggerButton.fire(button);
  }
  /** Escape. */
  escape() {
    this.check();
    this.input.hide();
  }
}

/** Every createStatusBarItem(), in order: what the extension set on it, and whether it is shown. */
const statusBarItems = [];
class StatusBarItem {
  constructor(id, alignment, priority) {
    Object.assign(this, { id, alignment, priority, name: undefined, text: '', tooltip: undefined, command: undefined, accessibilityInformation: undefined, visible: false, disposed: false });
    statusBarItems.push(this);
  }
  show() { if (!this.disposed) this.visible = true; }
  hide() { this.visible = false; }
  dispose() { this.visible = false; this.disposed = true; }
}

/** createStatusBarItem(alignment?, priority?) or (id, alignment?, priority?), as VS Code's overloads. */
function createStatusBarItem(...args) {
  const id = typeof args[0] === 'string' ? args.shift() : undefined;
  return new StatusBarItem(id, args[0], args[1]);
}

/** The window's focus; `setWindowFocused` stands in for the user switching windows. */
const windowStateChanged = new EventEmitter();
function setWindowFocused(focused) {
  if (vscode.window.state.focused === focused) return;
  vscode.window.state = { ...vscode.window.state, focused };
  windowStateChanged.fire(vscode.window.state);
}

function withProgress(options, task) {
  const record = { title: options.title, location: options.location, messages: [], done: false };
  ui.progress.push(record);
  const source = new CancellationTokenSource();
  return Promise.resolve(task({ report(value) { if (value && value.message !== undefined) record.messages.push(value.message); } }, source.token)).finally(() => { record.done = true; });
}

const vscode = {
  version: '1.139.0',
  Disposable, EventEmitter, ThemeIcon, ThemeColor, TreeItem, MarkdownString, Uri, CancellationTokenSource, TabInputText, TabInputCustom,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ConfigurationTarget: TARGET,
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
  UIKind: { Desktop: 1, Web: 2 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  QuickInputButtons: { Back: { iconPath: new ThemeIcon('arrow-left') } },
  env: { appName: 'Stand-in', uiKind: 1, language: 'en', clipboard: { writeText: async () => undefined }, openExternal: async () => true },
  commands: {
    registerCommand(id, handler) {
      registeredCommands.push(id);
      commandHandlers.set(id, handler);
      return new Disposable(() => { if (commandHandlers.get(id) === handler) commandHandlers.delete(id); });
    },
    executeCommand: async (id, ...args) => {
      executedCommands.push({ id, args });
      // A built-in command of VS Code's.
      if (id === 'setContext' && !commandHandlers.has(id)) return void contextKeys.set(args[0], args[1]);
      return commandHandlers.has(id) ? commandHandlers.get(id)(...args) : undefined;
    },
    getCommands: async () => [...registeredCommands],
  },
  window: {
    createOutputChannel: () => ({ name: 'log', logLevel: 3, onDidChangeLogLevel: noEvent, trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} }),
    createTreeView(id, options) {
      createdViews.push(id);
      const expanded = new EventEmitter();
      const collapsed = new EventEmitter();
      const visibility = new EventEmitter();
      const selected = new EventEmitter();
      // `expand`/`collapse`/`setVisible`/`select` stand in for the user: they fire what VS Code fires.
      return {
        visible: false, selection: [], message: undefined, title: undefined, description: undefined, badge: undefined,
        onDidChangeVisibility: visibility.event, onDidExpandElement: expanded.event, onDidCollapseElement: collapsed.event,
        onDidChangeSelection: selected.event, onDidChangeCheckboxState: noEvent, reveal: async () => undefined, dispose() {}, options,
        expand(element) { expanded.fire({ element }); },
        collapse(element) { collapsed.fire({ element }); },
        setVisible(visible) { if (this.visible !== visible) { this.visible = visible; visibility.fire({ visible }); } },
        select(elements) { this.selection = [...elements]; selected.fire({ selection: this.selection }); },
      };
    },
    registerTreeDataProvider: () => new Disposable(),
    state: { focused: true, active: true },
    onDidChangeWindowState: windowStateChanged.event,
    createStatusBarItem,
    /** `activeTabGroup.activeTab` is set by a test to stand for the editor in front ({ input }). */
    tabGroups: { activeTabGroup: { activeTab: undefined } },
    showInformationMessage: message('information'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    showQuickPick,
    showInputBox,
    createQuickPick: () => new QuickInput('quickPick'),
    createInputBox: () => new QuickInput('inputBox'),
    withProgress,
    showTextDocument: async () => undefined,
  },
  workspace: {
    getConfiguration: configuration,
    onDidChangeConfiguration: configurationChanged.event,
    onDidCloseTextDocument: noEvent,
    registerTextDocumentContentProvider: () => new Disposable(),
    openTextDocument: async () => inert(),
    workspaceFolders: undefined,
    isTrusted: true,
    onDidGrantWorkspaceTrust: noEvent,
  },
  extensions: { getExtension: () => undefined },
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'vscode') return 'vscode';
  return originalResolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

/** A fresh ExtensionContext stand-in with an in-memory SecretStorage. */
function createContext(extensionPath = process.cwd()) {
  const secrets = new Map();
  const secretChanged = new EventEmitter();
  const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()], setKeysForSync() {} }; };
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: Uri.file(extensionPath),
    extension: { id: 'pgai.pgai-sessions', packageJSON: require(require('node:path').join(extensionPath, 'package.json')) },
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: async (k) => secrets.get(k),
      // The change event arrives later, as VS Code delivers it (and as a change from another window does).
      store: async (k, v) => { secrets.set(k, v); setImmediate(() => secretChanged.fire({ key: k })); },
      delete: async (k) => { const had = secrets.delete(k); if (had) setImmediate(() => secretChanged.fire({ key: k })); },
      keys: async () => [...secrets.keys()],
      onDidChange: secretChanged.event,
    },
    environmentVariableCollection: inert(),
    logUri: Uri.file('/tmp'),
    globalStorageUri: Uri.file('/tmp'),
    storageUri: undefined,
    extensionMode: 1,
    asAbsolutePath: (p) => require('node:path').join(extensionPath, p),
  };
}

module.exports = { vscode, registeredCommands, createdViews, createContext, setConfiguration, settings, workspaceSettings, ui, executedCommands, contextKeys, statusBarItems, setWindowFocused };
