import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wired up as the parts land.
}

export function deactivate(): void {}
