/**
 * Key-value persistence that never throws. `localStorage` can be missing (server-side rendering), forbidden
 * (sandboxed frames, some private modes) or full (quota): then values live in memory for the life of the page.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  /** Returns false when the value could only be kept in memory. */
  set(key: string, value: string): boolean;
  remove(key: string): void;
  keys(prefix: string): string[];
}

export function memoryStorage(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
      return false;
    },
    remove: (key) => void values.delete(key),
    keys: (prefix) => [...values.keys()].filter((key) => key.startsWith(prefix)),
  };
}

function openLocalStorage(): Storage | null {
  try {
    const storage = globalThis.localStorage;
    const probe = "crisp-segments:probe";
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

/** `localStorage`, with an in-memory overlay for the values it refused to hold. */
export function browserStorage(): KeyValueStore {
  const storage = openLocalStorage();
  if (!storage) return memoryStorage();
  const overlay = memoryStorage();
  return {
    get(key) {
      const kept = overlay.get(key);
      if (kept !== null) return kept;
      try {
        return storage.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        storage.setItem(key, value);
        overlay.remove(key);
        return true;
      } catch {
        overlay.set(key, value);
        return false;
      }
    },
    remove(key) {
      overlay.remove(key);
      try {
        storage.removeItem(key);
      } catch {
        // Nothing to do: the value is gone from memory, and storage that cannot be written cannot be cleaned.
      }
    },
    keys(prefix) {
      const found = new Set(overlay.keys(prefix));
      try {
        for (let index = 0; index < storage.length; index++) {
          const key = storage.key(index);
          if (key?.startsWith(prefix)) found.add(key);
        }
      } catch {
        // Storage that cannot be listed has nothing of ours we could read back either.
      }
      return [...found];
    },
  };
}
