// Validates and normalises the `pgai.apiBaseUrl` setting. The API key is sent to whatever this
// points at, so the rules are strict: https only (plain http only to this machine), no
// credentials, no query or fragment.

import { isLoopbackHost } from '../api/proxy';

export const DEFAULT_BASE_URL = 'https://api.getpg.ai/public-api/v1';

export type BaseUrlResult =
  | { readonly ok: true; readonly baseUrl: string; readonly origin: string }
  | { readonly ok: false; readonly message: string };

/** Checks `raw` and returns the base URL without trailing slashes and its origin. */
export function parseBaseUrl(raw: unknown): BaseUrlResult {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, message: 'The PG:AI API URL is empty. Set pgai.apiBaseUrl to an https URL.' };
  }
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: a malformed URL may still carry a password.
    return { ok: false, message: 'The PG:AI API URL is not a valid URL. Use https://host/path.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `The PG:AI API URL must start with https:// (got ${url.protocol}).` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message: `The PG:AI API URL must use https: plain http is allowed only for localhost (got ${url.host}).`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the URL back here: the part before "@" may be a password.
    return { ok: false, message: 'The PG:AI API URL must not contain a user name or password.' };
  }
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return { ok: false, message: 'The PG:AI API URL must not contain a query (?…) or fragment (#…).' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, baseUrl: `${url.origin}${path}`, origin: url.origin };
}
