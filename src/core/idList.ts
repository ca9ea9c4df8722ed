// Small lists of ids kept in a key-value store (VS Code's globalState and workspaceState satisfy
// it) across restarts: read tolerantly (only the strings the owner accepts, each once, bounded;
// any other value, or a store that throws, reads as nothing) and written without waiting, a
// failure reported. Only arrays of ids are ever written.

export interface IdStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface IdListRules {
  /** How many ids are kept at most. */
  readonly max: number;
  /** Whether a stored string is one of ours. */
  readonly accept: (id: string) => boolean;
  /** The form an id is kept in (e.g. lower case). */
  readonly normalise?: (id: string) => string;
}

export function readIdList(store: IdStore, key: string, rules: IdListRules, onError: (error: unknown) => void): string[] {
  let value: unknown;
  try {
    value = store.get(key);
  } catch (error) {
    onError(error);
    return [];
  }
  if (!Array.isArray(value)) return [];
  const ids = new Set<string>();
  for (const item of value as unknown[]) {
    if (ids.size >= rules.max) break;
    if (typeof item === 'string' && rules.accept(item)) ids.add(rules.normalise ? rules.normalise(item) : item);
  }
  return [...ids];
}

export function writeIdList(store: IdStore, key: string, ids: readonly string[], onError: (error: unknown) => void): void {
  try {
    Promise.resolve(store.update(key, [...ids])).catch(onError);
  } catch (error) {
    onError(error);
  }
}

/** `ids` with `id` first (moved there if it was in them), at most `max`. */
export function withFirst(ids: readonly string[], id: string, max: number): string[] {
  return [id, ...ids.filter((other) => other !== id)].slice(0, max);
}
