// A session's details as a Markdown page: the title as heading, then Status, Type, Company,
// Created and Updated (in the user's locale, with how long ago), then every other field the
// server sent under a name a person reads ("message_count" → "Message count"). Every value and
// every field name from the server goes through escapeMarkdown (or, for objects and arrays,
// into a fenced JSON block, which JSON cannot close), so links, `command:` URIs, HTML,
// autolinks and direction overrides render as text. Pure: the VS Code layer shows it.
import type { Session } from '../../api/types';
import { parseTime } from './relativeTime';
import { statusInfo } from './statusInfo';
import { ELLIPSIS, escapeMarkdown, inertJson, truncate, UNTITLED, cleanText } from './text';
import { typeGroupInfo } from './typeInfo';

export interface DetailsOptions {
  /** Epoch ms, for "3 days ago". */
  readonly now: number;
  /** A BCP 47 tag (VS Code's display language); undefined: the runtime's default. */
  readonly locale?: string;
  /** For tests; undefined: the machine's time zone. */
  readonly timeZone?: string;
}

/** The heading keeps this much of a title; the rest is said to be cut. */
const TITLE_MAX = 500;
/** A field's text value is shown up to this many characters. */
const VALUE_MAX = 2_000;
/** An object or array field is shown as JSON up to this many characters. */
const JSON_MAX = 10_000;
/** Field names are this long at most. */
const NAME_MAX = 100;
/** At most this many other fields are listed (the rest are counted). */
const FIELDS_MAX = 200;

/** Words written in capitals when they are a whole word of a field name. */
const ACRONYMS = new Set(['id', 'ids', 'url', 'urls', 'uri', 'api', 'uuid', 'ip', 'http', 'https', 'json', 'html', 'ai', 'llm', 'sla', 'crm', 'pdf', 'csv']);

/** "message_count" → "Message count", "companyId" → "Company ID", "llm-model" → "LLM model". */
export function humanizeFieldName(key: string): string {
  const words = cleanText(cutAt(key, NAME_MAX * 2))
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((w) => w !== '')
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (words.length === 0) return '(unnamed field)';
  const text = words.join(' ');
  return truncate(text.charAt(0).toUpperCase() + text.slice(1), NAME_MAX);
}

function safeFormat<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch {
    return undefined; // an unknown locale or time zone: the runtime's default below
  }
}

/** A number in the user's locale (the runtime's default for a tag it does not know). */
function formatNumber(value: number, locale: string | undefined): string {
  return safeFormat(() => value.toLocaleString(locale, { maximumFractionDigits: 20 })) ?? value.toLocaleString(undefined, { maximumFractionDigits: 20 });
}

function dateFormat(options: DetailsOptions): Intl.DateTimeFormat {
  const style: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', ...(options.timeZone ? { timeZone: options.timeZone } : {}) };
  return safeFormat(() => new Intl.DateTimeFormat(options.locale, style)) ?? new Intl.DateTimeFormat(undefined, style);
}

function relativeFormat(options: DetailsOptions): Intl.RelativeTimeFormat {
  return safeFormat(() => new Intl.RelativeTimeFormat(options.locale, { numeric: 'auto' })) ?? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 days ago", "in 2 hours", "now", in the user's language. */
export function localRelativeTime(ms: number, options: DetailsOptions): string {
  const rtf = relativeFormat(options);
  const diff = ms - options.now;
  const abs = Math.abs(diff);
  const round = (unit: number) => Math.round(diff / unit);
  if (abs < 45 * SECOND) return rtf.format(0, 'second');
  if (abs < 45 * MINUTE) return rtf.format(round(MINUTE), 'minute');
  if (abs < 22 * HOUR) return rtf.format(round(HOUR), 'hour');
  if (abs < 26 * DAY) return rtf.format(round(DAY), 'day');
  if (abs < 320 * DAY) return rtf.format(round(30.44 * DAY), 'month');
  return rtf.format(round(365.25 * DAY), 'year');
}

/** "Mar 4, 2026, 2:05 PM (3 days ago)" in the user's locale; the text as sent (escaped) when it is not a time. */
function localDateTime(iso: string, options: DetailsOptions): string {
  const ms = parseTime(iso);
  if (ms === undefined) return escapeMarkdown(truncate(iso, VALUE_MAX));
  return `${escapeMarkdown(dateFormat(options).format(ms))} (${escapeMarkdown(localRelativeTime(ms, options))})`;
}

/** Length in characters (code points), for what a person reads as "characters". */
function characters(text: string): number {
  return text.length > 1_000_000 ? text.length : [...text].length;
}

/** The first `max` UTF-16 units of `text`, never ending in half a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A text value, escaped; a cut one says how long it was. */
function textValue(value: string, options: DetailsOptions): string {
  const cleaned = cleanText(cutAt(value, VALUE_MAX * 4));
  if (cleaned === '') return '*(empty)*';
  const shown = truncate(cleaned, VALUE_MAX);
  const cut = shown !== cleaned ? ` *(${formatNumber(characters(value), options.locale)} characters in all: Copy Session as JSON has the full value)*` : '';
  return escapeMarkdown(shown) + cut;
}

/**
 * A fenced JSON block. Nothing inside a fence is interpreted, and JSON cannot close it: every
 * line of pretty JSON starts with indentation, a quote or a bracket (newlines in strings are
 * escaped), never with the backticks a closing fence needs.
 */
function fencedJson(json: string): string {
  return `\`\`\`json\n${json}\n\`\`\``;
}

function scalar(value: unknown, options: DetailsOptions): string | undefined {
  if (value === null || value === undefined) return '*(none)*';
  if (typeof value === 'string') return textValue(value, options);
  if (typeof value === 'number') return Number.isFinite(value) ? escapeMarkdown(formatNumber(value, options.locale)) : escapeMarkdown(String(value));
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return undefined; // an object or an array: a block of its own
}

function line(name: string, value: string): string {
  return `- **${escapeMarkdown(name)}:** ${value}`;
}

/** The raw keys each main field can come from (see api/parse.ts). */
const MAIN_KEYS: readonly { readonly field: 'title' | 'status' | 'type' | 'companyId' | 'createdAt' | 'updatedAt'; readonly keys: readonly string[] }[] = [
  { field: 'title', keys: ['title', 'name'] },
  { field: 'status', keys: ['status'] },
  { field: 'type', keys: ['type', 'session_type'] },
  { field: 'companyId', keys: ['company_id', 'companyId'] },
  { field: 'createdAt', keys: ['created_at', 'createdAt'] },
  { field: 'updatedAt', keys: ['updated_at', 'updatedAt'] },
];

/** Main rows shown even without a value ("Status: No status", "Company: (none)"). */
const ALWAYS_SHOWN = new Set(['status', 'companyId']);

/**
 * Raw keys already shown above: the one each main field was read from (same value), and for a
 * row shown without a value, its keys that are null (the row already says "none").
 */
function shownAbove(session: Session): Set<string> {
  const shown = new Set<string>();
  for (const { field, keys } of MAIN_KEYS) {
    const value = session[field];
    if (value === undefined) {
      if (ALWAYS_SHOWN.has(field)) for (const k of keys) if (session.raw[k] === null) shown.add(k);
      continue;
    }
    const key = keys.find((k) => session.raw[k] === value);
    if (key !== undefined) shown.add(key);
  }
  return shown;
}

export function sessionDetailsMarkdown(session: Session, options: DetailsOptions): string {
  const title = cleanText(cutAt(session.title ?? '', TITLE_MAX * 4)) || UNTITLED;
  const heading = truncate(title, TITLE_MAX);
  const parts: string[] = [`# ${escapeMarkdown(heading)}`];
  if (heading !== title) parts.push(`*The title is ${formatNumber(characters(session.title ?? ''), options.locale)} characters long; it is cut here.*`);

  const info = typeGroupInfo(session.type);
  const type = session.type === undefined ? undefined : info.key === 'other' ? `${escapeMarkdown(info.label)} (${textValue(session.type, options)})` : escapeMarkdown(info.label);
  const main = [
    line('Status', escapeMarkdown(statusInfo(session.status).label)),
    ...(type === undefined ? [] : [line('Type', type)]),
    line('Company', session.companyId === undefined ? '*(none)*' : textValue(session.companyId, options)),
    ...(session.createdAt === undefined ? [] : [line('Created', localDateTime(session.createdAt, options))]),
    ...(session.updatedAt === undefined ? [] : [line('Updated', localDateTime(session.updatedAt, options))]),
  ];
  parts.push(main.join('\n'));

  const skip = shownAbove(session);
  const keys = Object.keys(session.raw).filter((k) => !skip.has(k));
  // The ID first, then the fields in the order the server sent them.
  keys.sort((a, b) => Number(b === 'id') - Number(a === 'id'));
  const lines: string[] = [];
  const blocks: string[] = [];
  for (const key of keys.slice(0, FIELDS_MAX)) {
    const value = session.raw[key];
    const name = humanizeFieldName(key);
    const shown = scalar(value, options);
    if (shown !== undefined) {
      lines.push(line(name, shown));
      continue;
    }
    const json = inertJson(value);
    const cut = json.length > JSON_MAX ? `${cutAt(json, JSON_MAX)}\n${ELLIPSIS}` : json;
    blocks.push(`### ${escapeMarkdown(name)}\n\n${fencedJson(cut)}${json.length > JSON_MAX ? '\n\n*Cut here: Copy Session as JSON has all of it.*' : ''}`);
  }
  if (lines.length > 0 || blocks.length > 0) {
    parts.push('## Other fields');
    if (lines.length > 0) parts.push(lines.join('\n'));
    parts.push(...blocks);
  }
  if (keys.length > FIELDS_MAX) parts.push(`*${formatNumber(keys.length - FIELDS_MAX, options.locale)} more fields: Copy Session as JSON has them all.*`);
  return parts.join('\n\n') + '\n';
}

/** The page shown when the session is no longer held (the window reloaded, or it was never loaded). */
export function missingDetailsMarkdown(): string {
  return '# Session not loaded\n\nThis session is no longer loaded. Open it again from the PG:AI Sessions view.\n';
}
