// PG:AI: Create Session… (src/vscode/commands/createSession*.ts) in plain Node through the vscode
// stand-in, against the sandbox with its faults: every outcome of the one POST, what the user is
// told and offered, what the tree is told, what the automation form (`noPrompt`) returns, and that
// nothing is ever sent twice. The quick input is driven by the stand-in's scripted user; what only
// a real workbench shows (focus, rendering) stays in test/integration/createAndKey.test.ts.
import { standIn } from './helpers';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Session } from '../../../src/api/types';
import { READ_BACK_RETRY_MS } from '../../../src/core/createSession';
import { ApiKeyStore } from '../../../src/core/keyStore';
import { registerCreateSessionCommand, type CreateFailure } from '../../../src/vscode/commands/createSession';
import type { PgaiConnection } from '../../../src/vscode/connection';
import type { SessionsTree } from '../../../src/vscode/contracts';
import { session } from '../core/sessions/factories';
import { startSandbox, type Fault, type Sandbox } from '../../../sandbox/server';
import type { QuickInputUser, ShownMessage, StandInQuickInput } from '../../soak/standIn';
import { connectedWindow, delivered, disposeAll, resetStandIn, waitFor, type Context } from './helpers';

type Result = Session | CreateFailure | undefined;

function isFailure(result: Result): result is CreateFailure {
  return typeof result === 'object' && 'error' in result;
}

/** The SessionsTree contract, recording what the command tells it. */
class RecordingTree implements SessionsTree {
  readonly shown: Session[] = [];
  refreshes = 0;
  loaded: Session[] = [];
  known: string[] = [];
  async showCreatedSession(session: Session): Promise<void> {
    this.shown.push(session);
  }
  knownCompanyIds(): string[] {
    return this.known;
  }
  loadedSessions(): readonly Session[] {
    return this.loaded;
  }
  refresh(): void {
    this.refreshes++;
  }
}

const COMPANY = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10';

describe('vscode/createSession: the create command’s outcomes', function () {
  let sandbox: Sandbox;
  let context: Context;
  let connection: PgaiConnection;
  let tree: RecordingTree;
  let lines: string[];
  /** The second read-back's waits, instant. */
  let waits: number[];
  /** Commands the create command runs (the tree's and the key's are not under test here). */
  let ran: { id: string; args: unknown[] }[];
  let setApiKeyAnswer: boolean;
  /** Sessions the command reported as created (to be watched). */
  let created: Session[];

  before(async () => {
    sandbox = await startSandbox({ rateLimit: false, sessionCount: 30 });
  });
  after(async () => {
    await sandbox.close();
  });

  beforeEach(async () => {
    lines = [];
    waits = [];
    ran = [];
    setApiKeyAnswer = true;
    created = [];
    tree = new RecordingTree();
    const window = await connectedWindow(sandbox, lines, 500);
    ({ context, connection } = window);
    const { log } = window;
    registerCreateSessionCommand(
      context as never,
      connection,
      tree,
      log,
      async (ms) => {
        waits.push(ms);
      },
      (session) => created.push(session),
    );
    for (const id of ['pgai.openSessionDetails', 'pgai.refreshSessions', 'pgai.setApiKey']) {
      context.subscriptions.push(
        standIn.vscode.commands.registerCommand(id, (...args: unknown[]) => {
          ran.push({ id, args });
          return id === 'pgai.setApiKey' ? setApiKeyAnswer : undefined;
        }),
      );
    }
  });
  afterEach(() => {
    sandbox.release();
    disposeAll(context);
    resetStandIn();
  });

  const run = (args?: unknown) => standIn.vscode.commands.executeCommand('pgai.createSession', args) as Promise<Result>;
  const direct = (args: { type?: string; title?: string; companyId?: string }) => run({ ...args, noPrompt: true });
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST');
  const gets = () => sandbox.requests.filter((r) => r.method === 'GET');
  const stored = (title: string) => sandbox.sessions().filter((s) => s.title === title);
  const messages = () => standIn.ui.shown.filter((s) => s.kind === 'information' || s.kind === 'error' || s.kind === 'warning') as unknown as ShownMessage[];
  const fault = (f: Fault) => sandbox.addFault(f);
  /** The one notification the outcome is told with, once it is shown. */
  async function told(): Promise<ShownMessage> {
    await waitFor(() => messages().length > 0, 'a notification');
    await delivered();
    assert.equal(messages().length, 1, `one notification, not ${JSON.stringify(messages().map((m) => m.message))}`);
    return messages()[0];
  }
  /** Answers notifications: the first item matching `choose`, on each. */
  function answer(choose: string): void {
    standIn.ui.answerMessage = (shown) => shown.items.find((i) => i === choose);
  }
  /** The items (action titles) of a notification. */
  function actions(shown: ShownMessage): string[] {
    return shown.items.map(String);
  }
  /** Plays the quick input: one function per input shown, in order; inputs beyond them are escaped. */
  function script(...steps: ((user: QuickInputUser) => void)[]): StandInQuickInput[] {
    const seen: StandInQuickInput[] = [];
    standIn.ui.answerQuickInput = (user) => {
      seen.push({ ...user.input, items: [...user.input.items], activeItems: [...user.input.activeItems] });
      const step = steps.shift();
      if (step) step(user);
      else user.escape();
    };
    return seen;
  }
  const enter = (text: string) => (u: QuickInputUser) => {
    u.type(text);
    u.accept();
  };
  /** A session created before the test's create, as by another client (same title). */
  async function createElsewhere(title: string): Promise<void> {
    const response = await fetch(`${sandbox.baseUrl}/agent/sessions`, { method: 'POST', headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'chat', title }) });
    assert.equal(response.status, 201);
  }

  describe('created', () => {
    it('one POST: the session is returned, the tree told, the message offers its details', async () => {
      const title = `Created ${randomUUID()}`;
      answer('Open Details');
      const result = await direct({ type: 'plan', title, companyId: COMPANY });
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(result.title, title);
      assert.equal(stored(title).length, 1);
      assert.equal(stored(title)[0]?.type, 'plan');
      assert.equal(stored(title)[0]?.company_id, COMPANY);
      assert.deepEqual(tree.shown.map((s) => s.id), [result.id], 'the tree was told once');
      assert.deepEqual(created.map((s) => s.id), [result.id], 'it is watched');
      const shown = await told();
      assert.equal(shown.kind, 'information');
      assert.equal(shown.message, `Created session “${title}”.`);
      assert.deepEqual(shown.items, ['Open Details']);
      await waitFor(() => ran.length > 0, 'Open Details');
      assert.deepEqual(ran, [{ id: 'pgai.openSessionDetails', args: [result] }]);
      assert.equal(posts().length, 1);
      assert.equal(gets().length, 0, 'no read-back when PG:AI answered');
      assert.equal(tree.refreshes, 0);
    });

    it('through the quick input: type, title and company picked, then created', async () => {
      const title = `Typed ${randomUUID()}`;
      const seen = script((u) => u.pick(/Plan/), enter(title), enter(COMPANY));
      const result = await run();
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(result.type, 'plan');
      assert.equal(result.companyId, COMPANY);
      assert.deepEqual(seen.map((i) => [i.kind, i.step]), [['quickPick', 1], ['inputBox', 2], ['quickPick', 3]]);
      assert.equal(posts().length, 1);
      assert.equal(tree.shown.length, 1);
    });

    it('the company step offers the company used last (kept per API), with its latest session as the hint, and typing part of that title finds it', async () => {
      const first = `First ${randomUUID()}`;
      script((u) => u.pick(/Plan/), enter(first), enter(COMPANY));
      const made = await run();
      assert.ok(made && !isFailure(made), JSON.stringify(made));
      tree.loaded = [session({ companyId: COMPANY, title: 'Acme discovery', updatedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() })];
      let offered: { label: string; description?: string }[] = [];
      let filtered: { label: string }[] = [];
      script(
        (u) => u.pick(/Chat/),
        enter(`Second ${randomUUID()}`),
        (u) => {
          offered = u.input.items.map((i) => ({ label: i.label, description: i.description }));
          u.type('acme disc');
          filtered = u.input.activeItems.map((i) => ({ label: i.label }));
          u.escape();
        },
      );
      await run();
      const recent = offered.find((i) => i.label.includes(COMPANY));
      assert.ok(recent, JSON.stringify(offered));
      assert.match(recent.label, /\$\(history\)/);
      assert.equal(recent.description, 'Used recently · Latest: “Acme discovery” · 2 h ago');
      assert.equal(offered.filter((i) => i.label.includes(COMPANY)).length, 1, 'once, not also as a loaded one');
      assert.ok(filtered[0]?.label.includes(COMPANY), `typing part of its latest title finds it: ${JSON.stringify(filtered)}`);
      assert.deepEqual(context.globalState.get(`pgai.recentCompanies:${sandbox.origin}`), [COMPANY]);
    });

    it('a setting changed while the POST is in flight does not abort it (one POST, no read-back)', async () => {
      const title = `Mid-flight ${randomUUID()}`;
      sandbox.hold();
      const pending = direct({ title });
      await waitFor(() => sandbox.held === 1, 'the POST reached the sandbox');
      standIn.setConfiguration('http.proxy', 'http://127.0.0.1:9');
      await delivered();
      await connection.whenReady();
      sandbox.release();
      const result = await pending;
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(posts().length, 1);
      assert.equal(gets().length, 0);
      assert.equal(stored(title).length, 1);
    });
  });

  describe('definite failures: nothing was created, the input is kept', () => {
    it('a 400 reopens the input at once, prefilled, with PG:AI’s message; no notification; no read-back', async () => {
      const title = `Too long ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { status: 400, body: { error: 'title must be at most 500 characters' } } });
      const seen = script((u) => u.pick(/Email/), enter(title), (u) => u.pick(/No company/), (u) => u.escape());
      const result = await run();
      assert.equal(result, undefined, 'cancelled by the user after the reopen');
      assert.equal(seen.length, 4);
      const reopened = seen[3];
      assert.equal(reopened.kind, 'inputBox');
      assert.equal(reopened.step, 2, 'at the title, which the message names');
      assert.equal(reopened.value, title, 'what was typed is kept');
      assert.equal(reopened.validationMessage, 'PG:AI did not accept the title: title must be at most 500 characters.');
      assert.equal(messages().length, 0, 'the message is on the input, not a notification');
      assert.equal(posts().length, 1);
      assert.equal(gets().length, 0);
      assert.equal(stored(title).length, 0);
    });

    it('after the 400, accepting the reopened input sends one more POST, which creates it', async () => {
      const title = `Second go ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { status: 400, body: { error: 'title is not acceptable' } } });
      const seen = script((u) => u.pick(/Email/), enter(title), (u) => u.pick(/No company/), (u) => u.accept(), (u) => u.accept());
      const result = await run();
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(result.type, 'email', 'the type picked first is kept');
      assert.equal(seen[4]?.kind, 'quickPick');
      assert.equal(posts().length, 2);
      assert.equal(stored(title).length, 1);
    });

    it('noPrompt: a 4xx is certain, returned with the input kept; the notification offers Try Again', async () => {
      const title = `Refused ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { status: 404, body: { error: 'Not found' } } });
      const result = await direct({ type: 'document', title, companyId: COMPANY });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'notCreated');
      assert.equal(result.certain, true);
      assert.deepEqual(created, [], 'nothing to watch');
      assert.match(result.error, /^Could not create the session: /);
      assert.deepEqual(result.prefill.values, { type: 'document', title, companyId: COMPANY });
      const shown = await told();
      assert.equal(shown.kind, 'error');
      assert.deepEqual(shown.items, ['Try Again']);
      assert.equal(posts().length, 1);
      assert.equal(gets().length, 0, 'a refusal is not read back');
      assert.equal(tree.shown.length, 0);
    });

    it('a 401 switches the connection to authFailed and offers Update API Key, which reopens the input prefilled', async () => {
      const title = `Rejected ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { status: 401, body: { error: 'Invalid API key' } } });
      answer('Update API Key');
      const seen = script((u) => u.pick(/Chat/), enter(title), (u) => u.pick(/No company/), (u) => u.escape());
      const result = await run();
      assert.equal(result, undefined);
      assert.equal(connection.state.kind, 'authFailed');
      const shown = messages();
      assert.equal(shown.length, 1);
      assert.match(shown[0].message, /^Could not create the session: /);
      assert.deepEqual(shown[0].items, ['Update API Key']);
      assert.deepEqual(ran.map((r) => r.id), ['pgai.setApiKey']);
      assert.equal(seen.length, 4, 'reopened after the key was saved');
      assert.equal(seen[3].step, 3, 'at the company step');
      assert.equal(posts().length, 1);
    });

    it('Update API Key that saves nothing does not reopen the input', async () => {
      fault({ method: 'POST', nth: 1, then: { status: 401, body: { error: 'Invalid API key' } } });
      answer('Update API Key');
      setApiKeyAnswer = false;
      const seen = script((u) => u.pick(/Chat/), enter('no key saved'), (u) => u.pick(/No company/));
      assert.equal(await run(), undefined);
      assert.equal(seen.length, 3);
      assert.equal(posts().length, 1);
    });
  });

  describe('uncertain failures: was it created? (reading back)', () => {
    it('a 502 after PG:AI stored it: found by reading back, reported as created, no second POST', async () => {
      const title = `Gateway ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { kind: 'createThenStatus', status: 502, body: { error: 'Bad gateway' } } });
      const result = await direct({ title });
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(result.title, title);
      assert.deepEqual(created.map((s) => s.id), [result.id], 'found by reading back: watched too');
      const shown = await told();
      assert.equal(shown.message, `Created session “${title}” (PG:AI’s answer was lost, but reading back found it).`);
      assert.deepEqual(tree.shown.map((s) => s.id), [result.id]);
      assert.equal(posts().length, 1, 'the POST is never retried');
      assert.equal(stored(title).length, 1, 'no duplicate');
      const readBack = gets();
      assert.equal(readBack.length, 1, 'one read-back found it');
      assert.equal(readBack[0]?.query.sort_by, 'created_at');
      assert.deepEqual(standIn.ui.progress.at(-1)?.messages, ['checking whether it was created…']);
      assert.deepEqual(waits, [], 'no second read-back');
    });

    it('a timeout after PG:AI stored it: found by reading back', async () => {
      const title = `Timed out ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { kind: 'createThenHang' } });
      const result = await direct({ title });
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(posts().length, 1);
      assert.equal(stored(title).length, 1);
      assert.ok(lines.some((l) => /found by reading back/.test(l)));
    });

    it('a 503 that created nothing: read back twice, “probably not created”, kept for Try Again', async () => {
      const title = `Not there ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { status: 503, body: { error: 'down' } } });
      const result = await direct({ type: 'chat', title });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'notCreated');
      assert.equal(result.certain, false);
      assert.match(result.error, /^PG:AI answered with a server error \(503\) and the session “.*” is not among the newest sessions, so it was probably not created/);
      assert.deepEqual(result.prefill.values, { type: 'chat', title, companyId: '' });
      assert.deepEqual(waits, [READ_BACK_RETRY_MS], 'a second read-back after a pause (a list may lag)');
      assert.equal(gets().length, 2);
      assert.equal(posts().length, 1);
      const shown = await told();
      assert.deepEqual(shown.items, ['Try Again']);
      assert.equal(tree.shown.length, 0);
    });

    it('a timeout that created nothing: “probably not created”', async () => {
      fault({ method: 'POST', nth: 1, then: { kind: 'hang' } });
      const result = await direct({ title: `Hung ${randomUUID()}` });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'notCreated');
      assert.equal(result.certain, false);
      assert.match(result.error, /^PG:AI did not answer in time/);
      assert.equal(posts().length, 1);
    });

    it('several sessions like it created just now: none is chosen; Pick the Session lists them', async () => {
      const title = `Twins ${randomUUID()}`;
      await createElsewhere(title);
      await createElsewhere(title);
      const before = posts().length;
      fault({ method: 'POST', nth: 1, then: { status: 502, body: { error: 'Bad gateway' } } });
      let picked: unknown;
      standIn.ui.answerQuickPick = (items) => (picked = items[1]);
      answer('Pick the Session');
      const result = await direct({ type: 'chat', title });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'ambiguous');
      const shown = await told();
      assert.match(shown.message, /and 2 sessions with that title were created around then, so yours cannot be told apart/);
      assert.deepEqual(shown.items, ['Pick the Session', 'Refresh Sessions']);
      await waitFor(() => ran.length > 0, 'the picked session opened');
      const pick = standIn.ui.shown.find((s) => s.kind === 'quickPick') as { items: { detail?: string }[] } | undefined;
      assert.deepEqual(pick?.items.map((i) => i.detail).sort(), stored(title).map((s) => s.id).sort());
      assert.equal(ran[0]?.id, 'pgai.openSessionDetails');
      assert.equal((ran[0]?.args[0] as Session).id, (picked as { session: Session }).session.id);
      assert.equal(tree.shown.length, 0, 'none is put in the tree as the new one');
      assert.equal(posts().length - before, 1, 'one POST of ours');
    });

    it('one session like it, but not the new one (it was loaded already): not taken for it', async () => {
      const title = `Loaded ${randomUUID()}`;
      await createElsewhere(title);
      const listed = await connection.api!.listSessions({ page: 1, perPage: 5, sortBy: 'created_at', sortOrder: 'desc' });
      tree.loaded = listed.sessions.filter((s) => s.title === title);
      assert.equal(tree.loaded.length, 1);
      fault({ method: 'POST', nth: 1, then: { status: 502, body: { error: 'Bad gateway' } } });
      const result = await direct({ type: 'chat', title });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'notCreated', 'the loaded session is not the new one');
    });

    it('reading back fails too: unknown; Try Again first looks again and finds it, with no second POST', async () => {
      const title = `Unknown ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { kind: 'createThenStatus', status: 504, body: { error: 'Gateway timeout' } } });
      fault({ method: 'GET', then: { status: 500, body: { error: 'read side down' } } });
      standIn.ui.answerMessage = (shown) => {
        if (actions(shown).includes('Try Again')) {
          sandbox.clearFaults(); // the list works again by the time the user answers
          return 'Try Again';
        }
        return undefined;
      };
      const seen = script((u) => u.pick(/Chat/), enter(title), (u) => u.pick(/No company/), (u) => u.accept());
      const result = await run();
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      const shown = messages();
      assert.equal(shown.length, 2);
      assert.match(shown[0].message, /^PG:AI answered with a server error \(504\) while creating “.*” \(.*\), and checking whether it was created failed too/);
      assert.deepEqual(shown[0].items, ['Refresh Sessions', 'Try Again']);
      assert.equal(seen[3]?.step, 3, 'reopened prefilled at the company step');
      assert.match(shown[1].message, /^Created session “.*” \(PG:AI’s answer was lost, but reading back found it\)\.$/);
      assert.equal(posts().length, 1, 'Try Again sent no second POST');
      assert.equal(stored(title).length, 1);
      assert.deepEqual(tree.shown.map((s) => s.id), [result.id]);
    });

    it('the client closed mid-POST (the connection went away): interrupted, and reading back cannot tell', async () => {
      const title = `Interrupted ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { kind: 'createThenHang' } });
      const pending = direct({ title });
      await waitFor(() => stored(title).length === 1, 'the session stored, its answer pending');
      connection.dispose();
      const result = await pending;
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'unknown');
      assert.match(result.error, /^The request was interrupted while creating/);
      assert.equal(posts().length, 1);
      assert.equal(gets().length, 0, 'nothing is sent on a closed client');
    });

    it('a 201 without the session and no read-back: createdUnseen, the view refreshed', async () => {
      const title = `Unseen ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { kind: 'createThenStatus', status: 201, body: {} } });
      fault({ method: 'GET', then: { status: 500, body: { error: 'read side down' } } });
      answer('Refresh Sessions');
      const result = await direct({ title });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'createdUnseen');
      assert.match(result.error, /but its answer did not include it\. The view was refreshed/);
      assert.equal(tree.refreshes, 1);
      assert.equal(tree.shown.length, 0);
      await waitFor(() => ran.length > 0, 'Refresh Sessions');
      assert.deepEqual(ran.map((r) => r.id), ['pgai.refreshSessions']);
      assert.equal(posts().length, 1);
      assert.equal(stored(title).length, 1);
    });

    it('a 201 without the session, then found by reading back: created', async () => {
      const title = `No body ${randomUUID()}`;
      fault({ method: 'POST', nth: 1, then: { kind: 'createNoBody' } });
      const result = await direct({ title });
      assert.ok(result && !isFailure(result), JSON.stringify(result));
      assert.equal(result.title, title);
      assert.equal(posts().length, 1);
    });
  });

  describe('noPrompt automation without a usable connection', () => {
    it('an invalid company id is refused before any request, without a notification', async () => {
      const result = await direct({ title: 'bad company', companyId: 'acme' });
      assert.ok(isFailure(result));
      assert.match(result.error, /UUID/);
      assert.equal(result.prefill.step, 'company');
      await delivered();
      assert.equal(messages().length, 0);
      assert.equal(sandbox.requests.length, 0);
    });

    it('no key: refused without a request; Set API Key is offered and run', async () => {
      await new ApiKeyStore(context.secrets).delete(sandbox.origin);
      await waitFor(() => connection.state.kind === 'noKey', 'noKey');
      answer('Set API Key');
      const result = await direct({ title: 'no key' });
      assert.ok(isFailure(result));
      assert.equal(result.outcome, 'notCreated');
      assert.equal(result.error, 'Set your PG:AI API key before creating a session.');
      await waitFor(() => ran.length > 0, 'Set API Key');
      assert.deepEqual(ran.map((r) => r.id), ['pgai.setApiKey']);
      assert.equal(sandbox.requests.length, 0);
    });

    it('a bad base URL: its message, and Open Setting opens pgai.apiBaseUrl', async () => {
      standIn.setConfiguration('pgai.apiBaseUrl', 'http://example.com/api');
      await waitFor(() => connection.state.kind === 'badBaseUrl', 'badBaseUrl');
      answer('Open Setting');
      const result = await direct({ title: 'bad url' });
      assert.ok(isFailure(result) && connection.state.kind === 'badBaseUrl');
      assert.equal(result.error, connection.state.message);
      await waitFor(() => standIn.executedCommands.some((c) => c.id === 'workbench.action.openSettings'), 'Open Setting');
      assert.deepEqual(standIn.executedCommands.find((c) => c.id === 'workbench.action.openSettings')?.args, ['pgai.apiBaseUrl']);
      assert.equal(sandbox.requests.length, 0);
    });
  });

  it('what a failed create was given is offered again by the next Create Session', async () => {
    const title = `Restore me ${randomUUID()}`;
    fault({ method: 'POST', nth: 1, then: { status: 404, body: { error: 'Not found' } } });
    await direct({ type: 'plan', title });
    await told();
    const seen = script((u) => u.escape());
    assert.equal(await run(), undefined);
    assert.equal(seen[0]?.step, 1);
    assert.match(seen[0]?.placeholder ?? '', /^Restored what you typed at /);
    assert.match(seen[0]?.activeItems[0]?.label ?? '', /Plan/, 'the type typed before is preselected');
    assert.equal(posts().length, 1, 'reopening sends nothing');
  });
});
