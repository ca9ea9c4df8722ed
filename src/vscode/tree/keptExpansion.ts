// The groups the user expanded, kept per workspace (ids only, bounded) so that after a window
// reload the view opens as it was left: VS Code does not keep an extension tree's expansion.
import type * as vscode from 'vscode';
import type { Logger } from '../../api/logger';
import { readIdList, withFirst, writeIdList } from '../../core/idList';

const KEY = 'pgai.expandedGroups';
/** Group ids kept at most (the most recently expanded). */
const MAX_KEPT = 100;

export class KeptExpansion {
  private ids: string[];

  private readonly onError = (error: unknown): void => this.log?.warn(`Sessions: could not keep the expanded groups: ${String(error)}`);

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log?: Logger,
  ) {
    this.ids = readIdList(memento, KEY, { max: MAX_KEPT, accept: (id) => id.length <= 1000 }, this.onError);
  }

  isExpanded(id: string): boolean {
    return this.ids.includes(id);
  }

  set(id: string, expanded: boolean): void {
    const next = expanded ? withFirst(this.ids, id, MAX_KEPT) : this.ids.filter((other) => other !== id);
    if (next.length === this.ids.length && next.every((x, i) => x === this.ids[i])) return;
    this.ids = next;
    writeIdList(this.memento, KEY, next, this.onError);
  }
}
