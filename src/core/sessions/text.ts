// Text hygiene for anything the server sends that ends up on screen: labels, descriptions,
// tooltips, the details document. Session fields are untrusted: they may carry control
// characters, bidirectional overrides (U+202E makes "gnp.exe" read as "exe.png"), Markdown,
// HTML or command links, and arbitrary lengths.

/** C0/C1 controls (except tab/newline, handled as whitespace), DEL, bidi controls, BOM. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Line breaks of every kind, and tabs. */
const BREAKS = /[\t\n\r\u2028\u2029\u0085]+/g;
/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const ELLIPSIS = '…';

/**
 * Removes invisible and direction-changing characters, turns line breaks into spaces, collapses
 * runs of whitespace and trims; a lone surrogate (which makes URI encoders throw) becomes U+FFFD.
 * Safe for a single-line label, a tab title or a URI path.
 */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/\s{2,}/g, ' ').trim();
}

/** Cuts `text` to at most `max` characters (never inside a surrogate pair), ending in "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // don't leave half a surrogate pair
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/** `cleanText` + `truncate`; `fallback` when nothing readable is left. */
export function displayText(value: unknown, max: number, fallback = ''): string {
  if (typeof value !== 'string') return fallback;
  // Long titles: clean only a bounded prefix (the rest is cut anyway).
  const cleaned = cleanText(value.length > max * 4 + 64 ? value.slice(0, max * 4 + 64) : value);
  return cleaned === '' ? fallback : truncate(cleaned, max);
}

const TITLE_MAX = 120;
export const UNTITLED = 'Untitled';

/** A session's label: its cleaned title, "Untitled" when it has none. */
export function sessionLabel(title: string | undefined): string {
  return displayText(title, TITLE_MAX, UNTITLED);
}

/** Every ASCII punctuation character, i.e. everything CommonMark lets a backslash escape. */
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * Text that renders as itself in Markdown: cleaned (single line, no invisible characters) and
 * with every ASCII punctuation character backslash-escaped, so links (`[x](command:…)`), autolinks
 * (`https://…`, `www.`), HTML (`<img …>`), entities (`&lt;`), emphasis and code spans are inert.
 */
export function escapeMarkdown(text: string): string {
  return cleanText(text).replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/** Characters JSON.stringify leaves raw but that must not act on the screen. */
 
const JSON_INVISIBLE = /[\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2028\u2029\u2066-\u2069\uFEFF]/g;

/**
 * Pretty JSON in which direction overrides and other invisible characters appear as `\uXXXX`
 * escapes (still valid JSON, the same value, but readable and inert).
 */
export function inertJson(value: unknown): string {
  const json = JSON.stringify(value, undefined, 2) ?? 'null';
  return json.replace(JSON_INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
