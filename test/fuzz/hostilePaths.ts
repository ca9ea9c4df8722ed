// Hostile strings in every field of a session, through every path text from the server takes:
// parsing, the sessions model in every grouping (node ids, buckets), tree items (labels,
// descriptions, tooltips, context values), the details document (its URI and content) and the
// log. Nothing may throw, grow without bound, stay invisible-and-active, or carry the key.
// The stand-in first: the tree modules import `vscode`.
import '../soak/standIn';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSessionList } from '../../src/api/parse';
import { SessionsModel } from '../../src/core/sessions/model';
import type { TreeNode } from '../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS, GROUP_BY_VALUES } from '../../src/core/sessions/sessionsSettings';
import { SessionDetailsProvider } from '../../src/vscode/tree/detailsDocument';
import { sessionTooltip, toTreeItem } from '../../src/vscode/tree/treeItems';
import { FUZZ_KEY, hostileSession } from './arbitraries';
import { INVISIBLE, LONE_SURROGATE, assertInertDetailsMarkdown, assertInertMarkdown } from './inert';
import type { FuzzProperty } from './properties';

const NOW = Date.UTC(2026, 0, 15);

async function check(items: readonly Record<string, unknown>[], groupBy: (typeof GROUP_BY_VALUES)[number]): Promise<void> {
  const logged: string[] = [];
  const log = (level: string) => (message: unknown, ...args: unknown[]) => logged.push(`${level} ${[message, ...args].map(String).join(' ')}`);
  const logger = { trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const page = parseSessionList({ items: [...items, { id: `echo ${FUZZ_KEY}`, title: FUZZ_KEY }] }, { page: 1, perPage: 5 });
  const model = new SessionsModel({ ...DEFAULT_SETTINGS, groupBy, pageSize: 5 }, { fetchPage: async () => page, onDidChange: () => undefined, logger });
  const details = new SessionDetailsProvider();
  const walk = async (node?: TreeNode): Promise<void> => {
    for (const child of await model.getChildren(node)) {
      const item = toTreeItem(child, NOW);
      assert.ok(typeof item.id === 'string' && item.id.length < 1_000, `an id of ${item.id?.length} characters`);
      encodeURIComponent(item.id);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      assert.ok(label.length <= 200 && !LONE_SURROGATE.test(label) && !INVISIBLE.test(label), `label ${label.slice(0, 40)}`);
      if (typeof item.description === 'string') assert.ok(item.description.length <= 400 && !LONE_SURROGATE.test(item.description) && !INVISIBLE.test(item.description), 'description');
      if (item.contextValue !== undefined) assert.match(item.contextValue, /^[A-Za-z ]+$/);
      if (typeof item.tooltip === 'string') assert.ok(item.tooltip.length <= 500 && !LONE_SURROGATE.test(item.tooltip) && !INVISIBLE.test(item.tooltip), 'group tooltip');
      if (child.kind === 'session') {
        const tooltip = sessionTooltip(child, NOW);
        assert.ok(tooltip && tooltip.value.length < 5_000 && !LONE_SURROGATE.test(tooltip.value) && !INVISIBLE.test(tooltip.value), 'tooltip');
        assert.equal(tooltip.isTrusted, false);
        assertInertMarkdown(tooltip.value);
        const uri = details.set(child.entry.session);
        encodeURIComponent(uri.path);
        encodeURIComponent(uri.query);
        assert.ok(!INVISIBLE.test(uri.path), 'the document name');
        const text = details.provideTextDocumentContent(uri);
        assert.ok(text.length < 50_000, `a details page of ${text.length} characters`);
        assertInertDetailsMarkdown(text);
      }
      if (child.kind === 'group') await walk(child);
    }
  };
  try {
    await walk();
    await model.refresh(true);
    await walk();
  } finally {
    model.dispose();
    details.dispose();
  }
  for (const line of logged) assert.ok(!line.includes(FUZZ_KEY), `the key in a log line: ${line.slice(0, 120)}`);
}

export const hostilePaths: FuzzProperty = {
  name: 'hostile strings in every field, through parsing, every grouping, tree items, tooltips, details and the log',
  // Each input is up to five sessions of up to 100 KB fields: a twentieth of the pure properties' runs.
  scale: 0.05,
  run: (numRuns, seed) =>
    fc.assert(
      fc.asyncProperty(fc.array(hostileSession, { minLength: 1, maxLength: 5 }), fc.constantFrom(...GROUP_BY_VALUES), (items, groupBy) => check(items, groupBy)),
      { numRuns, seed },
    ),
};
