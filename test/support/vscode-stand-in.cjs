// A minimal stand-in for the `vscode` module, for running the VS Code layer in plain Node: the
// manifest test (every declared command is registered), the activation benchmark, and the
// stateful test (the real connection, tree provider and commands against the sandbox).
// Require this file first; it makes `require('vscode')` resolve to the stand-in.
// What it models, it models as VS Code behaves: user settings with change events, commands that
// run their handlers, secret storage whose change events arrive later (as from another window).
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
class CancellationTokenSource { constructor() { this.token = { isCancellationRequested: false, onCancellationRequested: noEvent }; } cancel() { this.token.isCancellationRequested = true; } dispose() {} }

/** User settings by full key ("pgai.apiBaseUrl"); changes fire onDidChangeConfiguration, later. */
const settings = new Map();
const configurationChanged = new EventEmitter();

function affects(changedKey) {
  return (section) => changedKey === section || changedKey.startsWith(`${section}.`) || section.startsWith(`${changedKey}.`);
}

/** Sets a user setting as the Settings editor (or another window) would; the event follows. */
function setConfiguration(key, value) {
  if (value === undefined) settings.delete(key);
  else settings.set(key, value);
  setImmediate(() => configurationChanged.fire({ affectsConfiguration: affects(key) }));
}

function configuration(section) {
  const full = (key) => (section ? `${section}.${key}` : key);
  return {
    get: (key, fallback) => (settings.has(full(key)) ? settings.get(full(key)) : fallback),
    has: (key) => settings.has(full(key)),
    inspect: (key) => ({ key: full(key), globalValue: settings.get(full(key)) }),
    update: async (key, value) => setConfiguration(full(key), value),
  };
}

const vscode = {
  version: '1.139.0',
  Disposable, EventEmitter, ThemeIcon, ThemeColor, TreeItem, MarkdownString, Uri, CancellationTokenSource,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
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
    executeCommand: async (id, ...args) => (commandHandlers.has(id) ? commandHandlers.get(id)(...args) : undefined),
    getCommands: async () => [...registeredCommands],
  },
  window: {
    createOutputChannel: () => ({ name: 'log', logLevel: 3, onDidChangeLogLevel: noEvent, trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} }),
    createTreeView(id, options) {
      createdViews.push(id);
      const expanded = new EventEmitter();
      const collapsed = new EventEmitter();
      // `expand`/`collapse` stand in for the user's clicks: they fire what VS Code fires.
      return {
        visible: false, selection: [], message: undefined, title: undefined, description: undefined, badge: undefined,
        onDidChangeVisibility: noEvent, onDidExpandElement: expanded.event, onDidCollapseElement: collapsed.event,
        onDidChangeSelection: noEvent, onDidChangeCheckboxState: noEvent, reveal: async () => undefined, dispose() {}, options,
        expand(element) { expanded.fire({ element }); },
        collapse(element) { collapsed.fire({ element }); },
      };
    },
    registerTreeDataProvider: () => new Disposable(),
    state: { focused: true, active: true },
    onDidChangeWindowState: noEvent,
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showQuickPick: async () => undefined,
    showInputBox: async () => undefined,
    createQuickPick: () => inert(),
    createInputBox: () => inert(),
    withProgress: async (_o, task) => task({ report() {} }, new CancellationTokenSource().token),
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

module.exports = { vscode, registeredCommands, createdViews, createContext, setConfiguration };
