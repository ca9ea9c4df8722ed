// The groups the user expanded, kept per workspace (ids only, bounded) so that after a window
// reload the view opens as it was left: VS Code does not keep an extension tree's expansion.
import type * as vscode from 'vscode';
import type { Logger } from '../../api/logger';

const KEY = 'pgai.expandedGroups';
/** Group ids kept at most (the most recently expanded). */
const MAX_KEPT = 100;

export class KeptExpansion {
  private ids: string[];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log?: Logger,
  ) {
    const stored = memento.get<unknown>(KEY);
    this.ids = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string' && id.length <= 1000).slice(0, MAX_KEPT) : [];
  }

  isExpanded(id: string): boolean {
    return this.ids.includes(id);
  }

  set(id: string, expanded: boolean): void {
    const rest = this.ids.filter((other) => other !== id);
    const next = expanded ? [id, ...rest].slice(0, MAX_KEPT) : rest;
    if (next.length === this.ids.length && next.every((x, i) => x === this.ids[i])) return;
    this.ids = next;
    Promise.resolve(this.memento.update(KEY, next)).catch((error: unknown) => this.log?.warn(`Sessions: could not keep the expanded groups: ${String(error)}`));
  }
}
