/** What the syncer is given: its settings, its effects, and the part of the session store it may call. */
import type { Clock, Network } from "../platform/page-lifecycle.js";
import type { CrispError } from "../protocol/errors.js";
import type { RefusedChange, ServiceState, SessionRecord } from "../session/record.js";
import type { BackoffPolicy } from "./policy.js";
import type { Transport } from "./transport.js";
/** What the syncer may call of the session store (`session/store.ts`). */
export interface SyncerStore {
    readonly sessionId: string;
    /** Only the leader tab sends. */
    readonly leader: boolean;
    subscribe(listener: () => void): () => void;
    onLeader(listener: () => void): void;
    onRefusal(listener: (refusal: RefusedChange) => void): void;
    loadRead(sessionId: string, state: ServiceState): void;
    savePending(): void;
    sessionsWithWork(): string[];
    record(sessionId: string): SessionRecord;
    update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T;
    idle(): boolean;
}
export interface SyncerOptions {
    store: SyncerStore;
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
    /** Told once, when the load's read has an answer or has failed a first time. */
    onLoaded(sessionId: string): void;
}
