// The API key, stored in VS Code's SecretStorage under one entry per API origin, so a key saved
// for the PG:AI API is never sent to another base URL (such as the sandbox), and the other way
// round. Pure: it needs four members of VS Code's SecretStorage, declared here so this layer runs
// without VS Code; tests use an in-memory fake.

const KEY_PREFIX = 'pgai.apiKey:';

interface Disposable {
  dispose(): unknown;
}

/** The part of VS Code's SecretStorage the key store uses (`context.secrets` is one). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  onDidChange(listener: (event: { readonly key: string }) => unknown): Disposable;
}

export interface KeyChange {
  /** The origin whose key was stored, changed or deleted. */
  readonly origin: string;
}

/** Throws unless `origin` is a bare http(s) origin such as "https://api.getpg.ai". */
function normaliseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error('Not an API origin.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('Not an API origin.');
  }
  return url.origin;
}

export function secretKeyFor(origin: string): string {
  return `${KEY_PREFIX}${normaliseOrigin(origin)}`;
}

/** Trims the key; returns an error message for an empty or multi-line key, else undefined. */
export function validateApiKey(key: string): string | undefined {
  const trimmed = key.trim();
  if (trimmed === '') return 'Enter an API key (it cannot be empty).';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) return 'An API key cannot contain spaces or line breaks.';
  return undefined;
}

export class ApiKeyStore {
  constructor(private readonly secrets: SecretStore) {}

  async get(origin: string): Promise<string | undefined> {
    const value = await this.secrets.get(secretKeyFor(origin));
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  }

  /** Stores the trimmed key for `origin`; rejects an empty or malformed key. */
  async set(origin: string, key: string): Promise<void> {
    const problem = validateApiKey(key);
    if (problem !== undefined) throw new Error(problem);
    await this.secrets.store(secretKeyFor(origin), key.trim());
  }

  async delete(origin: string): Promise<void> {
    await this.secrets.delete(secretKeyFor(origin));
  }

  /** Fires for changes to any origin's key, including from another window. */
  readonly onDidChange = (listener: (change: KeyChange) => unknown): Disposable =>
    this.secrets.onDidChange((event) => {
      if (event.key.startsWith(KEY_PREFIX)) listener({ origin: event.key.slice(KEY_PREFIX.length) });
    });
}
