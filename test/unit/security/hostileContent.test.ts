// Hostile session content, end to end in Node: the sandbox serves sessions whose fields carry
// Markdown links, `command:` URIs, HTML, control characters, 10,000-character strings and
// right-to-left overrides; the real client parses them, the real tree provider (through the
// vscode stand-in) builds the items, tooltips and details document. Everything must render
// inert (checked by rendering the tooltip with markdown-it) and stay readable.
// The stand-in first: the tree modules below import `vscode`.
import { standIn } from '../../soak/standIn';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PgaiClient } from '../../../src/api/client';
import { sessionTooltipMarkdown } from '../../../src/core/sessions/tooltip';
import { cleanText } from '../../../src/core/sessions/text';
import type { Session } from '../../../src/api/types';
import { DEFAULT_SETTINGS } from '../../../src/core/sessions/sessionsSettings';
import { SessionDetailsProvider } from '../../../src/vscode/tree/detailsDocument';
import { SessionsTreeProvider } from '../../../src/vscode/tree/provider';
import { sessionTooltip, toTreeItem } from '../../../src/vscode/tree/treeItems';
import { hostilePaths } from '../../fuzz/hostilePaths';
import { INVISIBLE, assertInertDetailsMarkdown, assertInertMarkdown } from '../../fuzz/inert';
import { humanizeFieldName } from '../../../src/core/sessions/details';
import { type Sandbox, startSandbox } from '../../../sandbox/server';

export const HOSTILE_TITLES: readonly string[] = [
  '[Click me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D)',
  '[x](https://evil.example/steal) and <https://evil.example/auto> and www.evil.example',
  '<img src=x onerror=alert(1)><script>alert(1)</script><a href="command:pgai.clearApiKey">a</a>',
  '![img](https://evil.example/pixel.png) `code` **bold** _em_ # heading',
  'Invoice \u202Efdp.exe\u202C and \u2066isolate\u2069 and \u200Fmark',
  'Bell\u0007 escape\u001b[31mred\u001b[0m null\u0000 del\u007f c1\u0085 line\nbreak\rreturn\u2028sep',
  '&lt;b&gt;entity&lt;/b&gt; &#x5b;x&#x5d;(command:pgai.setApiKey)',
  'A'.repeat(10_000),
  '\u{1F600}'.repeat(5_000),
];

function hostileSession(n: number, title: string): Record<string, unknown> {
  return {
    id: `hostile-${n}`,
    title,
    type: 'chat',
    status: n % 2 === 0 ? '[done](command:pgai.clearApiKey)' : 'running\u202E',
    company_id: '<b>co</b>\u202E',
    created_at: '2026-01-15T10:00:00Z',
    updated_at: '<script>x</script>',
    notes: `${title}`.slice(0, 200),
  };
}

describe('security: hostile session content renders inert and readable', () => {
  let sandbox: Sandbox;
  let client: PgaiClient;
  before(async () => {
    sandbox = await startSandbox({ port: 0, rateLimit: false, sessionCount: 0 });
  });
  after(async () => {
    await client?.dispose();
    await sandbox.close();
  });

  it('in tree labels, descriptions, tooltips and the details document (real client + provider)', async () => {
    client = new PgaiClient({ baseUrl: sandbox.baseUrl, apiKey: sandbox.apiKey, env: {} });
    // The sandbox caps titles at 500 characters on create, so the list is served as a canned
    // response: the server (or anyone with write access to the data) decides what comes back.
    const raw = HOSTILE_TITLES.map((title, n) => hostileSession(n, title));
    sandbox.addFault({ method: 'GET', then: { status: 200, body: { items: raw, total: raw.length } } });
    const emitter = new standIn.vscode.EventEmitter<void>();
    const connection = { state: { kind: 'ready' }, onDidChange: emitter.event, api: client, origin: sandbox.origin, reportAuthFailure: () => undefined, retry: () => Promise.resolve(), dispose: () => undefined };
    const provider = new SessionsTreeProvider(connection as never, { ...DEFAULT_SETTINGS, groupBy: 'none' }, { trace() {}, debug() {}, info() {}, warn() {}, error() {} });
    const now = Date.UTC(2026, 0, 15, 12);
    const nodes = (await provider.getChildren(undefined));
    const sessions = nodes.filter((n) => n.kind === 'session');
    assert.equal(sessions.length, HOSTILE_TITLES.length);
    const details = new SessionDetailsProvider();
    for (const node of sessions) {
      if (node.kind !== 'session') continue;
      const original = String(node.entry.session.raw.title);
      const item = toTreeItem(node, now);
      const label = String(typeof item.label === 'object' ? item.label.label : item.label);
      // Label: one readable line, no invisible or direction-changing characters, bounded.
      assert.doesNotMatch(label, INVISIBLE);
      assert.ok(label.length <= 120, `label of ${label.length} characters`);
      assert.ok(label.length > 0);
      assert.ok(cleanText(original).startsWith(label.replace(/…$/, '')), `label "${label.slice(0, 40)}" is not the title's text`);
      assert.doesNotMatch(String(item.description), INVISIBLE);
      // The only command on an item is our own, with the node as argument.
      assert.equal(item.command?.command, 'pgai.openSessionDetails');
      // Tooltip: untrusted, no HTML, and inert when rendered.
      const tooltip = sessionTooltip(node, now) as { value: string; isTrusted: boolean; supportHtml: boolean };
      assert.equal(tooltip.isTrusted, false);
      assert.equal(tooltip.supportHtml, false);
      assert.doesNotMatch(tooltip.value, INVISIBLE);
      assert.ok(tooltip.value.length < 3_000, `tooltip of ${tooltip.value.length} characters`);
      const html = assertInertMarkdown(tooltip.value);
      // Readable: the rendered text still says what the title says (first 30 readable characters).
      const visible = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.ok(visible.includes(cleanText(original).slice(0, 30)), `tooltip text lost the title: ${visible.slice(0, 80)}`);
      // Details: a Markdown page, inert as the Markdown preview renders it, that reads as the title.
      const uri = details.set(node.entry.session);
      assert.doesNotMatch(uri.path, INVISIBLE);
      const text = details.provideTextDocumentContent(uri);
      assert.ok(text.length < 30_000, `a page of ${text.length} characters`);
      const page = assertInertDetailsMarkdown(text).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.ok(page.startsWith(cleanText(original).slice(0, 30)), `the page's heading lost the title: ${page.slice(0, 80)}`);
      for (const key of Object.keys(node.entry.session.raw).filter((k) => !['title', 'status', 'type', 'company_id', 'created_at', 'updated_at'].includes(k))) {
        assert.ok(page.includes(humanizeFieldName(key)), `the field ${key} is on the page`);
      }
    }
    details.dispose();
    provider.dispose();
  });

  it('tooltip Markdown is inert for any title and field values (property)', () => {
    const nasty = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(...HOSTILE_TITLES.map((t) => t.slice(0, 300))),
      fc.array(fc.constantFrom('[', ']', '(', ')', '<', '>', '`', '*', '_', '!', '&', '#', 'command:', 'https://', 'www.', '\\', '\u202E', '\n', '|', '~', ':'), { maxLength: 40 }).map((p) => p.join('x')),
    );
    fc.assert(
      fc.property(nasty, nasty, nasty, (title, status, company) => {
        const session: Session = { id: 'id-1', title, status, companyId: company, type: 'chat', raw: {} };
        const source = sessionTooltipMarkdown(session, Date.UTC(2026, 0, 15));
        assert.doesNotMatch(source, INVISIBLE);
        assertInertMarkdown(source);
      }),
      { numRuns: 300 },
    );
  });

  it('any hostile field (lone surrogates, NULs, bidi, 100 KB) passes every path in every grouping (property)', async function () {
    this.timeout(60_000);
    await hostilePaths.run(Number(process.env.HOSTILE_RUNS ?? 60), 4242);
  });
});
