import * as assert from 'node:assert/strict';
import { compareStatusKeys, humaniseStatus, statusInfo } from '../../../../src/core/sessions/statusInfo';

describe('core/sessions/statusInfo', () => {
  it('spins for running kinds', () => {
    for (const s of ['running', 'in_progress', 'In Progress', 'in-progress', 'processing']) {
      assert.equal(statusInfo(s).kind, 'running', s);
      assert.equal(statusInfo(s).icon, 'loading~spin', s);
    }
  });

  it('check for completed, error for failed, with theme colours', () => {
    assert.deepEqual(statusInfo('completed'), { kind: 'completed', label: 'Completed', icon: 'pass', color: 'testing.iconPassed' });
    assert.equal(statusInfo('failed').icon, 'error');
    assert.equal(statusInfo('error').color, 'testing.iconFailed');
    assert.equal(statusInfo('archived').kind, 'archived');
    assert.equal(statusInfo('cancelled').kind, 'cancelled');
    assert.equal(statusInfo('canceled').kind, 'cancelled');
  });

  it('unknown statuses look neutral and keep their own (humanised) name', () => {
    const info = statusInfo('escalated_to_human');
    assert.equal(info.kind, 'unknown');
    assert.equal(info.icon, 'circle-outline');
    assert.equal(info.color, undefined);
    assert.equal(info.label, 'Escalated to human');
    assert.equal(statusInfo('waiting_for_input').label, 'Waiting for input');
    assert.equal(statusInfo('in_progress').label, 'In progress');
  });

  it('missing, null, empty or junk statuses never crash', () => {
    for (const s of [undefined, null, '', '   ', '\u0000\u202E']) {
      const info = statusInfo(s);
      assert.equal(info.kind, 'none');
      assert.equal(info.label, 'No status');
      assert.equal(info.icon, 'question');
    }
    const hostile = statusInfo(`<b>[x](command:evil)</b>\u202E${'z'.repeat(500)}`);
    assert.equal(hostile.kind, 'unknown');
    assert.ok(hostile.label.length <= 40);
    assert.ok(!hostile.label.includes('\u202E'));
    assert.equal(humaniseStatus('__'), 'No status');
  });

  it('orders status groups: running first, unknown and none last', () => {
    const keys = ['', 'completed', 'zzz_custom', 'running', 'failed', 'archived', 'active'];
    keys.sort(compareStatusKeys);
    assert.deepEqual(keys, ['running', 'active', 'failed', 'completed', 'archived', 'zzz_custom', '']);
  });
});
