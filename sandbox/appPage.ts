// GET /app/sessions/{id}: a small web page per session, standing in for PG:AI's web app (whose
// URLs are not documented) behind the extension's "Open in PG:AI" link. No key needed, as in a
// logged-in browser tab. Every value is escaped; titles are isolated from the page's text
// direction; the page runs no script and loads nothing (CSP).
import type { OutgoingHttpHeaders } from 'node:http';
import { COMPANIES } from './data';
import type { SessionRecord } from './types';

export const APP_SESSIONS_PATH = '/app/sessions/';

export const APP_PAGE_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Bidirectional embeddings, overrides, isolates and marks. */
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text for HTML content and quoted attributes: & < > " ' escaped; lone surrogates and control
 * characters (which cannot be encoded or are not allowed in HTML) become U+FFFD.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Any field value as text: strings as they are, other values as JSON. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A value in its own direction-isolated span, or a dash for none. */
function field(value: unknown): string {
  const t = text(value);
  return t === undefined || t === '' ? '<span class="none">—</span>' : `<bdi>${escapeHtml(t)}</bdi>`;
}

function time(value: unknown): string {
  const t = text(value);
  if (t === undefined) return field(t);
  const ms = Date.parse(t);
  const shown = Number.isNaN(ms) ? t : new Date(ms).toUTCString();
  return `<time datetime="${escapeHtml(t)}"><bdi>${escapeHtml(shown)}</bdi></time>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:720px;margin:40px auto;padding:24px 32px;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
.brand{color:#6b7280;font-size:13px;margin:0}h1{font-size:22px;margin:8px 0 20px;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 20px;margin:0}dt{color:#6b7280}dd{margin:0;overflow-wrap:anywhere}
.none{color:#9ca3af}code{font-size:13px}`;

function page(title: string, body: string): string {
  // The tab title cannot isolate text direction, so bidi controls are shown as U+FFFD there.
  const tabTitle = escapeHtml(title.replace(BIDI, '\uFFFD'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${tabTitle}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page of one session. */
export function renderSessionPage(s: SessionRecord): string {
  const title = text(s.title);
  const company = typeof s.company_id === 'string' ? COMPANIES.find((c) => c.id === s.company_id) : undefined;
  const companyHtml =
    s.company_id === null || s.company_id === undefined
      ? '<span class="none">—</span>'
      : company
        ? `<bdi>${escapeHtml(company.name)}</bdi> <code>${escapeHtml(company.id)}</code>`
        : `<code>${escapeHtml(text(s.company_id) ?? '')}</code>`;
  const heading = title === undefined || title === '' ? '<span class="none">Untitled</span>' : `<bdi>${escapeHtml(title)}</bdi>`;
  return page(
    `${title ?? 'Untitled'} · PG:AI sandbox`,
    `<p class="brand">PG:AI sandbox · agent session</p>
<h1 id="title">${heading}</h1>
<dl>
<dt>Status</dt><dd data-field="status">${field(s.status)}</dd>
<dt>Type</dt><dd data-field="type">${field(s.type)}</dd>
<dt>Company</dt><dd data-field="company">${companyHtml}</dd>
<dt>Created</dt><dd data-field="created_at">${time(s.created_at)}</dd>
<dt>Updated</dt><dd data-field="updated_at">${time(s.updated_at)}</dd>
<dt>ID</dt><dd data-field="id"><code>${escapeHtml(s.id)}</code></dd>
</dl>`,
  );
}

/** The page for an id the sandbox does not hold. */
export function renderNotFoundPage(id: string): string {
  return page(
    'Session not found · PG:AI sandbox',
    `<p class="brand">PG:AI sandbox</p>
<h1>Session not found</h1>
<p>No session has the id <code><bdi>${escapeHtml(id)}</bdi></code>.</p>`,
  );
}

/** The session id an app page path asks for (decoded when it can be), or undefined for any other path. */
export function appSessionId(pathname: string): string | undefined {
  if (!pathname.startsWith(APP_SESSIONS_PATH)) return undefined;
  let rest = pathname.slice(APP_SESSIONS_PATH.length);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}
