// Reads `pgai.sessions.*` into the pure settings model, and writes settings back to the scope
// where the user already set them (a workspace override stays a workspace override), else to
// the user settings.
import * as vscode from 'vscode';
import { readSettings, type SessionsSettings } from '../../core/sessions/sessionsSettings';

export const SECTION = 'pgai.sessions';

export function readSessionsSettings(): SessionsSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return readSettings((key) => config.get(key));
}

function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  if (inspected?.workspaceValue !== undefined && vscode.workspace.workspaceFolders?.length) {
    return vscode.ConfigurationTarget.Workspace;
  }
  return vscode.ConfigurationTarget.Global;
}

/** Writes `pgai.sessions.<key>` where it is currently defined, else in the user settings. */
export async function writeSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, targetFor(key));
}

/** Removes `pgai.sessions.<key>` from every scope that sets it (back to the default). */
export async function clearSetting(key: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect(key);
  if (inspected?.workspaceValue !== undefined && vscode.workspace.workspaceFolders?.length) {
    await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
  if (inspected?.globalValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
}
