/**
 * Web Locks, for what must be true of one tab at a time: being the leader, being alive. Where the browser has
 * none, every tab takes every lock at once: each is then its own leader, and revisions keep double sends harmless.
 */
export interface Locks {
  /** Whether a lock excludes the other tabs (Web Locks), or only stands for this page. */
  readonly exclusive: boolean;
  /** Takes `name` until `releaseAll`, calling `onGranted` once this page holds it. */
  holdForever(name: string, onGranted?: () => void): void;
  /** Lets go of every lock held or waited for: a page holding one cannot enter the back/forward cache. */
  releaseAll(): void;
  /** The names held by any tab of the origin, or null when that cannot be known. */
  held(): Promise<Set<string> | null>;
}

interface LockManagerLike {
  request(name: string, options: { signal: AbortSignal }, callback: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function webLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks && typeof locks.request === "function" ? locks : null;
}

export function browserLocks(): Locks {
  const manager = webLocks();
  if (!manager) return localLocks();
  const releases = new Set<() => void>();
  return {
    exclusive: true,
    holdForever(name, onGranted) {
      const waiting = new AbortController();
      let release = (): void => waiting.abort();
      releases.add(() => release());
      manager
        .request(name, { signal: waiting.signal }, () => {
          onGranted?.();
          return new Promise<void>((resolve) => (release = resolve));
        })
        .catch(() => {
          // Refused for another reason than our release (an opaque origin, say): this page is on its own.
          if (!waiting.signal.aborted) onGranted?.();
        });
    },
    releaseAll() {
      for (const release of releases) release();
      releases.clear();
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
    exclusive: false,
    holdForever: (_name, onGranted) => onGranted?.(),
    releaseAll: () => {},
    held: async () => null,
  };
}
