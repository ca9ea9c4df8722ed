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
}

export interface StandIn {
  readonly vscode: {
    readonly EventEmitter: new <T>() => StandInEmitter<T>;
    readonly commands: { executeCommand(id: string, ...args: unknown[]): Promise<unknown> };
  };
  /** A fresh ExtensionContext with in-memory secret storage (extension mode: production). */
  createContext(extensionPath?: string): StandInContext;
  /** Sets a user setting; onDidChangeConfiguration fires on the next turn. */
  setConfiguration(key: string, value: unknown): void;
}

const requireHere = createRequire(__filename);
export const standIn = requireHere('../support/vscode-stand-in.cjs') as StandIn;
