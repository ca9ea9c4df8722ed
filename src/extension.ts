// Entry point. activate() only registers things: no network, no awaiting, so every command
// and the view exist at once; data loads when the view asks for it.
import * as vscode from 'vscode';
import { registerCreateSessionCommand } from './vscode/commands/createSession';
import { registerKeyCommands } from './vscode/commands/keyCommands';
import { createConnection } from './vscode/connection';
import type { PgaiExtensionApi } from './vscode/contracts';
import { createRecordingLog } from './vscode/log';
import { registerSessionsView } from './vscode/tree/register';

export function activate(context: vscode.ExtensionContext): PgaiExtensionApi {
  const log = createRecordingLog(context);
  const connection = createConnection(context, log.channel);
  const { tree, treeView } = registerSessionsView(context, connection, log.channel);
  registerKeyCommands(context, connection, log.channel);
  registerCreateSessionCommand(context, connection, tree, log.channel);
  context.subscriptions.push(vscode.commands.registerCommand('pgai.showLog', () => log.channel.show()));
  return { connection, tree, treeView, recentLogLines: () => log.recentLines() };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
