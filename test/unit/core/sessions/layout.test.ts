import * as assert from 'node:assert/strict';
import { SESSION_TYPES } from '../../../../src/api/types';
import { planLayout } from '../../../../src/core/sessions/layout';
import { DEFAULT_SETTINGS, type GroupBy, type SessionsSettings } from '../../../../src/core/sessions/sessionsSettings';
import { session } from './factories';

function settings(groupBy: GroupBy, types: SessionsSettings['filter']['types'] = []): SessionsSettings {
  return { ...DEFAULT_SETTINGS, groupBy, filter: { ...DEFAULT_SETTINGS.filter, types } };
}

describe('core/sessions/layout', () => {
  it('type groupings: one type-filtered stream per documented type, plus Other', () => {
    for (const groupBy of ['typeThenStatus', 'type'] as const) {
      const layout = planLayout(settings(groupBy));
      assert.equal(layout.kind, 'groups');
      if (layout.kind !== 'groups') return;
      assert.deepEqual(layout.groups.map((g) => g.key), [...SESSION_TYPES, 'other']);
      for (const g of layout.groups.slice(0, 7)) assert.equal(g.stream.query.type, g.key);
      const other = layout.groups[7].stream;
      assert.equal(other.query.type, undefined, 'Other pages the unfiltered stream');
      assert.equal(other.accept?.(session({ type: 'voice' })), true);
      assert.equal(other.accept?.(session({ type: undefined })), true);
      assert.equal(other.accept?.(session({ type: 'chat' })), false);
      assert.deepEqual(layout.groups[0].stream.levels, groupBy === 'typeThenStatus' ? ['status'] : []);
    }
  });

  it('a type filter shows only those types (and no Other)', () => {
    const layout = planLayout(settings('typeThenStatus', ['email', 'plan']));
    assert.equal(layout.kind, 'groups');
    if (layout.kind === 'groups') assert.deepEqual(layout.groups.map((g) => g.key), ['email', 'plan']);
  });

  it('status groupings and none page one root stream', () => {
    const levels = { status: ['status'], statusThenType: ['status', 'type'], none: [] } as const;
    for (const groupBy of ['status', 'statusThenType', 'none'] as const) {
      const layout = planLayout(settings(groupBy));
      assert.equal(layout.kind, 'stream');
      if (layout.kind !== 'stream') return;
      assert.deepEqual(layout.stream.levels, levels[groupBy]);
      assert.equal(layout.stream.query.type, undefined);
      assert.equal(layout.stream.accept, undefined);
    }
  });

  it('one filtered type is sent as `type`; several are filtered client-side', () => {
    const one = planLayout(settings('status', ['email']));
    assert.ok(one.kind === 'stream' && one.stream.query.type === 'email' && one.stream.accept === undefined);
    const two = planLayout(settings('none', ['email', 'chat']));
    assert.ok(two.kind === 'stream' && two.stream.query.type === undefined);
    if (two.kind === 'stream') {
      assert.equal(two.stream.accept?.(session({ type: 'email' })), true);
      assert.equal(two.stream.accept?.(session({ type: 'plan' })), false);
    }
  });
});
