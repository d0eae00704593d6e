/** The page's effects the sync engine waits on: time, connectivity and the page going away. */

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, Math.max(0, ms)));
}

export interface Network {
  isOnline(): boolean;
  /** Resolves at the next `online` event (at once when already online). */
  whenOnline(): Promise<void>;
}

export const browserNetwork: Network = {
  isOnline: () => globalThis.navigator?.onLine !== false,
  whenOnline() {
    if (browserNetwork.isOnline()) return Promise.resolve();
    return new Promise((resolve) => globalThis.addEventListener("online", () => resolve(), { once: true }));
  },
};

/**
 * Calls `hide` when the page goes away or into the back/forward cache (`pagehide`), and `show` when it comes
 * back from that cache.
 */
export function onPageCached(hide: () => void, show: () => void): () => void {
  const onShow = (event: PageTransitionEvent): void => {
    if (event.persisted) show();
  };
  globalThis.addEventListener("pagehide", hide);
  globalThis.addEventListener("pageshow", onShow);
  return () => {
    globalThis.removeEventListener("pagehide", hide);
    globalThis.removeEventListener("pageshow", onShow);
  };
}

/** Calls `callback` when the page may be going away: `pagehide`, or the page becoming hidden. */
export function onPageExit(callback: () => void): () => void {
  const onVisibility = (): void => {
    if (document.visibilityState === "hidden") callback();
  };
  globalThis.addEventListener("pagehide", callback);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    globalThis.removeEventListener("pagehide", callback);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}

/** The callbacks waiting for the next task: one message carries all of them. */
let nextTask: (() => void)[] | null = null;

/** Runs `callback` in a task of its own, after the current one: unlike a timer, never throttled in a hidden tab. */
export function afterThisTask(callback: () => void): void {
  if (nextTask) {
    nextTask.push(callback);
    return;
  }
  const callbacks = (nextTask = [callback]);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    nextTask = null;
    for (const run of callbacks) run();
  };
  channel.port2.postMessage(null);
}
