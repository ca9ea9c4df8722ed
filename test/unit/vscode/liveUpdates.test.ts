// The live view's pace (src/vscode/tree/liveUpdates.ts) through the vscode stand-in, with the
// real tree provider and connection talking HTTP to the sandbox, on a fake clock: when checks
// happen, that each costs one request, what the watched sessions are told, the pace after a
// create, the rate-limit floor, and the minute redraw that makes no request.
import { standIn } from './helpers';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import type { Session } from '../../../src/api/types';
import { DEFAULT_SETTINGS } from '../../../src/core/sessions/sessionsSettings';
import type { SessionsConnection, WatchedSessions } from '../../../src/vscode/contracts';
import { LiveUpdates } from '../../../src/vscode/tree/liveUpdates';
import { SessionsTreeProvider } from '../../../src/vscode/tree/provider';
import { FakeTimers, session } from '../core/sessions/factories';
import { connectedWindow, delivered, disposeAll, recordingChannel, waitFor, type Context } from './helpers';

class FakeWatched implements WatchedSessions {
  active: Session[] = [];
  watchedAny = false;
  readonly observed: { sessions: readonly Session[]; baseline: boolean }[] = [];
  private readonly emitter = new standIn.vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  observe(observed: { readonly sessions: readonly Session[]; readonly baseline: boolean }): void {
    this.observed.push({ sessions: observed.sessions, baseline: observed.baseline });
  }
  hasWatched(): boolean {
    return this.watchedAny || this.active.length > 0;
  }
  activeWatched(): readonly Session[] {
    return this.active;
  }
  changed(): void {
    this.emitter.fire();
  }
}

describe('vscode/liveUpdates', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let context: Context;
  let connection: SessionsConnection;
  let provider: SessionsTreeProvider;
  let watched: FakeWatched;
  let timers: FakeTimers;
  let live: LiveUpdates;
  let lines: string[];
  let checks: number;

  before(async () => {
    sandbox = await startSandbox({ rateLimit: false, sessionCount: 40 });
  });
  after(async () => {
    await sandbox.close();
  });

  beforeEach(async () => {
    lines = [];
    const window = await connectedWindow(sandbox, lines, 1000);
    ({ context, connection } = window);
    const { log } = window;
    provider = new SessionsTreeProvider(connection, { ...DEFAULT_SETTINGS }, log);
    const check = provider.checkForChanges.bind(provider);
    inFlight = 0;
    provider.checkForChanges = async (w) => {
      inFlight++;
      try {
        return await check(w);
      } finally {
        inFlight--;
      }
    };
    watched = new FakeWatched();
    timers = new FakeTimers();
    checks = 0;
    context.subscriptions.push(connection, provider);
  });

  afterEach(() => {
    live?.dispose();
    disposeAll(context);
  });

  function start(): void {
    live = new LiveUpdates(provider, connection, watched, recordingChannel(lines), () => checks++, { ...timers, now: () => timers.now });
  }

  let inFlight = 0;
  /** The user shows or hides the view (the stand-in fires what VS Code fires). */
  const show = (visible: boolean) => (provider.view as unknown as { setVisible(v: boolean): void }).setVisible(visible);
  /** Moves the fake clock on in 1 s steps, letting each check's request finish. */
  async function pass(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 1000) {
      timers.advance(1000);
      await delivered();
      if (inFlight > 0) await waitFor(() => inFlight === 0, 'the check to finish');
    }
  }

  it('no check while nothing is watched and the view is hidden', async () => {
    start();
    await pass(10 * 60_000);
    assert.equal(sandbox.listRequests(), 0);
    assert.equal(timers.pending.size, 0, 'nothing scheduled');
  });

  it('while the view is visible: a check every 30 s, one request each, the first a baseline', async () => {
    show(true);
    start();
    await pass(29_000);
    assert.equal(sandbox.listRequests(), 0);
    await pass(1000);
    await waitFor(() => watched.observed.length === 1, 'the first check');
    assert.equal(sandbox.listRequests(), 1);
    assert.equal(watched.observed[0].baseline, true);
    const request = sandbox.requests.filter((r) => r.path.endsWith('/agent/sessions')).at(-1);
    assert.equal(request?.query.sort_by, 'updated_at');
    assert.equal(request?.query.sort_order, 'desc');
    assert.equal(request?.query.per_page, '50');
    await pass(30_000);
    await waitFor(() => watched.observed.length === 2, 'the second check');
    assert.equal(sandbox.listRequests(), 2);
    assert.equal(watched.observed[1].baseline, false);
    assert.equal(checks, 2, 'the details pages are synced after each check');
  });

  it('a watched session in progress: every 15 s while focused, every 60 s unfocused, none once it is done and the view hidden', async () => {
    watched.active = [session({ status: 'running' })];
    start();
    await pass(15_000);
    await waitFor(() => watched.observed.length === 1, 'a check at 15 s');
    await pass(15_000);
    await waitFor(() => watched.observed.length === 2, 'a check at 30 s');
    standIn.setWindowFocused(false);
    await pass(59_000);
    assert.equal(watched.observed.length, 2, 'unfocused: not before 60 s after the last check');
    await pass(1000);
    await waitFor(() => watched.observed.length === 3, 'a check at 60 s unfocused');
    standIn.setWindowFocused(true);
    await pass(15_000);
    await waitFor(() => watched.observed.length === 4, 'focused again: 15 s after the last check');
    watched.active = [];
    watched.changed();
    await pass(10 * 60_000);
    assert.equal(watched.observed.length, 4);
  });

  it('watched ids whose status is not known yet: one check, even with the view hidden', async () => {
    watched.watchedAny = true;
    start();
    await pass(15_000);
    await waitFor(() => watched.observed.length === 1, 'the first check');
    await pass(10 * 60_000);
    assert.equal(watched.observed.length, 1, 'then nothing in progress is known: no more checks');
  });

  it('soon after a create: a check 3 s later', async () => {
    show(true);
    start();
    const created = await connection.api?.createSession({ type: 'chat', title: 'Live' });
    assert.ok(created);
    await provider.showCreatedSession(created);
    await pass(3000);
    await waitFor(() => watched.observed.length === 1, 'a check 3 s after the create');
    assert.ok(watched.observed[0].sessions.some((s) => s.id === created.id));
  });

  it('the rate-limit floor holds checks back', async () => {
    show(true);
    sandbox.setOptions({ rateLimit: { limit: 60, windowMs: 3_600_000 } });
    // Spend the budget down to the floor (10 of 60 left is under a fifth of the limit).
    for (let i = 0; i < 49; i++) await connection.api?.listSessions({ perPage: 1 });
    const spent = sandbox.listRequests();
    start();
    await pass(120_000);
    assert.equal(sandbox.listRequests(), spent, 'no check spends the last requests');
    assert.ok(lines.some((l) => /change check skipped/.test(l)));
  });

  it('pollSeconds 0 turns checking off; a new pace applies at once', async () => {
    show(true);
    watched.active = [session({ status: 'running' })];
    start();
    live.update(0);
    await pass(5 * 60_000);
    assert.equal(sandbox.listRequests(), 0);
    live.update(20);
    await pass(20_000);
    await waitFor(() => watched.observed.length === 1, 'a check at the new pace');
  });

  it('redraws the rows once a minute while the view is visible, without a request', async () => {
    let redraws = 0;
    context.subscriptions.push(provider.onDidChangeTreeData(() => redraws++));
    show(true);
    live = new LiveUpdates(provider, connection, watched, recordingChannel(lines), () => undefined, { ...timers, now: () => timers.now });
    live.update(0); // checks off: only the redraw runs
    timers.advance(60_000);
    timers.advance(60_000);
    assert.equal(redraws, 2);
    show(false);
    timers.advance(180_000);
    assert.equal(redraws, 2, 'hidden: no redraw');
    assert.equal(sandbox.listRequests(), 0);
  });
});
