/**
 * The session store of one website in one tab: the current session's id, the list every `get` answers from, and
 * its pending change. The records it reads, and how the tabs share them, are `tabs/shared-records.ts`'s job.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import { type Operation } from "../protocol/change.js";
import { type RefusedChange, type ServiceState, type SessionRecord } from "./record.js";
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
    /** Takes this tab's locks: its presence, and its place in line to lead. */
    resume(): void;
    /** The page goes away or into the back/forward cache: what it has is written, and another tab may lead. */
    suspend(): void;
    get sessionId(): string;
    /** Whether this tab writes the records and sends them. */
    get leader(): boolean;
    segments(): string[];
    /** No change of the current session waits for the service. */
    synced(): boolean;
    /** Applies an operation to the current session; false, with nothing changed, if the list would pass the limit. */
    apply(operation: Operation): boolean;
    /** Starts a new, empty session; what the old one still owes the service stays pending for it. */
    reset(): void;
    /** Called whenever the list of the current session may have changed, whoever changed it. */
    subscribe(listener: () => void): () => void;
    /** Called, in a tab that does not lead, when the service refused a change that held this tab's commands. */
    onRefusal(listener: (refusal: RefusedChange) => void): void;
    /** Called when this tab becomes the leader. */
    onLeader(listener: () => void): void;
    /** The record of a session as this tab last saw it. */
    record(sessionId: string): SessionRecord;
    /** Sessions with a change to deliver, older sessions first (the leader's view). */
    sessionsWithWork(): string[];
    /** Nothing this tab knows of waits for the service: no command of its own, no record with a change. */
    idle(): boolean;
    /** The leader derives a session's next record; no other tab writes records. */
    update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T;
    /** The service's state read on load: the leader records it; another tab lays it under its view. */
    loadRead(sessionId: string, state: ServiceState): void;
    /** Writes what this tab has pending to its outbox now and, as the leader, merges it into the records. */
    savePending(): void;
    dispose(): void;
}
