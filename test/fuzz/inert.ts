// Checks that text from a server is shown as text: no invisible or direction-changing
// characters, and tooltips that render inert the way VS Code renders an untrusted hover.
import assert from 'node:assert/strict';

// A plain require: markdown-it ships no types, so its one constructor is typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options?: Record<string, unknown>) => { render(source: string): string };
// As VS Code renders untrusted hovers: no HTML, links would be linkified.
const markdown = new MarkdownIt({ html: false, linkify: true });
// As VS Code's Markdown preview renders a document: HTML allowed, links linkified.
const preview = new MarkdownIt({ html: true, linkify: true });

// eslint-disable-next-line no-control-regex
export const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** A lone UTF-16 surrogate (what makes URI encoders throw). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The tooltip rendered as VS Code would (untrusted, no HTML): no link, image, HTML or code. */
export function assertInertMarkdown(source: string): string {
  const html = markdown.render(source);
  assert.doesNotMatch(html, /<a\b|<img\b|<script\b|<code\b|<h\d\b|<em\b/, `active markup in: ${html.slice(0, 300)}`);
  // Only the structure the builder itself makes: paragraphs, the bold heading and the field list.
  const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
  for (const tag of tags) assert.ok(['p', 'strong', 'ul', 'li'].includes(tag), `unexpected <${tag}> in ${html.slice(0, 300)}`);
  return html;
}

/**
 * A details page rendered as VS Code's Markdown preview would (HTML on, linkify on): no link,
 * image or HTML of the server's; only the page's own structure (headings, the field lists, bold
 * names, italic notes and fenced JSON). No invisible character or lone surrogate in the source.
 */
export function assertInertDetailsMarkdown(source: string): string {
  assert.doesNotMatch(source, INVISIBLE, 'an invisible character in the page');
  assert.doesNotMatch(source, LONE_SURROGATE, 'a lone surrogate in the page');
  const html = preview.render(source);
  assert.doesNotMatch(html, /<a\b|<img\b|<script\b|<iframe\b|<b\b|<svg\b|<input\b|<[a-z][^>]*\s(?:href|src|on\w+)=/i, `active markup in: ${html.slice(0, 300)}`);
  const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
  for (const tag of tags) assert.ok(['h1', 'h2', 'h3', 'p', 'strong', 'em', 'ul', 'li', 'pre', 'code'].includes(tag), `unexpected <${tag}> in ${html.slice(0, 300)}`);
  // Code only as fenced blocks (the JSON of structured fields), never an inline code span.
  assert.equal((html.match(/<code\b/g) ?? []).length, (html.match(/<pre><code\b/g) ?? []).length, 'an inline code span');
  // Headings only the page's own: one title, then the "Other fields" sections.
  assert.equal((html.match(/<h1\b/g) ?? []).length, 1, 'one title heading');
  assert.ok((html.match(/<h2\b/g) ?? []).length <= 1, 'one "Other fields" heading at most');
  return html;
}
