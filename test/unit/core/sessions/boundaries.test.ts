// The edges of the small pure parts of the view: where "just now" becomes "1 min ago", which
// status names count as the same, the rate-limit floor of auto-refresh, every line of a tooltip,
// and what a bucket tree reports as it grows and shrinks.
import * as assert from 'node:assert/strict';
import { autoRefreshDecision } from '../../../../src/core/sessions/autoRefreshPolicy';
import { Bucket } from '../../../../src/core/sessions/buckets';
import { absoluteTime, parseTime, relativeTime } from '../../../../src/core/sessions/relativeTime';
import { compareStatusKeys, statusInfo, statusKind } from '../../../../src/core/sessions/statusInfo';
import { sessionTooltipMarkdown } from '../../../../src/core/sessions/tooltip';
import { session } from './factories';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('core/sessions: boundaries', () => {
  describe('relativeTime', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const ago = (ms: number) => relativeTime(new Date(now - ms).toISOString(), now);

    it('switches unit exactly at 45 s, an hour, a day and a week', () => {
      assert.equal(ago(44_999), 'just now');
      assert.equal(ago(45_000), '1 min ago');
      assert.equal(ago(HOUR - 1), '59 min ago');
      assert.equal(ago(HOUR), '1 h ago');
      assert.equal(ago(DAY - 1), '23 h ago');
      assert.equal(ago(DAY), '1 d ago');
      assert.equal(ago(7 * DAY - 1), '6 d ago');
      assert.equal(ago(7 * DAY), 'Mar 3');
    });

    it('up to a minute in the future is "just now"; further is the date', () => {
      assert.equal(ago(-MINUTE), 'just now');
      assert.equal(ago(-MINUTE - 1), 'Mar 10');
    });

    it('parses short timestamps only: 64 characters at most, and never a non-string', () => {
      const date = 'Sun, 01 Mar 2026 12:00:00 GMT';
      assert.equal(parseTime(date.padEnd(64)), Date.parse(date));
      assert.equal(parseTime(date.padEnd(65)), undefined);
      assert.equal(parseTime(undefined), undefined);
      assert.equal(parseTime(''), undefined);
      assert.equal(parseTime(42 as unknown as string), undefined);
      assert.equal(absoluteTime('not a date'), undefined);
      assert.equal(absoluteTime(undefined), undefined);
      assert.equal(relativeTime('not a date', now), undefined);
    });
  });

  describe('statusInfo', () => {
    it('reads a status by its first 200 characters only', () => {
      const known = `completed${' '.repeat(191)}x`;
      assert.equal(known.length, 201);
      assert.equal(statusKind(known), 'completed');
      assert.equal(statusKind(`completed${' '.repeat(190)}x`), 'unknown', 'at 200 characters the whole status counts');
    });

    it('names are matched ignoring case, surrounding blanks, and runs of spaces or hyphens', () => {
      assert.equal(statusKind(' Completed '), 'completed');
      assert.equal(statusKind('waiting for input'), 'needsInput');
      assert.equal(statusKind('waiting  --for input'), 'needsInput');
      assert.equal(statusKind('IN-PROGRESS'), 'running');
      assert.equal(statusKind('inprogress'), 'running');
      assert.equal(statusKind('in progress now'), 'unknown');
      assert.deepEqual(statusInfo('Waiting-for  input'), { kind: 'needsInput', label: 'Waiting for input', icon: 'bell-dot', color: 'charts.yellow' });
    });

    it('orders statuses of one kind by name, and a status equal to itself', () => {
      assert.deepEqual(['zeta', 'alpha', 'mid'].sort(compareStatusKeys), ['alpha', 'mid', 'zeta']);
      assert.equal(compareStatusKeys('alpha', 'zeta'), -1);
      assert.equal(compareStatusKeys('zeta', 'alpha'), 1);
      assert.equal(compareStatusKeys('done', 'done'), 0);
      assert.equal(compareStatusKeys('done', 'completed') > 0, true, 'same kind: by name');
      assert.ok(compareStatusKeys('running', 'alpha') < 0, 'kinds first');
    });
  });

  describe('autoRefreshDecision', () => {
    const now = 1_000_000;
    const at = (rateLimit: { limit?: number; remaining?: number; resetAt?: number }, cost?: number) =>
      autoRefreshDecision({ visible: true, focused: true, now, rateLimit, ...(cost === undefined ? {} : { cost }) });

    it('without a limit or a reset time the floor is 10 requests left after the refresh', () => {
      assert.equal(at({ remaining: 11 }), 'run', '10 left after one request');
      assert.equal(at({ remaining: 10 }), 'budget');
      assert.equal(at({ remaining: 13 }, 3), 'run');
      assert.equal(at({ remaining: 12 }, 3), 'budget');
      assert.equal(at({ limit: 100, remaining: 21 }), 'run', '20 % of 100');
      assert.equal(at({ limit: 100, remaining: 20 }), 'budget');
    });

    it('a window that resets now no longer counts; one that resets later does', () => {
      assert.equal(at({ remaining: 0, resetAt: now }), 'run');
      assert.equal(at({ remaining: 0, resetAt: now + 1 }), 'budget');
      assert.equal(at({}), 'run', 'no remaining count: nothing to protect');
    });
  });

  describe('tooltip', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const local = (iso: string) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}\\-${pad(d.getMonth() + 1)}\\-${pad(d.getDate())} ${pad(d.getHours())}\\:${pad(d.getMinutes())}`;
    };

    it('every field on its own line, times as local time with how long ago', () => {
      const md = sessionTooltipMarkdown(
        session({ id: 'abc', title: 'Q3', status: 'completed', type: 'chat', companyId: 'c1', updatedAt: '2026-03-10T10:00:00Z', createdAt: '2026-03-01T12:00:00Z' }),
        now,
      );
      assert.equal(
        md,
        [
          '**Q3**',
          '',
          '- Status: Completed',
          '- Type: Chat',
          '- Company: c1',
          `- Updated: ${local('2026-03-10T10:00:00Z')} \\(2 h ago\\)`,
          `- Created: ${local('2026-03-01T12:00:00Z')} \\(Mar 1\\)`,
          '- ID: abc',
        ].join('\n'),
      );
    });

    it('leaves out what is missing or empty, and shows an unreadable time as sent', () => {
      const md = sessionTooltipMarkdown(session({ id: 'x', title: 'T', status: undefined, type: undefined, companyId: '', updatedAt: 'soon', createdAt: undefined }), now);
      assert.equal(md, ['**T**', '', '- Status: No status', '- Updated: soon', '- ID: x'].join('\n'));
    });
  });

  describe('Bucket', () => {
    it('add reports a new top-level bucket only, and counts every level', () => {
      const root = new Bucket('');
      assert.equal(root.add('a', ['done', 'chat']), true);
      assert.equal(root.add('b', ['done', 'email']), false, 'a new sub-bucket of an existing top-level one');
      assert.equal(root.add('c', ['done', 'chat']), false);
      assert.equal(root.add('d', ['open', 'chat']), true);
      assert.deepEqual([root.count, root.at(['done'])?.count, root.at(['done', 'chat'])?.count], [4, 3, 2]);
      assert.deepEqual(root.at(['done', 'chat'])?.ids, ['a', 'c']);
      root.add('e', ['done', 'chat'], () => true);
      assert.deepEqual(root.at(['done', 'chat'])?.ids, ['e', 'a', 'c']);
      root.add('f', ['done', 'chat'], (other) => other === 'c');
      assert.deepEqual(root.at(['done', 'chat'])?.ids, ['e', 'a', 'f', 'c'], 'before the first id it precedes');
      root.add('g', ['done', 'chat'], () => false);
      assert.deepEqual(root.at(['done', 'chat'])?.ids, ['e', 'a', 'f', 'c', 'g'], 'at the end when it precedes none');
      assert.equal(root.at(['missing', 'deeper']), undefined);
      assert.equal(root.at([]), root);
    });

    it('every add and remove bumps the version of each bucket on the path', () => {
      const root = new Bucket('');
      root.add('a', ['done', 'chat']);
      const top = root.at(['done'])!;
      const leaf = root.at(['done', 'chat'])!;
      const before = [root.version, top.version, leaf.version];
      root.add('b', ['done', 'chat']);
      const mid = [root.version, top.version, leaf.version];
      mid.forEach((v, i) => assert.ok(v > before[i], `add: level ${i}`));
      root.remove('a', ['done', 'chat']);
      [root.version, top.version, leaf.version].forEach((v, i) => assert.ok(v > mid[i], `remove: level ${i}`));
      const flat = new Bucket('');
      const v0 = flat.version;
      flat.add('x', []);
      assert.ok(flat.version > v0);
      assert.deepEqual([flat.count, flat.ids], [1, ['x']]);
    });

    it('remove reports a top-level bucket that went, not a sub-bucket; unknown ids change nothing', () => {
      const root = new Bucket('');
      root.add('a', ['done', 'chat']);
      root.add('b', ['done', 'email']);
      root.add('c', ['open', 'chat']);
      const version = root.version;
      assert.equal(root.remove('zzz', ['done', 'chat']), false, 'not in that bucket');
      assert.equal(root.remove('a', ['nowhere', 'chat']), false, 'no such bucket');
      assert.equal(root.remove('a', ['done', 'nowhere']), false);
      assert.equal(root.version, version);
      assert.equal(root.count, 3);
      assert.equal(root.remove('a', ['done', 'chat']), false, 'only the sub-bucket went');
      assert.equal(root.at(['done', 'chat']), undefined);
      assert.deepEqual([...root.at(['done'])!.children.keys()], ['email']);
      assert.equal(root.remove('b', ['done', 'email']), true, 'the top-level bucket went');
      assert.deepEqual([...root.children.keys()], ['open']);
      assert.equal(root.count, 1);
      assert.equal(root.remove('c', ['open', 'chat']), true);
      assert.equal(root.count, 0);
    });
  });
});
