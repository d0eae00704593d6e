/** The page's effects the sync engine waits on: time, connectivity and the page going away. */
export interface Clock {
    now(): number;
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}
export declare const systemClock: Clock;
export declare function sleep(clock: Clock, ms: number): Promise<void>;
export interface Network {
    isOnline(): boolean;
    /** Resolves at the next `online` event (at once when already online). */
    whenOnline(): Promise<void>;
}
export declare const browserNetwork: Network;
/** One removal for several. */
export declare function removeAll(...removals: (() => void)[]): () => void;
/**
 * Calls `hide` when the page goes away or into the back/forward cache (`pagehide`), and `show` when it comes
 * back from that cache.
 */
export declare function onPageCached(hide: () => void, show: () => void): () => void;
/** Calls `callback` when the page may be going away: `pagehide`, or the page becoming hidden. */
export declare function onPageExit(callback: () => void): () => void;
/** Calls `callback` when the page becomes visible again or regains focus. */
export declare function onPageShown(callback: () => void): () => void;
/** Runs `callback` in a task of its own, after the current one: unlike a timer, never throttled in a hidden tab. */
export declare function afterThisTask(callback: () => void): void;
