// The groups kept expanded across a window reload (src/vscode/tree/keptExpansion.ts): ids only,
// the most recent first, bounded, whatever the workspace state held before.
import './helpers';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeptExpansion } from '../../../src/vscode/tree/keptExpansion';

class Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('vscode/keptExpansion', () => {
  it('keeps expanded groups across a restart and forgets collapsed ones', () => {
    const memento = new Memento();
    const kept = new KeptExpansion(memento);
    kept.set('t:chat', true);
    kept.set('t:chat/s:running', true);
    kept.set('t:email', true);
    kept.set('t:email', false);
    const again = new KeptExpansion(memento);
    assert.deepEqual(['t:chat', 't:chat/s:running', 't:email'].map((id) => again.isExpanded(id)), [true, true, false]);
    assert.deepEqual(memento.get('pgai.expandedGroups'), ['t:chat/s:running', 't:chat']);
  });

  it('bounded to the 100 most recently expanded', () => {
    const memento = new Memento();
    const kept = new KeptExpansion(memento);
    for (let i = 0; i < 150; i++) kept.set(`g${i}`, true);
    assert.equal((memento.get('pgai.expandedGroups') as string[]).length, 100);
    assert.ok(kept.isExpanded('g149') && !kept.isExpanded('g0'));
  });

  it('property: anything in the workspace state reads as ids or nothing, never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (garbage) => {
        const memento = new Memento();
        memento.values.set('pgai.expandedGroups', garbage);
        const kept = new KeptExpansion(memento);
        kept.set('t:chat', true);
        const stored = memento.get('pgai.expandedGroups') as unknown[];
        return Array.isArray(stored) && stored.every((id) => typeof id === 'string') && kept.isExpanded('t:chat');
      }),
    );
  });
});
