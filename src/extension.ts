// Entry point. activate() only registers things: no network, no awaiting, so every command
// and the view exist at once; data loads when the view asks for it. Each create*/register*
// function adds what it creates to context.subscriptions.
import * as vscode from 'vscode';
import { registerCreateSessionCommand } from './vscode/commands/createSession';
import { registerKeyCommands } from './vscode/commands/keyCommands';
import { createConnection } from './vscode/connection';
import type { PgaiExtensionApi } from './vscode/contracts';
import { registerSessionsView } from './vscode/tree/register';

export function activate(context: vscode.ExtensionContext): PgaiExtensionApi {
  const log = vscode.window.createOutputChannel('PG:AI Sessions', { log: true });
  context.subscriptions.push(log, vscode.commands.registerCommand('pgai.showLog', () => log.show()));
  const connection = createConnection(context, log);
  const { tree, treeView, watch } = registerSessionsView(context, connection, log);
  registerKeyCommands(context, connection, log);
  registerCreateSessionCommand(context, connection, tree, log, undefined, (session) => watch.watchCreated(session));
  return { connection, tree, treeView };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
