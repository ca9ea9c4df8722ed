// Loads the vscode stand-in (test/support/vscode-stand-in.cjs) so that modules importing
// `vscode` run in plain Node. Import this module BEFORE any module that imports `vscode`.
import { createRequire } from 'node:module';

export interface StandInEmitter<T> {
  readonly event: (listener: (value: T) => void) => { dispose(): void };
  readonly listeners: Set<unknown>;
  fire(value: T): void;
  dispose(): void;
}

export interface StandIn {
  readonly vscode: { readonly EventEmitter: new <T>() => StandInEmitter<T> };
}

const requireHere = createRequire(__filename);
export const standIn = requireHere('../support/vscode-stand-in.cjs') as StandIn;
