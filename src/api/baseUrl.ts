// The API address: one parser for everyone who needs it (the connection reading the setting, the
// client building its requests). The key is sent to whatever this accepts, so the rules are
// strict: https (plain http only to this machine), no credentials, no query or fragment.
import { isLoopbackHost } from './proxy';

export const DEFAULT_BASE_URL = 'https://api.getpg.ai/public-api/v1';

/** A usable API address, split the way requests need it. */
export interface ApiEndpoint {
  /** Without a trailing slash, e.g. "https://api.getpg.ai/public-api/v1". */
  readonly baseUrl: string;
  /** e.g. "https://api.getpg.ai": what keys are stored for. */
  readonly origin: string;
  /** The path requests go under, e.g. "/public-api/v1". */
  readonly prefix: string;
  /** For messages, e.g. "api.getpg.ai". */
  readonly host: string;
}

export type BaseUrlResult = ({ readonly ok: true } & ApiEndpoint) | { readonly ok: false; readonly message: string };

export interface BaseUrlRules {
  /**
   * Plain http to a host other than this machine. Off: the key would cross the network in clear
   * text. Only tests of the client through a proxy turn it on (their made-up host is reached
   * through the test's proxy on this machine).
   */
  readonly plainHttpAnywhere?: boolean;
}

/** Checks `raw` and returns the base URL (trailing slashes removed), its origin, path and host. */
export function parseBaseUrl(raw: unknown, rules: BaseUrlRules = {}): BaseUrlResult {
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
  if (url.protocol === 'http:' && !rules.plainHttpAnywhere && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: `The PG:AI API URL must use https: plain http is allowed only for localhost (got ${url.host}).` };
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the URL back here: the part before "@" may be a password.
    return { ok: false, message: 'The PG:AI API URL must not contain a user name or password.' };
  }
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return { ok: false, message: 'The PG:AI API URL must not contain a query (?…) or fragment (#…).' };
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  return { ok: true, baseUrl: `${url.origin}${prefix}`, origin: url.origin, prefix, host: url.host };
}
