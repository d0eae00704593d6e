/**
 * Delivers every session's pending change: reads the session once on load, sends the first change of a burst
 * after a short delay, keeps one request per session on the wire, folds what arrives meanwhile into the next
 * request, and sends what is left at once, with keepalive, when the page goes away. Only the leader tab sends:
 * that is what keeps one request per session in flight across tabs.
 */
import type { SyncerOptions } from "./syncer-options.js";
export declare class Syncer {
    #private;
    /** Starts at once: reads the current session, and sends whenever this tab leads. */
    constructor(options: SyncerOptions);
    /** Ends for good: no timer, no read, no more requests (an answer already on its way is still recorded). */
    dispose(): void;
    /**
     * Reads the session again, one attempt, for what changed at the service: only while the page is visible and
     * online, and nothing of it waits for the service (an answer to a change carries the whole list anyway).
     */
    refresh(): void;
    /** Sends pending changes after the burst delay; several calls within it make one request. */
    schedule(): void;
    /** Resolves once the service has acknowledged every pending change; rejects on a permanent refusal. */
    flush(): Promise<void>;
    /** The page may be going away: send what is pending now, with keepalive, without waiting for anything. */
    exit(): void;
}
