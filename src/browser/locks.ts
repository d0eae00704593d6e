/**
 * Web Locks, for what must be true of one tab at a time: being the leader, being alive. Where the browser has
 * none, every tab takes every lock at once: each is then its own leader, and revisions keep double sends harmless.
 */
export interface Locks {
  /** Takes `name` for the life of the page, calling `onGranted` once this page holds it. */
  holdForever(name: string, onGranted?: () => void): void;
  /** The names held by any tab of the origin, or null when that cannot be known. */
  held(): Promise<Set<string> | null>;
}

interface LockManagerLike {
  request(name: string, callback: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function webLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks && typeof locks.request === "function" ? locks : null;
}

export function browserLocks(): Locks {
  const manager = webLocks();
  if (!manager) return localLocks();
  return {
    holdForever(name, onGranted) {
      manager
        .request(name, () => {
          onGranted?.();
          return new Promise<never>(() => {});
        })
        .catch(() => {});
    },
    async held() {
      try {
        const state = await manager.query();
        return new Set((state.held ?? []).map((lock) => lock.name ?? ""));
      } catch {
        return null;
      }
    },
  };
}

/** Locks within this page only: every lock is granted at once. */
export function localLocks(): Locks {
  return {
    holdForever: (_name, onGranted) => onGranted?.(),
    held: async () => null,
  };
}
