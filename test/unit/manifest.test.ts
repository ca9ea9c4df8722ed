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
    configuration: { properties: Record<string, Setting> };
  };
}
interface Setting {
  default: unknown;
  scope?: string;
  enum?: unknown[];
  enumItemLabels?: string[];
  enumDescriptions?: string[];
  markdownDescription?: string;
  items?: { enum?: unknown[]; enumItemLabels?: string[]; enumDescriptions?: string[] };
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

  it('has a welcome view before activation, for every state that is not ready, and for a ready view without rows', () => {
    const welcomes = manifest.contributes.viewsWelcome.map((w) => w.when);
    const notReady = welcomes.map((when) => /^pgai\.state == (\w+)$/.exec(when)?.[1]).filter((s) => s !== undefined);
    assert.deepEqual(notReady.sort(), ['authFailed', 'badBaseUrl', 'forbidden', 'noKey']);
    const listStates = welcomes.map((when) => /^pgai\.state == ready && pgai\.listState == (\w+)$/.exec(when)?.[1]).filter((s) => s !== undefined);
    assert.deepEqual(listStates.sort(), ['filtered', 'none', 'unreachable']);
    // Before activation (no state yet) the view says it is starting, never "no data provider".
    assert.equal(welcomes.filter((when) => when === '!pgai.state').length, 1);
    assert.equal(notReady.length + listStates.length + 1, welcomes.length, 'every welcome view is one of these');
  });

  it('keeps the API address out of workspace settings', () => {
    assert.equal(manifest.contributes.configuration.properties['pgai.apiBaseUrl'].scope, 'application');
  });

  it('every enum setting has a label and a description per value', () => {
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      for (const holder of [setting, setting.items ?? {}]) {
        if (!holder.enum) continue;
        assert.equal(holder.enumItemLabels?.length, holder.enum.length, `${key}: enumItemLabels`);
        assert.equal(holder.enumDescriptions?.length, holder.enum.length, `${key}: enumDescriptions`);
        assert.equal(new Set(holder.enumItemLabels).size, holder.enum.length, `${key}: labels tell the values apart`);
      }
    }
    const labelled = Object.values(manifest.contributes.configuration.properties).filter((p) => (p.enum ?? p.items?.enum) !== undefined);
    assert.ok(labelled.length >= 4, 'groupBy, filter.type, sortBy and sortOrder are enums');
  });

  it('settings speak the user’s words: an API name only as a trailing "(API field `x`)" detail', () => {
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      const text = setting.markdownDescription ?? '';
      assert.ok(text.length > 0, `${key} has a description`);
      const [head, tail] = text.split(/\(API (?:field|parameter) /);
      assert.doesNotMatch(head, /`[a-z]+_[a-z_]+`|sent (?:to the API )?as/, `${key}: an API name in the description itself: ${head}`);
      if (tail !== undefined) assert.match(tail, /^`[a-z_]+`\)$/, `${key}: the API detail ends the description`);
    }
  });

  describe('the Command Palette', () => {
    const palette = new Map((manifest.contributes.menus.commandPalette ?? []).map((item) => [item.command, item.when]));
    const visible = (id: string) => palette.get(id) !== 'false';

    it('hides the commands that need a tree item', () => {
      for (const id of ['pgai.loadMore', 'pgai.retryGroup', 'pgai.createSessionOfType']) assert.equal(palette.get(id), 'false', id);
    });

    it('shows the commands that need a key only once a key is set', () => {
      for (const id of ['pgai.createSession', 'pgai.openSessionDetails', 'pgai.copySessionId', 'pgai.copySessionJson', 'pgai.filterByCompany', 'pgai.refreshSessions', 'pgai.clearApiKey']) {
        const when = palette.get(id) ?? '';
        assert.match(when, /pgai\.state == ready/, `${id}: ${when}`);
        assert.doesNotMatch(when, /noKey|badBaseUrl/, `${id}: ${when}`);
      }
      for (const id of ['pgai.setApiKey', 'pgai.showLog']) assert.equal(palette.get(id), undefined, `${id} is always there`);
    });

    it('gives every visible command a title that stands alone', () => {
      const titles = manifest.contributes.commands.filter((c) => visible(c.command)).map((c) => c.title);
      for (const title of titles) {
        assert.doesNotMatch(title, /\bThis\b/, `"${title}" needs a tree item to make sense`);
        if (/^Copy\b/.test(title)) assert.match(title, /Session/, `"${title}" says what it copies`);
      }
      assert.ok(titles.includes('Copy Session ID') && titles.includes('Copy Session as JSON') && titles.includes("Filter by Session's Company") && titles.includes('Open Session Details'), titles.join(' | '));
    });
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
