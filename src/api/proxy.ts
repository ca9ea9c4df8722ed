// Whether a request goes through a proxy. A client talks to one origin, so the choice is made
// once per client: never for this machine (a plain-http loopback URL would otherwise hand the
// key to the proxy in clear text), never for hosts on the no-proxy list, else through the
// proxy the user configured (VS Code's http.proxy) or the environment's.

/** True for `localhost`, 127.0.0.0/8 and `[::1]` (hostname as the WHATWG URL parser gives it). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** NO_PROXY-style entries from a comma/space separated string or a list (VS Code's http.noProxy). */
export function parseNoProxy(value: string | readonly string[] | undefined): string[] {
  const parts = typeof value === 'string' ? value.split(/[\s,]+/) : (value ?? []).flatMap((v) => v.split(/[\s,]+/));
  return parts.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/**
 * Whether `url` is exempt from proxying by `noProxy` (curl's rules: `*` matches every host; an
 * entry matches the host itself and its subdomains, with or without a leading `.` or `*.`; an
 * entry with `:port` matches that port only; IP addresses match exactly).
 */
export function bypassesProxy(url: URL, noProxy: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy) {
    if (raw === '*') return true;
    const [name, port] = splitPort(raw);
    if (port !== undefined && port !== defaultPort(url)) continue;
    const entry = name.replace(/^\*?\./, '');
    if (entry !== '' && (host === entry || host.endsWith(`.${entry}`))) return true;
  }
  return false;
}

/** "host:port" → [host, port]; "[::1]:8080" → ["::1", "8080"]; a bare IPv6 address has no port. */
function splitPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2]];
  const colon = entry.indexOf(':');
  if (colon > 0 && colon === entry.lastIndexOf(':') && /^\d+$/.test(entry.slice(colon + 1))) return [entry.slice(0, colon), entry.slice(colon + 1)];
  return [entry, undefined];
}

export interface ProxySettings {
  /** An explicit proxy (VS Code's http.proxy); wins over the environment. */
  readonly proxyUrl?: string;
  /** Hosts that never go through a proxy (VS Code's http.noProxy). */
  readonly noProxy?: readonly string[];
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from. */
  readonly env: NodeJS.ProcessEnv;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** The proxy URL to use for `target`, or undefined to connect directly. */
export function proxyFor(target: URL, settings: ProxySettings): string | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const explicit = settings.proxyUrl?.trim();
  const fromEnv = target.protocol === 'https:' ? (envValue(settings.env, 'https_proxy') ?? envValue(settings.env, 'http_proxy')) : envValue(settings.env, 'http_proxy');
  const proxy = explicit || fromEnv;
  if (!proxy) return undefined;
  const noProxy = [...(settings.noProxy ?? []), ...parseNoProxy(envValue(settings.env, 'no_proxy'))];
  return bypassesProxy(target, noProxy) ? undefined : proxy;
}
