// Tree nodes → VS Code tree items. Labels and descriptions come from the pure label functions;
// text from the server is cleaned there, and the tooltip is untrusted Markdown built from
// escaped text (resolved lazily, on hover).
import * as vscode from 'vscode';
import { isPgaiError } from '../../api/errors';
import { isSessionType } from '../../api/types';
import { errorLabel, errorTooltip, groupDescription, groupLabel, groupTooltip, loadMoreLabel, newSessionsLabel, rowDescription, statusAndTime, streamNoun, underStatusGroup } from '../../core/sessions/labels';
import type { GroupNode, TreeNode } from '../../core/sessions/nodes';
import { relativeTime } from '../../core/sessions/relativeTime';
import { type StatusInfo, statusInfo } from '../../core/sessions/statusInfo';
import { sessionLabel } from '../../core/sessions/text';
import { sessionTooltipMarkdown } from '../../core/sessions/tooltip';
import { typeGroupInfo } from '../../core/sessions/typeInfo';

export const VIEW_ID = 'pgai.sessions';

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** A status's look and icon, per status string: rows repeat a handful of statuses thousands of times. */
interface StatusLook {
  readonly info: StatusInfo;
  readonly icon: vscode.ThemeIcon;
  /** The same icon without its animation (reduced motion). */
  readonly stillIcon: vscode.ThemeIcon;
}

/**
 * `workbench.reduceMotion` as last read (the view sets it): VS Code's tree does not stop a
 * codicon's spin for it, so the items do.
 */
export const motion = { reduced: false };

function still(id: string): string {
  return id.replace(/~spin$/, '');
}

/**
 * Whether a session is watched (register.ts points it at the watch controller). Its row starts
 * with an eye: a description cannot render a codicon, so it is text.
 */
export const watching: { isWatched: (id: string) => boolean } = { isWatched: () => false };

/** Which groups open expanded (the view sets it: the groups kept from before a reload). */
export const expansion: { isExpanded: (id: string) => boolean } = { isExpanded: () => false };
const WATCH_MARK = '👁';

const STATUS_CACHE_MAX = 256;
const statusLooks = new Map<string | undefined, StatusLook>();

function statusLook(status: string | undefined): StatusLook {
  let look = statusLooks.get(status);
  if (!look) {
    const info = statusInfo(status);
    look = { info, icon: icon(info.icon, info.color), stillIcon: icon(still(info.icon), info.color) };
    // Statuses come from the server: bounded, oldest entry out first.
    if (statusLooks.size >= STATUS_CACHE_MAX) statusLooks.delete(statusLooks.keys().next().value);
    statusLooks.set(status, look);
  }
  return look;
}

function groupItem(node: GroupNode): vscode.TreeItem {
  const label = groupLabel(node);
  const item = new vscode.TreeItem(label, expansion.isExpanded(node.id) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = groupDescription(node);
  // Without this VS Code reads the (string) tooltip instead of the group's name and counts.
  item.accessibilityInformation = { label: item.description ? `${label}, ${item.description}` : label };
  item.tooltip = groupTooltip(node);
  if (node.dimension === 'type') {
    item.iconPath = icon(typeGroupInfo(node.key).icon);
    item.contextValue = isSessionType(node.key) ? 'group typeGroup' : 'group otherTypeGroup';
  } else {
    const info = statusInfo(node.key);
    item.iconPath = icon(motion.reduced ? still(info.icon) : info.icon, info.color);
    item.contextValue = 'group statusGroup';
  }
  return item;
}

/** `filtered`: filters are active (an empty group then says they hide its sessions). */
export function toTreeItem(node: TreeNode, now: number, filtered = false, isWatched = watching.isWatched): vscode.TreeItem {
  switch (node.kind) {
    case 'group':
      return groupItem(node);
    case 'session': {
      // Label, status and time computed once per row (this runs for every visible session).
      const session = node.entry.session;
      const label = sessionLabel(session.title);
      const look = statusLook(session.status);
      const when = relativeTime(session.updatedAt ?? session.createdAt, now);
      const full = statusAndTime(look.info.label, when);
      const watched = isWatched(session.id);
      const description = rowDescription(session, look.info.label, when, !underStatusGroup(node));
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = watched ? `${WATCH_MARK} ${description}`.trimEnd() : description || undefined;
      item.iconPath = motion.reduced ? look.stillIcon : look.icon;
      item.contextValue = ['session', ...(session.companyId ? ['hasCompany'] : []), ...(watched ? ['watched'] : [])].join(' ');
      item.command = { command: 'pgai.openSessionDetails', title: 'Open Session Details', arguments: [node] };
      item.accessibilityInformation = { label: `${label}, ${full}${watched ? ', watched' : ''}` };
      return item;
    }
    case 'loadMore': {
      const label = loadMoreLabel(node.stream);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const loading = node.stream.loading === 'more';
      item.iconPath = icon(loading ? (motion.reduced ? 'loading' : 'loading~spin') : 'more');
      item.contextValue = 'loadMore';
      item.accessibilityInformation = { label };
      item.tooltip = node.stream.acceptsAll ? 'Fetch the next page of this group' : 'Fetch the next page of the unfiltered list and keep the matching sessions';
      if (!loading) item.command = { command: 'pgai.loadMore', title: 'Load More', arguments: [node] };
      return item;
    }
    case 'newSessions': {
      const label = newSessionsLabel(node.stream);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = 'Select to show them';
      item.iconPath = icon('arrow-up');
      item.contextValue = 'newSessions';
      item.tooltip = 'PG:AI has sessions here that changed since this group loaded; select to reload the group in PG:AI’s order.';
      item.accessibilityInformation = { label: `${label}. Select to show them.` };
      item.command = { command: 'pgai.showNewSessions', title: 'Show New Sessions', arguments: [node] };
      return item;
    }
    case 'error': {
      const label = errorLabel(node.stream, now);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      // A rate limit resolves itself: a clock, not an error.
      const waiting = isPgaiError(node.stream.error, 'rateLimited');
      item.iconPath = waiting ? icon('clock') : icon('error', 'errorForeground');
      item.contextValue = 'error';
      item.tooltip = errorTooltip(node.stream, now);
      item.accessibilityInformation = { label: `${label}. Select to retry.` };
      item.command = { command: 'pgai.retryGroup', title: 'Retry', arguments: [node] };
      return item;
    }
    case 'empty': {
      const noun = streamNoun(node.parent && node.parent.path.length === 0 ? node.parent : undefined);
      const label = filtered ? `No ${noun} match the filters` : `No ${noun}`;
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.contextValue = 'empty';
      if (filtered) {
        item.iconPath = icon('filter');
        item.tooltip = 'Select to clear the filters.';
        item.accessibilityInformation = { label: `${label}. Select to clear the filters.` };
        item.command = { command: 'pgai.clearFilters', title: 'Clear Filters' };
      }
      return item;
    }
  }
}

/** The hover of a session, built on demand. Untrusted: no commands, no HTML. */
export function sessionTooltip(node: TreeNode, now: number, isWatched = watching.isWatched): vscode.MarkdownString | undefined {
  if (node.kind !== 'session') return undefined;
  const watched = isWatched(node.entry.session.id) ? '\n\nWatched: you are told when it finishes or needs input.' : '';
  const md = new vscode.MarkdownString(sessionTooltipMarkdown(node.entry.session, now) + watched, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
