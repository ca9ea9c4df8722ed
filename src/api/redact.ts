// Removes the API key from text before it reaches a log line or an error message. The key is
// replaced wherever it appears (also URL-encoded), and any value written after an `x-api-key`
// header name is replaced too, in case a server or proxy echoes a different key back.

export const REDACTED = '[redacted]';

export type Redactor = (text: string) => string;

const HEADER_VALUE = /(x-api-key["']?\s*[:=]\s*["']?)([^\s"',;}&]+)/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function that redacts `secret` (when non-empty) and `x-api-key` header values from text. */
export function createRedactor(secret: string | undefined): Redactor {
  const forms = new Set<string>();
  if (secret) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const secretPattern =
    forms.size === 0
      ? undefined
      : new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (text: string) => {
    let out = secretPattern ? text.replace(secretPattern, REDACTED) : text;
    out = out.replace(HEADER_VALUE, (_match, name: string) => `${name}${REDACTED}`);
    return out;
  };
}
