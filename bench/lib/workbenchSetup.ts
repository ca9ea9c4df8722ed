// Starts a real VS Code (code-server web workbench in headless Chromium, via the project's
// harness) with the extension loaded from a given folder (the bench's production build), a
// workspace of `folders` folders × `files` files, and an in-process sandbox with no added latency.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { E2EWorkbench } from '../../test/e2e/workbench';

export interface BenchWorkbenchOptions {
  readonly extensionPath: string;
  readonly folders: number;
  readonly files: number;
  readonly settings?: Record<string, unknown>;
}

export const folderName = (i: number) => `folder-${String(i + 1).padStart(2, '0')}`;

export async function launchBenchWorkbench(options: BenchWorkbenchOptions): Promise<E2EWorkbench> {
  // The e2e helpers import the harness's ES modules, so they are loaded on demand.
  const { launchWorkbench } = await import('../../test/e2e/workbench.js');
  return launchWorkbench({
    sandbox: { latencyMs: 0 },
    settings: options.settings,
    extensionPath: options.extensionPath,
    viewport: { width: 1400, height: 1400 },
    readyTimeoutMs: 120_000,
    prepareWorkspace: (workspace) => {
      for (let f = 0; f < options.folders; f++) {
        const dir = join(workspace, folderName(f));
        mkdirSync(dir);
        for (let i = 0; i < options.files; i++) writeFileSync(join(dir, `file-${String(i + 1).padStart(2, '0')}.txt`), `file ${i + 1}\n`);
      }
    },
  });
}
