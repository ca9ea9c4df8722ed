// A session's hover as Markdown source. Every value from the server goes through
// escapeMarkdown, so titles carrying links, `command:` URIs, HTML or backticks render as text.
// The VS Code layer wraps it in an untrusted MarkdownString (isTrusted false, supportHtml false).
import type { Session } from '../../api/types';
import { absoluteTime, relativeTime } from './relativeTime';
import { statusInfo } from './statusInfo';
import { displayText, escapeMarkdown, truncate, UNTITLED } from './text';
import { typeGroupInfo } from './typeInfo';

const VALUE_MAX = 300;
const TITLE_MAX = 500;

function field(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  return `- ${name}: ${escapeMarkdown(truncate(value, VALUE_MAX))}`;
}

function when(iso: string | undefined, now: number): string | undefined {
  const abs = absoluteTime(iso);
  if (abs === undefined) return iso; // unreadable: show as sent (escaped)
  const rel = relativeTime(iso, now);
  return rel ? `${abs} (${rel})` : abs;
}

export function sessionTooltipMarkdown(session: Session, now: number): string {
  const heading = `**${escapeMarkdown(displayText(session.title, TITLE_MAX, UNTITLED))}**`;
  const info = typeGroupInfo(session.type);
  const type = session.type === undefined ? undefined : info.key === 'other' ? `${info.label} (${session.type})` : info.label;
  const lines = [
    field('Status', statusInfo(session.status).label),
    field('Type', type),
    field('Company', session.companyId),
    field('Updated', when(session.updatedAt, now)),
    field('Created', when(session.createdAt, now)),
    field('ID', session.id),
  ].filter((line): line is string => line !== undefined);
  return `${heading}\n\n${lines.join('\n')}`;
}
