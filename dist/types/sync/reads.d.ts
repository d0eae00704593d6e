/**
 * The syncer's reads of the current session: one on load, then one attempt now and then (every minute, and when
 * the page is shown) for what changed at the service (operators, REST API). One read at a time.
 */
import type { Clock } from "../platform/page-lifecycle.js";
import type { Answer, Transport } from "./transport.js";
/** A visible page reads its session this often. */
export declare const REFRESH_MS = 60000;
export interface ReadsOptions {
    transport: Transport;
    clock: Clock;
    /** What an answer does: the service's state lands in the list, a refused website stops syncing. */
    answered(sessionId: string, answer: Answer): void;
    /** Told once, when the load's read has an answer or has failed a first time. */
    onLoaded(sessionId: string): void;
    /** Called every minute; decides whether to `refresh`. */
    due(): void;
}
export declare class SessionReads {
    #private;
    /**
     * Settles when the load's read has an answer or has failed a first time: the page goes on with the cached list
     * meanwhile, and the read keeps trying.
     */
    readonly loaded: Promise<void>;
    /** Reads the session at once, and calls `due` every minute until `dispose`. */
    constructor(options: ReadsOptions, sessionId: string);
    /** Whether a read is under way. */
    get busy(): boolean;
    /** Reads the session again, one attempt; nothing waits for it. */
    refresh(sessionId: string): void;
    /** A change goes out: its answer carries the whole list, and the read under way could only bring an older one. */
    abort(): void;
    dispose(): void;
}
