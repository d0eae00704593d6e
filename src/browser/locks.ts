/**
 * Mutual exclusion across the tabs of an origin. Web Locks where the browser has them; elsewhere there is one
 * tab's word only, and the revision numbers keep a double send harmless.
 */
export interface Locks {
  /** Runs `task` while holding `name` exclusively; `task` must not await anything slow unless it means to. */
  run<T>(name: string, task: () => T | Promise<T>): Promise<T>;
  /** Holds `name` for the life of the page, so that other tabs can tell this one is alive. */
  holdForever(name: string): void;
  /** The names held by any tab of the origin, or null when that cannot be known. */
  held(): Promise<Set<string> | null>;
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T> | T): Promise<T>;
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
    run: (name, task) => manager.request(name, task),
    holdForever(name) {
      manager.request(name, () => new Promise<never>(() => {})).catch(() => {});
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

/** Locks within this page only: a promise chain per name. */
export function localLocks(): Locks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(name: string, task: () => T | Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => {});
      tails.set(name, tail);
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name);
      });
      return result;
    },
    holdForever() {},
    held: async () => null,
  };
}
