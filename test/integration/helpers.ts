// Shared utilities for the extension-host tests. Every *.test.ts is bundled separately, so each
// bundle has its own copy of this module: shared state lives on globalThis.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startSandbox } from '../../sandbox/server';
import type { PgaiExtensionApi } from '../../src/vscode/contracts';

export const EXTENSION_ID = 'pgai.pgai-sessions';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

interface SharedState {
  __pgaiSandbox?: Promise<Sandbox>;
}
const shared = globalThis as SharedState;

/**
 * The one in-process sandbox for this test run (started on first call, on a free port, rate
 * limiting off so many tests in a row don't trip it; turn it on in a test with
 * `sandbox.setOptions({ rateLimit: { limit, windowMs } })`). Closed by index.ts after the run.
 * Call `sandbox.reset()` in a beforeEach to start from the seeded data without faults.
 */
export function getSandbox(): Promise<Sandbox> {
  if (!shared.__pgaiSandbox) {
    shared.__pgaiSandbox = startSandbox({ port: 0, rateLimit: false });
    // A failed start should not be cached forever as a rejected promise.
    shared.__pgaiSandbox.catch(() => {
      shared.__pgaiSandbox = undefined;
    });
  }
  return shared.__pgaiSandbox;
}

/** The extension under test (dev copy or installed copy), activated. */
export async function activateExtension(): Promise<vscode.Extension<PgaiExtensionApi | undefined>> {
  const ext = vscode.extensions.getExtension<PgaiExtensionApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  await ext.activate();
  return ext;
}

/** Activates the extension and returns what activate() returned. */
export async function getExtensionApi(): Promise<PgaiExtensionApi> {
  const ext = await activateExtension();
  if (!ext.exports) throw new Error(`${EXTENSION_ID}: activate() returned no PgaiExtensionApi`);
  return ext.exports;
}

/**
 * Points the extension at the shared sandbox: user setting `pgai.apiBaseUrl` = its base URL, and
 * its key stored through `pgai.setApiKey` (which accepts the key as an argument for automation).
 */
export async function configureForSandbox(): Promise<Sandbox> {
  const sandbox = await getSandbox();
  await activateExtension();
  await vscode.workspace
    .getConfiguration('pgai')
    .update('apiBaseUrl', sandbox.baseUrl, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('pgai.setApiKey', sandbox.apiKey);
  return sandbox;
}

/** Points the extension at `target` (base URL + its key) and waits until it is connected there. */
export async function connectTo(target: Sandbox): Promise<void> {
  const api = await getExtensionApi();
  await vscode.workspace.getConfiguration('pgai').update('apiBaseUrl', target.baseUrl, vscode.ConfigurationTarget.Global);
  // Set API Key stores the key for the origin the connection uses: wait until it uses the new one.
  await waitFor(() => api.connection.origin === target.origin, 10_000, `the connection reads the base URL of ${target.origin}`);
  await vscode.commands.executeCommand('pgai.setApiKey', target.apiKey);
  await waitFor(() => api.connection.state.kind === 'ready' && api.connection.origin === target.origin, 10_000, `connected to ${target.origin}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface WithModel {
  readonly model?: { allStreams(): readonly { readonly loading: unknown }[] };
}

/**
 * Waits until the view has finished what it was asked: no group loading and nothing in flight at
 * `sandbox`. Counting requests after this (instead of after a sleep) counts all of them.
 */
export async function idle(api: PgaiExtensionApi, sandbox: Sandbox, what = 'the view idle'): Promise<void> {
  const tree = api.tree as unknown as WithModel;
  await waitFor(() => sandbox.inFlight === 0 && !(tree.model?.allStreams() ?? []).some((s) => s.loading !== undefined), 15_000, what);
}

/**
 * A test that cannot run here (no workspace folder, a missing environment variable) is skipped on
 * a developer's machine and fails under CI=true: in CI, a skipped check is a check that did not run.
 */
export function requireOrSkip(context: Mocha.Context, condition: unknown, why: string): asserts condition {
  if (condition) return;
  if (process.env.CI === 'true') throw new Error(`cannot run under CI: ${why}`);
  context.skip();
}

/**
 * Polls `predicate` (every 50 ms) until it returns a truthy value, and returns that value.
 * Throws `Timed out after Nms: <message>` (with the predicate's last error, if it threw).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 5_000,
  message = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms: ${message}${why}`);
    }
    await sleep(50);
  }
}

/**
 * What the extension's log channel ("PG:AI Sessions") wrote to its log file, the file a user
 * attaches to a bug report. VS Code keeps it in the extension's log folder under the user data
 * folder, as `logs/<time>/exthost<n>/pgai.pgai-sessions/PGAI Sessions.log`; the newest is this run's.
 */
function readExtensionLogFile(): string {
  const root = process.env.PGAI_WORKBENCH_USER_DATA_DIR;
  assert.ok(root, 'PGAI_WORKBENCH_USER_DATA_DIR is not set: the harness starts the workbench with it');
  const found: Array<{ path: string; modified: number }> = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name === 'PGAI Sessions.log' && dir.endsWith(EXTENSION_ID)) found.push({ path, modified: statSync(path).mtimeMs });
    }
  };
  visit(join(root, 'logs'));
  assert.ok(found.length > 0, `no "PG:AI Sessions" log file under ${join(root, 'logs')}`);
  found.sort((a, b) => b.modified - a.modified);
  return readFileSync(found[0].path, 'utf8');
}

/** The extension's log file once it holds `expected` (VS Code writes it asynchronously). */
export function extensionLogWith(expected: string | RegExp, timeoutMs = 10_000): Promise<string> {
  return waitFor(() => {
    const text = readExtensionLogFile();
    return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : undefined;
  }, timeoutMs, `the extension's log file to show ${String(expected)}`);
}
