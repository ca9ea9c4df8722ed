// What the user is told about watched sessions: one notification sentence per observation, and
// the status bar's text, hover and screen-reader label for the active ones. Titles come from the
// server: cleaned and cut before they reach a sentence, escaped before they reach Markdown.
import type { Session } from '../../api/types';
import { statusInfo, statusKind, type StatusKind } from './statusInfo';
import { displayText, escapeMarkdown } from './text';
import { isFinished, type TellKind, type Transition } from './watch';

const TITLE_MAX = 60;
const TOOLTIP_ROWS = 10;

function title(session: Session): string {
  return displayText(session.title, TITLE_MAX, 'Untitled');
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

const TELL_ORDER: readonly TellKind[] = ['completed', 'failed', 'cancelled', 'needsInput'];

/** "2 completed", "1 needs input", "2 need input". */
function tellCount(kind: TellKind, n: number): string {
  return kind === 'needsInput' ? `${n} ${plural(n, 'needs', 'need')} input` : `${n} ${kind}`;
}

const ONE_SESSION: Readonly<Record<TellKind, string>> = {
  completed: 'completed',
  failed: 'failed',
  cancelled: 'was cancelled',
  needsInput: 'needs input',
};

function counts<K extends string>(kinds: readonly K[]): Map<K, number> {
  const map = new Map<K, number>();
  for (const kind of kinds) map.set(kind, (map.get(kind) ?? 0) + 1);
  return map;
}

export interface Notice {
  readonly message: string;
  /** A failure is a warning; everything else information. */
  readonly severity: 'information' | 'warning';
}

/** The one notification for an observation's transitions; undefined for none. */
export function transitionNotice(transitions: readonly Transition[]): Notice | undefined {
  if (transitions.length === 0) return undefined;
  const severity = transitions.some((t) => t.to === 'failed') ? 'warning' : 'information';
  if (transitions.length === 1) {
    const [only] = transitions;
    return { message: `“${title(only.session)}” ${ONE_SESSION[only.to]}`, severity };
  }
  const n = transitions.length;
  const byKind = counts(transitions.map((t) => t.to));
  if (byKind.size === 1 && byKind.has('needsInput')) return { message: `${n} sessions need input`, severity };
  const parts = TELL_ORDER.filter((k) => byKind.has(k)).map((k) => tellCount(k, byKind.get(k) ?? 0));
  const finished = transitions.every((t) => isFinished(t.to));
  return { message: `${n} sessions ${finished ? 'finished' : 'changed'}: ${parts.join(', ')}`, severity };
}

type ActiveKind = Extract<StatusKind, 'running' | 'queued' | 'active' | 'needsInput'>;
const ACTIVE_ORDER: readonly ActiveKind[] = ['running', 'queued', 'active', 'needsInput'];

/** "running", "needs input" / "need input": the words after a count. */
function activeWords(kind: ActiveKind, n: number): string {
  return kind === 'needsInput' ? `${plural(n, 'needs', 'need')} input` : kind;
}

function activeCounts(active: readonly Session[]): [ActiveKind, number][] {
  const byKind = counts(active.map((s) => statusKind(s.status)));
  return ACTIVE_ORDER.filter((k) => byKind.has(k)).map((k) => [k, byKind.get(k) ?? 0]);
}

/** "$(sync~spin) 2 running · 1 needs input"; '' when nothing is active. `reducedMotion`: no spin. */
export function statusBarText(active: readonly Session[], reducedMotion: boolean): string {
  const parts = activeCounts(active);
  if (parts.length === 0) return '';
  const kinds = new Set(parts.map(([k]) => k));
  const icon = kinds.has('running') ? (reducedMotion ? '$(sync)' : '$(sync~spin)') : kinds.has('needsInput') ? '$(bell-dot)' : '$(eye)';
  return `${icon} ${parts.map(([k, n]) => `${n} ${activeWords(k, n)}`).join(' · ')}`;
}

/** "PG:AI: 2 sessions running, 1 needs input" (what a screen reader says for the status bar). */
export function statusBarLabel(active: readonly Session[]): string {
  const parts = activeCounts(active);
  if (parts.length === 0) return 'PG:AI: no watched session is active';
  const words = parts.map(([k, n], i) => (i === 0 ? `${n} ${plural(n, 'session', 'sessions')} ${activeWords(k, n)}` : `${n} ${activeWords(k, n)}`));
  return `PG:AI: ${words.join(', ')}`;
}

/** The status bar's hover (Markdown, every server value escaped): the active watched sessions. */
export function statusBarTooltip(active: readonly Session[]): string {
  const rows = active.slice(0, TOOLTIP_ROWS).map((s) => `- ${escapeMarkdown(title(s))} — ${escapeMarkdown(statusInfo(s.status).label)}`);
  if (active.length > TOOLTIP_ROWS) rows.push(`- and ${active.length - TOOLTIP_ROWS} more`);
  return ['**Watched PG:AI sessions**', '', ...rows, '', 'Select to show the Sessions view.'].join('\n');
}

/** The view badge's hover. */
export function badgeTooltip(n: number): string {
  return `${n} watched ${plural(n, 'session', 'sessions')} finished or ${plural(n, 'needs', 'need')} input`;
}
