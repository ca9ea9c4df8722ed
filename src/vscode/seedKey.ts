// A key handed in through the environment, for `npm start` and the tests, stored once.
import * as vscode from 'vscode';
import type { Logger } from '../api/logger';
import { isLoopbackHost } from '../api/proxy';
import type { ApiKeyStore } from '../core/keyStore';

/**
 * Stores PGAI_SEED_API_KEY once for PGAI_SEED_API_ORIGIN. Only
 * in a development or test host and only for a loopback origin (the bundled sandbox): in an
 * installed extension, an environment someone else controls (a dev container, a remote host)
 * must not plant their key for the user's PG:AI origin.
 */
export async function seedKeyFromEnvironment(keys: ApiKeyStore, mode: vscode.ExtensionMode, origin: string, log: Logger): Promise<void> {
  const seed = process.env.PGAI_SEED_API_KEY?.trim();
  const seedOrigin = process.env.PGAI_SEED_API_ORIGIN?.trim();
  if (!seed || !seedOrigin) return;
  let wanted: URL;
  try {
    wanted = new URL(seedOrigin);
  } catch {
    return;
  }
  if (wanted.origin !== origin) return;
  if (mode === vscode.ExtensionMode.Production || !isLoopbackHost(wanted.hostname)) {
    log.warn(`Ignoring PGAI_SEED_API_KEY for ${wanted.origin}: a key from the environment is only used for a loopback API in development or tests.`);
    return;
  }
  if ((await keys.get(origin)) !== undefined) return;
  await keys.set(origin, seed);
  log.info(`Stored the API key provided by the environment (PGAI_SEED_API_KEY) for ${origin}.`);
}
