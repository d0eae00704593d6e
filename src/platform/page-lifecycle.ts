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

/** Listens to `type` on `target`; returns the removal. */
function listen(target: EventTarget, type: string, listener: (event: Event) => void): () => void {
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}

/** One removal for several. */
export function removeAll(...removals: (() => void)[]): () => void {
  return () => {
    for (const remove of removals) remove();
  };
}

/** Calls `callback` whenever the page's visibility becomes `state`. */
function onVisibility(state: DocumentVisibilityState, callback: () => void): () => void {
  return listen(document, "visibilitychange", () => {
    if (document.visibilityState === state) callback();
  });
}

/**
 * Calls `hide` when the page goes away or into the back/forward cache (`pagehide`), and `show` when it comes
 * back from that cache.
 */
export function onPageCached(hide: () => void, show: () => void): () => void {
  return removeAll(
    listen(globalThis, "pagehide", hide),
    listen(globalThis, "pageshow", (event) => {
      if ((event as PageTransitionEvent).persisted) show();
    }),
  );
}

/** Calls `callback` when the page may be going away: `pagehide`, or the page becoming hidden. */
export function onPageExit(callback: () => void): () => void {
  return removeAll(listen(globalThis, "pagehide", callback), onVisibility("hidden", callback));
}

/** Calls `callback` when the page becomes visible again or regains focus. */
export function onPageShown(callback: () => void): () => void {
  return removeAll(onVisibility("visible", callback), listen(globalThis, "focus", callback));
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
