/**
 * The session store of one website in one tab: the session id, the list every `get` answers from, and the
 * pending changes, shared with the website's other tabs through storage.
 *
 * A command lands first in this tab's outbox (its own storage key: no other tab writes it, so no write is
 * lost), then, under a cross-tab lock, is folded into the session's shared record, which the sync engine sends.
 */
import { type Operation } from "../core/change";
import type { Locks } from "../browser/locks";
import type { KeyValueStore } from "../browser/storage";
import { type SessionRecord } from "./record";
export interface StoreOptions {
    websiteId: string;
    storage: KeyValueStore;
    locks: Locks;
    tabId: string;
    newSessionId(): string;
    now(): number;
}
export declare class SessionStore {
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
    /** The shared record of a session as this tab last saw it. */
    record(sessionId: string): SessionRecord;
    /** Sessions with a change to deliver, older sessions first. */
    sessionsWithWork(): string[];
    /**
     * Reads a session's shared record afresh, lets `change` derive the next one, and writes it: under the
     * cross-tab lock, after this tab's outbox has been merged, so that no tab's write is lost.
     */
    update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): Promise<T>;
    /** `update` without waiting for the lock: for the last moments of a page, when waiting is not possible. */
    updateNow<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T;
    /** Folds this tab's outbox into the shared records now. */
    mergeNow(): void;
    /** Takes over what tabs that died before merging left in their outboxes. */
    adoptOrphans(): Promise<void>;
    dispose(): void;
}
