/**
 * The session store of one website in one tab: the session id, the list every `get` answers from, and the
 * pending changes, shared with the website's other tabs through storage.
 *
 * `localStorage` is not atomic across tab processes (Chromium hands another tab's writes over asynchronously,
 * even to a tab that took a Web Lock after the writer released it), so no key here has two writers at once:
 * - each tab appends its commands to its own outbox key, and keeps them until they are folded in;
 * - one tab, the leader (holder of a Web Lock until its page goes away), folds every outbox into the sessions'
 *   records, and is the only one to write records and to send them.
 * A stale read then only delays a command; it never loses or repeats one. A tab whose outbox storage refuses
 * (quota) sends its own commands instead, and without Web Locks every tab is its own leader.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import { type Operation } from "../protocol/change.js";
import { type Refusal, type ServiceState, type SessionRecord } from "./record.js";
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
    onRefusal(listener: (refusal: Refusal) => void): void;
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
    served(sessionId: string, state: ServiceState, fold: (record: SessionRecord) => SessionRecord): void;
    /**
     * Writes what this tab has pending to its outbox now and, as the leader, folds it in. Other tabs' outboxes
     * are folded in when their storage events arrive, and all of them when this tab becomes the leader.
     */
    flushNow(): void;
    dispose(): void;
}
