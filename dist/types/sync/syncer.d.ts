/**
 * Delivers every session's pending change: reads the session once on load, sends the first change of a burst
 * after a short delay, keeps one request per session on the wire, folds what arrives meanwhile into the next
 * request, and sends what is left at once, with keepalive, when the page goes away. Only the leader tab sends:
 * that is what keeps one request per session in flight across tabs.
 */
import { type Clock, type Network } from "../platform/page-lifecycle.js";
import type { CrispError } from "../protocol/errors.js";
import type { SessionStore } from "../session/store.js";
import { type BackoffPolicy } from "./policy.js";
import type { Transport } from "./transport.js";
export interface SyncerOptions {
    store: SessionStore;
    transport: Transport;
    /** From the first command of a burst to its request. */
    delayMs: number;
    /** Whether the page is hidden: there the browser runs timers once a second at most. */
    hidden(): boolean;
    maxBodyBytes: number;
    backoff: BackoffPolicy;
    clock: Clock;
    network: Network;
    report(error: CrispError): void;
    loaded(sessionId: string): void;
}
export declare class Syncer {
    #private;
    constructor(options: SyncerOptions);
    start(): void;
    /** Stops for good: no timer, no read, no more requests (an answer already on its way is still recorded). */
    stop(): void;
    /** Sends pending changes after the burst delay; several calls within it make one request. */
    schedule(): void;
    /** Resolves once the service has acknowledged every pending change; rejects on a permanent refusal. */
    flush(): Promise<void>;
    /** The page may be going away: send what is pending now, with keepalive, without waiting for anything. */
    exit(): void;
}
