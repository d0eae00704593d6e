/**
 * The session store of one website in one tab: the current session's id, the list every `get` answers from, and
 * its pending change. The records it reads, and how the tabs share them, are `tabs/shared-records.ts`'s job.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import { type Operation } from "../protocol/change.js";
import { SharedRecords } from "../tabs/shared-records.js";
import { type ServiceState } from "./record.js";
export interface StoreOptions {
    websiteId: string;
    storage: KeyValueStore;
    locks: Locks;
    tabId: string;
    newSessionId(): string;
    now(): number;
    /** Runs the store's start: listening to the other tabs, taking the locks. At once unless given (the page's load). */
    startLater?(start: () => void): void;
}
/** The tab protocol's methods (leadership, records, outbox, refusals) are inherited from `SharedRecords`. */
export declare class SessionStore extends SharedRecords {
    #private;
    constructor(options: StoreOptions);
    get sessionId(): string;
    segments(): string[];
    /** No change of the current session waits for the service. */
    synced(): boolean;
    /** Applies an operation to the current session; false, with nothing changed, if the list would pass the limit. */
    apply(operation: Operation): boolean;
    /** Starts a new, empty session; what the old one still owes the service stays pending for it. */
    reset(): void;
    /** Called whenever the list of the current session may have changed, whoever changed it. */
    subscribe(listener: () => void): () => void;
    /** The service's state read on load: the leader records it; another tab lays it under its view. */
    loadRead(sessionId: string, state: ServiceState): void;
    dispose(): void;
    protected written(sessionId: string): void;
    protected changed(): void;
}
