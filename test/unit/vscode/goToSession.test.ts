// Go to Session… through the vscode stand-in, with the real provider and connection talking HTTP
// to the sandbox: it asks PG:AI's search as you type, shows what it found beside the loaded
// sessions, and picking one loads its group as far as needed, reveals it and opens its page.
import { standIn } from './helpers';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import type { Session } from '../../../src/api/types';
import type { TreeNode } from '../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS } from '../../../src/core/sessions/sessionsSettings';
import { registerGoToSession } from '../../../src/vscode/tree/goToSession';
import { SessionsTreeProvider } from '../../../src/vscode/tree/provider';
import { connectedWindow, disposeAll, waitFor, type Context } from './helpers';

describe('vscode/goToSession', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let context: Context;
  let provider: SessionsTreeProvider;
  let revealed: TreeNode[];
  let opened: unknown[];

  before(async () => {
    sandbox = await startSandbox({ rateLimit: false, sessionCount: 60 });
  });
  after(async () => {
    await sandbox.close();
  });

  beforeEach(async () => {
    const window = await connectedWindow(sandbox, [], 1000);
    context = window.context;
    const { log, connection } = window;
    provider = new SessionsTreeProvider(connection, { ...DEFAULT_SETTINGS }, log);
    revealed = [];
    (provider.view as unknown as { reveal: (node: TreeNode) => Promise<void> }).reveal = async (node) => {
      revealed.push(node);
    };
    opened = [];
    context.subscriptions.push(
      connection,
      provider,
      standIn.vscode.commands.registerCommand('pgai.openSessionDetails', (arg: unknown) => opened.push(arg)),
    );
    registerGoToSession(context as never, provider, connection, log);
  });

  afterEach(() => disposeAll(context));

  it('searches PG:AI as you type, then picking a found session loads its group, reveals it and opens its page', async () => {
    const target = sandbox.sessions().find((s) => typeof s.title === 'string' && /Wonka/.test(s.title));
    assert.ok(target, 'the sandbox has a Wonka session');
    let shown: { label: string; found?: boolean }[] = [];
    standIn.ui.answerQuickInput = async (user) => {
      assert.equal(user.input.items.length, 0, 'nothing loaded yet');
      user.type('Wonka');
      await waitFor(() => user.input.items.length > 0, 'what the search found');
      shown = user.input.items.map((i) => ({ label: i.label, found: (i as unknown as { choice: { found: boolean } }).choice.found }));
      user.pick(target.title as string);
    };
    await standIn.vscode.commands.executeCommand('pgai.goToSession');
    const searches = sandbox.requests.filter((r) => r.query.search === 'Wonka');
    assert.equal(searches.length, 1, 'one search for the text typed');
    assert.equal(searches[0].query.per_page, '25');
    assert.ok(shown.length > 0 && shown.every((s) => s.found), JSON.stringify(shown));
    assert.equal(revealed.length, 1);
    const node = revealed[0];
    assert.ok(node.kind === 'session' && node.entry.session.id === target.id, 'its row, loaded into its group');
    assert.equal((opened[0] as Session).id, target.id);
  });

  it('loaded sessions are offered at once, without a request; Escape changes nothing', async () => {
    (provider.view as unknown as { setVisible(v: boolean): void }).setVisible(true);
    const roots = await provider.getChildren();
    const chat = roots.find((n) => n.kind === 'group' && n.key === 'chat');
    assert.ok(chat);
    await provider.getChildren(chat);
    const before = sandbox.listRequests();
    let count = 0;
    standIn.ui.answerQuickInput = (user) => {
      count = user.input.items.length;
      user.escape();
    };
    await standIn.vscode.commands.executeCommand('pgai.goToSession');
    assert.equal(count, provider.loadedSessions().length);
    assert.ok(count > 0);
    assert.equal(sandbox.listRequests(), before);
    assert.deepEqual([revealed.length, opened.length], [0, 0]);
  });
});
