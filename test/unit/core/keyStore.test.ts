import assert from 'node:assert/strict';
import { ApiKeyStore, secretKeyFor, validateApiKey, type KeyChange, type SecretStore } from '../../../src/core/keyStore';

/** SecretStorage in memory; `external()` simulates a change made by another window. */
class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  private listeners = new Set<(e: { key: string }) => unknown>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.map.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
    this.fire(key);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.map.delete(key);
    this.fire(key);
    return Promise.resolve();
  }
  readonly onDidChange: SecretStore['onDidChange'] = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  external(key: string, value: string): void {
    this.map.set(key, value);
    this.fire(key);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  private fire(key: string): void {
    for (const listener of [...this.listeners]) listener({ key });
  }
}

// The secret's name is what VS Code keeps across updates: a literal here, so a change shows.
const KEY_PREFIX = 'pgai.apiKey:';
const PROD = 'https://api.getpg.ai';
const SANDBOX = 'http://127.0.0.1:4010';

describe('ApiKeyStore', () => {
  it('keeps one key per origin: a key for A is never returned for B', async () => {
    const secrets = new MemorySecrets();
    const store = new ApiKeyStore(secrets);
    await store.set(PROD, 'prod-key');
    assert.equal(await store.get(PROD), 'prod-key');
    assert.equal(await store.get(SANDBOX), undefined);
    assert.equal(await store.get('https://api.getpg.ai:8443'), undefined);
    assert.equal(await store.get('http://api.getpg.ai'), undefined);
    await store.set(SANDBOX, 'sandbox-key');
    assert.equal(await store.get(PROD), 'prod-key');
    assert.equal(await store.get(SANDBOX), 'sandbox-key');
    assert.deepEqual([...secrets.map.keys()].sort(), [`${KEY_PREFIX}${SANDBOX}`, `${KEY_PREFIX}${PROD}`].sort());
  });

  it('normalises the origin (case, trailing slash, default port, path)', async () => {
    const store = new ApiKeyStore(new MemorySecrets());
    await store.set('HTTPS://API.getpg.ai:443/', 'k1');
    assert.equal(await store.get(PROD), 'k1');
    assert.equal(await store.get('https://api.getpg.ai/public-api/v1'), 'k1');
  });

  it('refuses something that is not an http(s) origin', async () => {
    const store = new ApiKeyStore(new MemorySecrets());
    await assert.rejects(() => store.set('not a url', 'k'), /origin/);
    await assert.rejects(() => store.get('file:///tmp'), /origin/);
  });

  it('takes http and https origins only: not ftp, ws or data, which have origins too', () => {
    for (const origin of ['ftp://api.getpg.ai', 'ws://localhost:8080', 'wss://api.getpg.ai', 'data:text/plain,x', 'mailto:a@b.c']) {
      assert.throws(() => secretKeyFor(origin), /^Error: Not an API origin\.$/, origin);
    }
    assert.equal(secretKeyFor('http://localhost:8080/x'), `${KEY_PREFIX}http://localhost:8080`);
    assert.equal(secretKeyFor('HTTPS://API.GETPG.AI:443'), `${KEY_PREFIX}https://api.getpg.ai`);
  });

  it('trims keys and refuses empty or whitespace-containing ones', async () => {
    const secrets = new MemorySecrets();
    const store = new ApiKeyStore(secrets);
    await store.set(PROD, '  \tabc123\n ');
    assert.equal(secrets.map.get(`${KEY_PREFIX}${PROD}`), 'abc123');
    await assert.rejects(() => store.set(PROD, '   '), /empty/);
    await assert.rejects(() => store.set(PROD, 'ab c'), /spaces/);
    assert.equal(await store.get(PROD), 'abc123');
    assert.equal(validateApiKey(''), 'Enter an API key (it cannot be empty).');
    assert.equal(validateApiKey(' ok '), undefined);
  });

  it('delete removes only that origin', async () => {
    const store = new ApiKeyStore(new MemorySecrets());
    await store.set(PROD, 'p');
    await store.set(SANDBOX, 's');
    await store.delete(PROD);
    assert.equal(await store.get(PROD), undefined);
    assert.equal(await store.get(SANDBOX), 's');
  });

  it('treats a stored blank value as no key', async () => {
    const secrets = new MemorySecrets();
    secrets.map.set(`${KEY_PREFIX}${PROD}`, '   ');
    assert.equal(await new ApiKeyStore(secrets).get(PROD), undefined);
  });

  it('reports changes per origin, including from another window, and ignores other secrets', async () => {
    const secrets = new MemorySecrets();
    const store = new ApiKeyStore(secrets);
    const seen: KeyChange[] = [];
    const subscription = store.onDidChange((e) => seen.push(e));
    await store.set(PROD, 'p');
    secrets.external(`${KEY_PREFIX}${SANDBOX}`, 'other-window');
    secrets.external('someOtherExtension.token', 'x');
    await store.delete(PROD);
    assert.deepEqual(seen, [{ origin: PROD }, { origin: SANDBOX }, { origin: PROD }]);
    assert.equal(secrets.listenerCount, 1);
    subscription.dispose();
    assert.equal(secrets.listenerCount, 0);
    await store.set(PROD, 'q');
    assert.equal(seen.length, 3);
  });
});
