// Type groups below a status, sorted in the documented order (not by name), and a created
// session's new status group holding its type groups.
import * as assert from 'node:assert/strict';
import type { Session } from '../../../../src/api/types';
import { SessionsModel } from '../../../../src/core/sessions/model';
import type { GroupNode } from '../../../../src/core/sessions/nodes';
import { DEFAULT_SETTINGS } from '../../../../src/core/sessions/sessionsSettings';
import { FakeApi, session } from './factories';

function model(data: Session[]): SessionsModel {
  const api = new FakeApi(data);
  return new SessionsModel({ ...DEFAULT_SETTINGS, groupBy: 'statusThenType', pageSize: 5 }, { fetchPage: api.listSessions, onDidChange: () => undefined });
}

describe('core/sessions/model: type groups below a status', () => {
  it('come in the documented order of types, not alphabetically', async () => {
    const m = model([session({ type: 'email' }), session({ type: 'plan' }), session({ type: 'chat' })]);
    const [completed] = await m.getChildren();
    assert.deepEqual((await m.getChildren(completed)).map((n) => (n as GroupNode).key), ['chat', 'plan', 'email']);
  });

  it('a created session’s new status group holds its type group, which holds the session', async () => {
    const m = model([session({ type: 'chat', status: 'completed' })]);
    await m.getChildren();
    const created = session({ type: 'email', status: 'queued' });
    const node = m.insertCreated(created);
    const status = node?.parent?.parent as GroupNode;
    assert.deepEqual(status.path, ['queued']);
    assert.deepEqual(m.childrenNow(status).map((n) => n.id), ['s:queued/t:email']);
    assert.deepEqual(m.childrenNow(node?.parent).map((n) => n.id), [`s:queued/t:email/#${created.id}`]);
  });
});
