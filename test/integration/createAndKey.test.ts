// The connection, the API key commands and the create command, driven through their commands
// in a real VS Code against the sandbox (see src/vscode/connection.ts, commands/keyCommands.ts,
// commands/createSession.ts).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSandbox, DEFAULT_API_KEY } from '../../sandbox/server';
import type { Session } from '../../src/api/types';
import type { CreateFailure } from '../../src/vscode/commands/createSession';
import type { PgaiExtensionApi } from '../../src/vscode/contracts';
import { configureForSandbox, extensionLogWith, getExtensionApi, getSandbox, idle, requireOrSkip, waitFor, type Sandbox } from './helpers';

type CreateResult = Session | CreateFailure | undefined;

function isFailure(result: CreateResult): result is CreateFailure {
  return typeof result === 'object' && 'error' in result;
}

function createDirect(args: { type?: string; title?: string; companyId?: string }): Thenable<CreateResult> {
  return vscode.commands.executeCommand<CreateResult>('pgai.createSession', { ...args, noPrompt: true });
}

function pgai(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pgai');
}

async function setBaseUrl(api: PgaiExtensionApi, value: string | undefined): Promise<void> {
  await pgai().update('apiBaseUrl', value, vscode.ConfigurationTarget.Global);
  const expected = (value ?? 'https://api.getpg.ai/public-api/v1').replace(/\/+$/, '');
  await waitFor(() => api.connection.state.kind === 'badBaseUrl' || (api.connection as { baseUrl?: string }).baseUrl === expected, 5_000, `base URL ${expected}`);
}

async function showView(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.pgai');
}

/** The provider behind the view (`SessionsTreeProvider`; the test API types it by what the commands use). */
interface ChildrenProvider {
  getChildren(node?: unknown): unknown[] | Promise<unknown[]> | null | undefined;
}

async function rootChildren(api: PgaiExtensionApi): Promise<unknown[]> {
  return (await (api.tree as unknown as ChildrenProvider).getChildren()) ?? [];
}

/** Expands the first branch of the tree (root → group → bucket) the way the view would. */
async function loadFirstBranch(api: PgaiExtensionApi): Promise<void> {
  const provider = api.tree as unknown as ChildrenProvider;
  let nodes = (await provider.getChildren()) ?? [];
  for (let depth = 0; depth < 3 && nodes.length > 0 && api.tree.loadedSessions().length === 0; depth++) {
    nodes = (await provider.getChildren(nodes[0])) ?? [];
  }
}

describe('connection, API key and create session', () => {
  let sandbox: Sandbox;
  let api: PgaiExtensionApi;

  before(async () => {
    sandbox = await getSandbox();
    api = await getExtensionApi();
    await setBaseUrl(api, sandbox.baseUrl);
  });

  beforeEach(() => {
    sandbox.reset();
    sandbox.setOptions({ apiKey: DEFAULT_API_KEY });
  });

  after(async () => {
    sandbox.setOptions({ apiKey: DEFAULT_API_KEY });
    await configureForSandbox();
  });

  it('with no key: state noKey, no client, an empty tree, and no request', async () => {
    await vscode.commands.executeCommand('pgai.clearApiKey', { noPrompt: true });
    await waitFor(() => api.connection.state.kind === 'noKey', 5_000, 'state noKey');
    assert.equal(api.connection.api, undefined);
    assert.equal(api.connection.origin, sandbox.origin);
    await showView();
    api.tree.refresh();
    assert.deepEqual(await rootChildren(api), [], 'an empty root lets the welcome view show');
    await idle(api, sandbox);
    assert.equal(api.tree.loadedSessions().length, 0);
    assert.equal(sandbox.listRequests(), 0);
    const result = await createDirect({ title: 'no key' });
    assert.ok(isFailure(result), 'create without a key fails');
    assert.match(result.error, /API key/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('after Set API Key with the sandbox key, the state is ready and the tree loads', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('pgai.setApiKey', `  ${sandbox.apiKey}\n`);
    assert.equal(saved, true);
    await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'state ready');
    assert.ok(api.connection.api);
    await showView();
    await waitFor(async () => (await rootChildren(api)).length > 0, 10_000, 'tree root has items');
    await waitFor(async () => {
      await loadFirstBranch(api);
      return api.tree.loadedSessions().length > 0;
    }, 10_000, 'tree loaded sessions');
    assert.ok(sandbox.requests.some((r) => r.method === 'GET' && r.keyValid), 'requests carried the key');
  });

  it('Set API Key with an argument refuses an empty key and a rejected key without prompting', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pgai.setApiKey', '   ')), /empty/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pgai.setApiKey', 'wrong-key-123')), /rejected/);
    assert.equal(api.connection.state.kind, 'ready', 'the stored key is kept');
  });

  it('creates a session through the command and shows it in the tree', async () => {
    await configureForSandbox();
    const title = `Created by test ${randomUUID()}`;
    const result = await createDirect({ type: 'plan', title });
    assert.ok(result && !isFailure(result), `created: ${JSON.stringify(result)}`);
    assert.equal(result.title, title);
    await waitFor(() => api.tree.loadedSessions().some((s) => s.id === result.id), 5_000, 'new session in the tree');
    const stored = sandbox.sessions().filter((s) => s.title === title);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.type, 'plan');
  });

  it('an empty title is left to the server ("Untitled")', async () => {
    const result = await createDirect({ type: 'chat', title: '   ' });
    assert.ok(result && !isFailure(result));
    const post = sandbox.requests.filter((r) => r.method === 'POST');
    assert.equal(post.length, 1);
    assert.equal(sandbox.sessions().find((s) => s.id === result.id)?.title, 'Untitled');
  });

  it('a 400 keeps everything typed and reopens at the title', async () => {
    const before = sandbox.sessions().length;
    sandbox.addFault({ method: 'POST', nth: 1, then: { status: 400, body: { error: 'title must be at most 500 characters' } } });
    const company = sandbox.sessions().find((s) => s.company_id)?.company_id ?? randomUUID();
    const title = 'x'.repeat(600);
    const result = await createDirect({ type: 'email', title, companyId: company });
    assert.ok(isFailure(result), 'failed');
    assert.equal(result.error, 'PG:AI accepts titles of up to 500 characters; this one has 600. Shorten it, or leave it empty for "Untitled".');
    assert.deepEqual(result.prefill.values, { type: 'email', title, companyId: company });
    assert.equal(result.prefill.step, 'title');
    assert.equal(result.prefill.message, result.error, 'the reopened title step says it in the same words');
    assert.equal(sandbox.sessions().length, before, 'nothing created');
    // The limit is remembered: a longer title is refused before any request, one within it is sent.
    const posts = () => sandbox.requests.filter((r) => r.method === 'POST').length;
    const again = await createDirect({ title: 'z'.repeat(700) });
    assert.ok(isFailure(again));
    assert.match(again.error, /up to 500 characters; this one has 700/);
    assert.equal(again.prefill.step, 'title');
    assert.equal(posts(), 1, 'refused locally, without a second POST');
    const fits = await createDirect({ title: 'w'.repeat(500) });
    assert.ok(fits && !isFailure(fits), `500 characters are accepted: ${JSON.stringify(fits)}`);
    assert.equal(posts(), 2);
  });

  it('an invalid company id is refused before any request', async () => {
    const result = await createDirect({ title: 'bad company', companyId: 'acme' });
    assert.ok(isFailure(result));
    assert.match(result.error, /UUID/);
    assert.equal(result.prefill.step, 'company');
    assert.equal(sandbox.requests.length, 0);
  });

  it('a dropped connection after the server created the session is reported as created, without a duplicate', async () => {
    sandbox.addFault({ method: 'POST', nth: 1, then: { kind: 'createThenDrop' } });
    const title = `Dropped ${randomUUID()}`;
    const result = await createDirect({ type: 'document', title });
    assert.ok(result && !isFailure(result), `reported as created: ${JSON.stringify(result)}`);
    assert.equal(result.title, title);
    const posts = sandbox.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'exactly one POST (no automatic retry)');
    assert.equal(posts[0]?.fault, 'createThenDrop');
    assert.equal(sandbox.sessions().filter((s) => s.title === title).length, 1, 'no duplicate');
    await waitFor(() => api.tree.loadedSessions().some((s) => s.id === result.id), 5_000, 'found session in the tree');
  });

  it('a dropped connection before anything was created says so and keeps the input', async () => {
    sandbox.addFault({ method: 'POST', nth: 1, then: { kind: 'drop' } });
    const before = sandbox.sessions().length;
    const title = `Never created ${randomUUID()}`;
    const result = await createDirect({ type: 'chat', title });
    assert.ok(isFailure(result));
    assert.match(result.error, /probably not created/);
    assert.equal(result.prefill.values.title, title);
    assert.equal(sandbox.requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(sandbox.sessions().length, before);
  });

  it('after a transient 401, Refresh (the welcome view’s Try Again) tries the saved key again', async () => {
    await configureForSandbox();
    await showView();
    await waitFor(async () => (await rootChildren(api)).length > 0, 10_000, 'the tree');
    sandbox.addFault({ method: 'GET', nth: 1, then: { status: 401, body: { error: 'Invalid API key' } } });
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(async () => {
      await loadFirstBranch(api);
      return api.connection.state.kind === 'authFailed';
    }, 10_000, 'the rejected-key state');
    const before = sandbox.requests.length;
    await vscode.commands.executeCommand('pgai.refreshSessions');
    await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'ready again without re-entering the key');
    await waitFor(async () => {
      await loadFirstBranch(api);
      return api.tree.loadedSessions().length > 0 && sandbox.requests.length > before;
    }, 10_000, 'sessions loaded with the same key');
  });

  it('a key removed and stored again in VS Code’s secret storage (as by another window) is followed at once', async () => {
    await configureForSandbox();
    // The connection's own key store writes VS Code's real SecretStorage; the view follows the
    // storage's change events only (no command, no refresh), as it does for another window.
    const keys = (api.connection as unknown as { keys: { delete(origin: string): Promise<void>; set(origin: string, key: string): Promise<void> } }).keys;
    await keys.delete(sandbox.origin);
    await waitFor(() => api.connection.state.kind === 'noKey', 10_000, 'noKey after the key was removed elsewhere');
    assert.equal(api.connection.api, undefined);
    await keys.set(sandbox.origin, sandbox.apiKey);
    await waitFor(() => api.connection.state.kind === 'ready', 10_000, 'ready after the key was stored elsewhere');
    await showView();
    await waitFor(async () => {
      await loadFirstBranch(api);
      return api.tree.loadedSessions().length > 0;
    }, 10_000, 'sessions with the key from the other window');
  });

  describe('races with a create or a key check in flight', () => {
    const posts = (target: Sandbox) => target.requests.filter((r) => r.method === 'POST');

    it('a key changed (as from another window) while a create is in flight: the POST finishes, once', async () => {
      await configureForSandbox();
      const rotated = `rotated-${randomUUID()}`;
      const title = `Key changed mid-create ${randomUUID()}`;
      sandbox.addFault({ method: 'POST', nth: 1, then: { kind: 'delay', ms: 1500 } });
      try {
        const pending = createDirect({ type: 'chat', title });
        await waitFor(() => posts(sandbox).length === 1, 5_000, 'the POST reached the sandbox');
        sandbox.setOptions({ apiKey: rotated });
        assert.equal(await vscode.commands.executeCommand('pgai.setApiKey', rotated), true);
        await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'ready with the new key');
        const result = await pending;
        assert.ok(result && !isFailure(result), `reported as failed: ${JSON.stringify(result)}`);
        assert.equal(posts(sandbox).length, 1, 'one POST');
        assert.equal(sandbox.sessions().filter((x) => x.title === title).length, 1, 'one session');
      } finally {
        sandbox.setOptions({ apiKey: DEFAULT_API_KEY });
        await configureForSandbox();
      }
    });

    it('the base URL changed while a create is in flight: it finishes on the old origin and is not put in the new view', async () => {
      await configureForSandbox();
      const other = await startSandbox({ port: 0, rateLimit: false, apiKey: `other-${randomUUID()}` });
      const title = `URL changed mid-create ${randomUUID()}`;
      sandbox.addFault({ method: 'POST', nth: 1, then: { kind: 'delay', ms: 1500 } });
      try {
        const pending = createDirect({ type: 'chat', title });
        await waitFor(() => posts(sandbox).length === 1, 5_000, 'the POST reached the sandbox');
        await setBaseUrl(api, other.baseUrl);
        assert.equal(await vscode.commands.executeCommand('pgai.setApiKey', other.apiKey), true);
        await waitFor(() => api.connection.origin === other.origin && api.connection.state.kind === 'ready', 5_000, 'connected to the other origin');
        const result = await pending;
        assert.ok(result && !isFailure(result), `reported as failed: ${JSON.stringify(result)}`);
        assert.equal(sandbox.sessions().filter((x) => x.title === title).length, 1);
        assert.equal(posts(other).length, 0, 'nothing was sent to the other origin');
        assert.equal(other.requests.filter((r) => !r.keyValid).length, 0, 'the other origin never saw the first key');
        assert.ok(!api.tree.loadedSessions().some((x) => x.id === result.id), 'the session of the first origin is in the other origin’s view');
      } finally {
        await other.close();
        await configureForSandbox();
      }
    });

    it('Set API Key does not save a key for an address that changed while it was being checked', async () => {
      const first = await startSandbox({ port: 0, rateLimit: false, apiKey: `first-${randomUUID()}` });
      const second = await startSandbox({ port: 0, rateLimit: false, apiKey: `second-${randomUUID()}` });
      try {
        await setBaseUrl(api, first.baseUrl);
        await waitFor(() => api.connection.state.kind === 'noKey', 5_000, 'no key for the first origin');
        first.addFault({ method: 'GET', nth: 1, then: { kind: 'delay', ms: 1500 } });
        const saving = Promise.resolve(vscode.commands.executeCommand('pgai.setApiKey', first.apiKey));
        await waitFor(() => first.requests.length === 1, 5_000, 'the key check reached the first origin');
        await setBaseUrl(api, second.baseUrl);
        await assert.rejects(saving, /changed to 127\.0\.0\.1:\d+ while the key for 127\.0\.0\.1:\d+ was being entered, so the key was not saved/);
        assert.equal(second.requests.length, 0, 'the key went to the second origin');
        assert.equal(api.connection.state.kind, 'noKey', 'a key was saved for the second origin');
        await setBaseUrl(api, first.baseUrl);
        await waitFor(() => api.connection.origin === first.origin, 5_000, 'back on the first origin');
        assert.equal(api.connection.state.kind, 'noKey', 'the key was saved for the first origin after all');
      } finally {
        await first.close();
        await second.close();
        await configureForSandbox();
      }
    });
  });

  it('a key stored for the sandbox origin is never sent to another origin', async () => {
    // Same key on the other server: if the extension sent it, the other server would accept it.
    const other = await startSandbox({ port: 0, rateLimit: false, apiKey: sandbox.apiKey });
    try {
      assert.notEqual(other.origin, sandbox.origin);
      await setBaseUrl(api, other.baseUrl);
      await waitFor(() => api.connection.state.kind === 'noKey', 5_000, 'noKey for the other origin');
      assert.equal(api.connection.origin, other.origin);
      assert.equal(api.connection.api, undefined);
      api.tree.refresh();
      const result = await createDirect({ title: 'to the other origin' });
      assert.ok(isFailure(result));
      await rootChildren(api);
      await idle(api, other);
      assert.equal(other.requests.filter((r) => r.keyValid).length, 0, 'no request carried the sandbox key');
    } finally {
      await setBaseUrl(api, sandbox.baseUrl);
      await other.close();
    }
    await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'the sandbox key is still there');
  });

  it('refuses a plain-http base URL to a non-loopback host', async () => {
    try {
      await setBaseUrl(api, 'http://example.com/public-api/v1');
      await waitFor(() => api.connection.state.kind === 'badBaseUrl', 5_000, 'badBaseUrl');
      const state = api.connection.state;
      assert.ok(state.kind === 'badBaseUrl' && /https/.test(state.message));
      assert.equal(api.connection.api, undefined);
    } finally {
      await setBaseUrl(api, sandbox.baseUrl);
    }
    await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'ready again');
  });

  it('ignores pgai.apiBaseUrl in the workspace settings', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    requireOrSkip(this, folder && folder.uri.scheme === 'file', 'the test workspace has no folder on disk');
    const dir = path.join(folder.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    const previous = await fs.readFile(file, 'utf8').catch(() => undefined);
    const marker = 'workspace-settings-read';
    await fs.mkdir(dir, { recursive: true });
    // With a harmless marker setting beside it: once the view applies the marker, VS Code has read the file.
    await fs.writeFile(file, JSON.stringify({ 'pgai.apiBaseUrl': 'http://127.0.0.1:9/evil', 'pgai.sessions.filter.search': marker }));
    const settings = () => (api.tree as unknown as { currentSettings: { filter: { search: string } } }).currentSettings;
    try {
      await waitFor(() => settings().filter.search === marker, 15_000, 'the workspace settings file read');
      assert.equal((api.connection as { baseUrl?: string }).baseUrl, sandbox.baseUrl);
      assert.equal(api.connection.origin, sandbox.origin);
      assert.equal(api.connection.state.kind, 'ready');
    } finally {
      if (previous === undefined) await fs.rm(file);
      else await fs.writeFile(file, previous);
      await waitFor(() => settings().filter.search !== marker, 15_000, 'the marker gone');
    }
  });

  it('the key never appears in the log or in any error the commands return', async () => {
    const secret = `pgai-leak-check-${randomUUID()}`;
    const wrong = `pgai-wrong-${randomUUID()}`;
    const seen: string[] = [];
    sandbox.setOptions({ apiKey: secret });
    assert.equal(await vscode.commands.executeCommand('pgai.setApiKey', secret), true);
    await waitFor(() => api.connection.state.kind === 'ready', 5_000, 'ready');
    api.tree.refresh();

    const created = await createDirect({ title: 'Leak check' });
    assert.ok(created && !isFailure(created));
    sandbox.addFault({ method: 'POST', nth: 1, then: { status: 400, body: { error: `bad x-api-key: ${secret}` } } });
    const rejected = await createDirect({ title: 'echo' });
    assert.ok(isFailure(rejected));
    seen.push(rejected.error);
    sandbox.addFault({ method: 'POST', nth: 1, then: { kind: 'createThenDrop' } });
    await createDirect({ title: 'dropped' });
    try {
      await vscode.commands.executeCommand('pgai.setApiKey', wrong);
    } catch (error) {
      seen.push(error instanceof Error ? error.message : String(error));
    }
    sandbox.setOptions({ apiKey: 'rotated-elsewhere' });
    const unauthorized = await createDirect({ title: 'after rotation' });
    assert.ok(isFailure(unauthorized));
    seen.push(unauthorized.error);
    await waitFor(() => api.connection.state.kind === 'authFailed', 5_000, 'authFailed after a 401');

    // The log file VS Code wrote, once it holds the 401's line (so it is this run's, and complete).
    const log = await extensionLogWith('(The key saved for');
    const settings = JSON.stringify(pgai());
    for (const key of [secret, wrong]) {
      for (const form of [key, encodeURIComponent(key)]) {
        assert.ok(!log.includes(form), 'the key is not in the log');
        assert.ok(!seen.some((m) => m.includes(form)), `the key is not in an error: ${seen.join(' | ')}`);
        assert.ok(!settings.includes(form), 'the key is not in the settings');
      }
    }
    assert.ok(seen.some((m) => m.includes('[redacted]')), 'an echoed key was redacted');
  });
});
