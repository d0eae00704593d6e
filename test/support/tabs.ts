/** Fakes of what browser tabs share: Web Locks across tabs, and storage that tells the other tabs of writes. */
import type { Locks } from "../../src/platform/locks";
import { type KeyValueStore, memoryStorage } from "../../src/platform/storage";

/** Web Locks as one origin's tabs see them: a lock is held by one tab until it closes, then the next in line gets it. */
export function lockHub() {
  const holders = new Map<string, string>();
  const queues = new Map<string, { tab: string; onGranted?: () => void }[]>();
  const grant = (name: string, tab: string, onGranted?: () => void): void => {
    holders.set(name, tab);
    // Web Locks call back asynchronously.
    queueMicrotask(() => onGranted?.());
  };
  return {
    tab(tab: string): Locks & { close(): void } {
      return {
        exclusive: true,
        holdForever(name, onGranted) {
          if (!holders.has(name)) return grant(name, tab, onGranted);
          const queue = queues.get(name) ?? [];
          queue.push({ tab, onGranted });
          queues.set(name, queue);
        },
        held: async () => new Set(holders.keys()),
        releaseAll() {
          this.close();
        },
        close() {
          for (const [name, queue] of queues)
            queues.set(
              name,
              queue.filter((waiter) => waiter.tab !== tab),
            );
          for (const [name, holder] of [...holders]) {
            if (holder !== tab) continue;
            holders.delete(name);
            const next = queues.get(name)?.shift();
            if (next) grant(name, next.tab, next.onGranted);
          }
        },
      };
    },
  };
}

/**
 * One storage for several tabs of a page, announcing each write with a `storage` event a moment later, as a
 * browser does in the other tabs. (Here every store on the window hears it, the writer included.)
 */
export function sharedStorage(): KeyValueStore {
  const inner = memoryStorage();
  const announce = (key: string): void => {
    setTimeout(() => window.dispatchEvent(new StorageEvent("storage", { key })), 0);
  };
  return {
    get: (key) => inner.get(key),
    set(key, value) {
      inner.set(key, value);
      announce(key);
      return true;
    },
    remove(key) {
      inner.remove(key);
      announce(key);
    },
    keys: (prefix) => inner.keys(prefix),
  };
}
