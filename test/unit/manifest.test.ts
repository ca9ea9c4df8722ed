// Keeps package.json, the code and README in step mechanically.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const requireHere = createRequire(__filename);
const standIn = requireHere('../support/vscode-stand-in.cjs') as {
  registeredCommands: string[];
  createdViews: string[];
  createContext(path: string): { subscriptions: { dispose(): void }[] };
};

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when: string }[];
    configuration: { properties: Record<string, { default: unknown; scope?: string }> };
  };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const declared = manifest.contributes.commands.map((c) => c.command);

function section(name: string): string {
  const match = new RegExp(`<!-- ${name}:begin[^>]*-->([\\s\\S]*?)<!-- ${name}:end -->`).exec(readme);
  assert.ok(match, `README has a ${name} section`);
  return match[1];
}

describe('manifest', () => {
  let registered: string[] = [];

  before(() => {
    const extension = requireHere('../../src/extension') as { activate(context: unknown): unknown };
    const context = standIn.createContext(root);
    extension.activate(context);
    registered = standIn.registeredCommands.filter((id) => id.startsWith('pgai.'));
    for (const d of context.subscriptions) d.dispose();
  });

  it('registers every declared command, and declares every registered one', () => {
    assert.deepEqual([...new Set(registered)].sort(), [...declared].sort());
  });

  it('registers each command once', () => {
    assert.equal(registered.length, new Set(registered).size);
  });

  it('creates the declared view', () => {
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    assert.deepEqual(views, ['pgai.sessions']);
    assert.ok(standIn.createdViews.includes('pgai.sessions'));
  });

  it('menus only name declared commands', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(declared.includes(item.command), `${menu} names ${item.command}`);
    }
  });

  it('has a welcome view for every state that is not ready', () => {
    const states = manifest.contributes.viewsWelcome.map((w) => /pgai\.state == (\w+)/.exec(w.when)?.[1]);
    assert.deepEqual(states.sort(), ['authFailed', 'badBaseUrl', 'forbidden', 'noKey']);
  });

  it('keeps the API address out of workspace settings', () => {
    assert.equal(manifest.contributes.configuration.properties['pgai.apiBaseUrl'].scope, 'application');
  });

  it('a details page’s title bar offers Copy Session ID and Refresh', () => {
    const items = manifest.contributes.menus['editor/title'] ?? [];
    const onPage = items.filter((i) => i.when === 'resourceScheme == pgai-session').map((i) => i.command);
    assert.deepEqual(onPage.sort(), ['pgai.copySessionId', 'pgai.copySessionJson', 'pgai.refreshSessionDetails']);
  });

  it("README's commands table lists exactly the declared commands", () => {
    const rows = [...section('commands').matchAll(/^\| (PG:AI: [^|]+?) \|/gm)].map((m) => m[1]);
    const titles = manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    assert.deepEqual(rows.sort(), titles.sort());
  });

  it("README's settings table lists every setting with its default", () => {
    const rows = [...section('settings').matchAll(/^\| `([\w.]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]);
    const settings = Object.entries(manifest.contributes.configuration.properties).map(([key, p]) => [
      key,
      typeof p.default === 'string' ? (p.default === '' ? '""' : p.default) : JSON.stringify(p.default),
    ]);
    assert.deepEqual(rows.sort(), settings.sort());
  });
});
