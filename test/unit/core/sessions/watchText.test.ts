// The words about watched sessions: the notification sentence, the status bar and its hover.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Session } from '../../../../src/api/types';
import type { TellKind, Transition } from '../../../../src/core/sessions/watch';
import { badgeTooltip, statusBarLabel, statusBarText, statusBarTooltip, transitionNotice } from '../../../../src/core/sessions/watchText';
import { session } from './factories';

const to = (kind: TellKind, title = 'S'): Transition => ({ session: session({ title }), from: 'running', to: kind });
const withStatus = (...statuses: string[]): Session[] => statuses.map((status, i) => session({ status, title: `T${i}` }));

describe('core/sessions/watchText', () => {
  describe('transitionNotice', () => {
    it('names one session by its cleaned title', () => {
      assert.deepEqual(transitionNotice([to('completed', '  Acme\u202E discovery\n')]), { message: '“Acme discovery” completed', severity: 'information' });
      assert.equal(transitionNotice([to('needsInput', 'Plan')])?.message, '“Plan” needs input');
      assert.equal(transitionNotice([to('cancelled', 'Plan')])?.message, '“Plan” was cancelled');
      assert.deepEqual(transitionNotice([to('failed', 'Plan')]), { message: '“Plan” failed', severity: 'warning' });
      assert.equal(transitionNotice([to('completed', '')])?.message, '“Untitled” completed');
      const long = transitionNotice([to('completed', 'x'.repeat(500))])?.message ?? '';
      assert.ok(long.length < 80 && long.includes('…'), long);
    });

    it('counts several in one sentence', () => {
      assert.deepEqual(transitionNotice([to('completed'), to('failed'), to('completed')]), { message: '3 sessions finished: 2 completed, 1 failed', severity: 'warning' });
      assert.equal(transitionNotice([to('needsInput'), to('needsInput')])?.message, '2 sessions need input');
      assert.equal(transitionNotice([to('completed'), to('needsInput'), to('completed')])?.message, '3 sessions changed: 2 completed, 1 needs input');
      assert.equal(transitionNotice([to('cancelled'), to('needsInput'), to('needsInput')])?.message, '3 sessions changed: 1 cancelled, 2 need input');
      assert.equal(transitionNotice([]), undefined);
    });

    it('property: the counts in the sentence add up to the number of sessions', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom<TellKind>('completed', 'failed', 'cancelled', 'needsInput'), { minLength: 2, maxLength: 30 }), (kinds) => {
          const message = transitionNotice(kinds.map((k) => to(k)))?.message ?? '';
          const [head, tail = head] = message.split(': ');
          assert.equal(Number(/^(\d+) sessions/.exec(head)?.[1]), kinds.length);
          if (message.includes(': ')) {
            const sum = [...tail.matchAll(/(\d+) /g)].reduce((n, m) => n + Number(m[1]), 0);
            assert.equal(sum, kinds.length, message);
          }
        }),
      );
    });
  });

  describe('the status bar', () => {
    it('counts the active kinds, spinning while one runs', () => {
      const active = withStatus('running', 'in_progress', 'waiting_for_input');
      assert.equal(statusBarText(active, false), '$(sync~spin) 2 running · 1 needs input');
      assert.equal(statusBarText(active, true), '$(sync) 2 running · 1 needs input');
      assert.equal(statusBarLabel(active), 'PG:AI: 2 sessions running, 1 needs input');
      assert.equal(statusBarText(withStatus('paused', 'waiting'), false), '$(bell-dot) 2 need input');
      assert.equal(statusBarLabel(withStatus('paused', 'waiting')), 'PG:AI: 2 sessions need input');
      assert.equal(statusBarText(withStatus('queued', 'active'), false), '$(eye) 1 queued · 1 active');
      assert.equal(statusBarLabel(withStatus('queued')), 'PG:AI: 1 session queued');
      assert.equal(statusBarText([], false), '');
    });

    it('lists the sessions in an inert hover, at most ten', () => {
      const tip = statusBarTooltip([session({ title: '[x](command:evil) <img>', status: 'running' })]);
      assert.ok(tip.includes('- \\[x\\]\\(command\\:evil\\) \\<img\\> — Running'), tip);
      assert.doesNotMatch(tip, /\[x\]\(command/);
      const many = statusBarTooltip(withStatus(...Array.from({ length: 13 }, () => 'running')));
      assert.equal(many.split('\n').filter((l) => l.startsWith('- ')).length, 11);
      assert.match(many, /and 3 more/);
    });

    it('says what the badge counts', () => {
      assert.equal(badgeTooltip(1), '1 watched session finished or needs input');
      assert.equal(badgeTooltip(3), '3 watched sessions finished or need input');
    });
  });
});
