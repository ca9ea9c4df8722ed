// Checks that text from a server is shown as text: no invisible or direction-changing
// characters, and tooltips that render inert the way VS Code renders an untrusted hover.
import assert from 'node:assert/strict';

// A plain require: markdown-it ships no types, so its one constructor is typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options?: Record<string, unknown>) => { render(source: string): string };
// As VS Code renders untrusted hovers: no HTML, links would be linkified.
const markdown = new MarkdownIt({ html: false, linkify: true });

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
