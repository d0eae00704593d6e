/**
 * The records every tab of a website shares, and the protocol by which the tabs write them.
 *
 * `localStorage` is not atomic across tab processes (Chromium hands another tab's writes over asynchronously,
 * even to a tab that took a Web Lock after the writer released it), so no key here has two writers at once:
 * - each tab appends its commands to its own outbox key, and keeps them until they are merged in;
 * - one tab, the leader (holder of a Web Lock until its page goes away), merges every outbox into the sessions'
 *   records, and is the only one to write records and to send them.
 * A stale read then only delays a command; it never loses or repeats one. A tab whose outbox storage refuses
 * (quota) sends its own commands instead, and without Web Locks every tab is its own leader.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import type { Change, Operation } from "../protocol/change.js";
import { type RefusedChange, type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";
export interface SharedRecordsOptions {
    storage: KeyValueStore;
    locks: Locks;
    keys: StorageKeys;
    tabId: string;
    now(): number;
}
/**
 * The session store (`session/store.ts`) extends this class: it names the current session, and is told when this
 * tab wrote a record and when the records may show another list.
 */
export declare abstract class SharedRecords {
    #private;
    abstract readonly sessionId: string;
    /** Told when this tab wrote a session's record. */
    protected abstract written(sessionId: string): void;
    /** Told when the records may show another list. */
    protected abstract changed(): void;
    constructor(options: SharedRecordsOptions);
    /** Takes this tab's locks: its presence, and its place in line to lead. */
    resume(): void;
    /** The page goes away or into the back/forward cache: what it has is written, and another tab may lead. */
    suspend(): void;
    /** Whether this tab writes the records and sends them. */
    get leader(): boolean;
    /** Called when this tab becomes the leader. */
    onLeader(listener: () => void): void;
    /** Called, in a tab that does not lead, when the service refused a change that held this tab's commands. */
    onRefusal(listener: (refusal: RefusedChange) => void): void;
    /** The record of a session as this tab last saw it. */
    record(sessionId: string): SessionRecord;
    /** Sessions with a change to deliver, older sessions first (the leader's view). */
    sessionsWithWork(): string[];
    /** Nothing this tab knows of waits for the service: no command of its own, no record with a change. */
    idle(): boolean;
    /** The leader derives a session's next record; no other tab writes records. */
    update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T;
    /** Adds an operation of this tab to its outbox. */
    add(sessionId: string, operation: Operation): void;
    /** Whether commands of this tab for the session wait to be merged. */
    holds(sessionId: string): boolean;
    /** The changes of this tab's commands for the session that its record does not hold yet, oldest first. */
    unmerged(sessionId: string): Change[];
    /**
     * Writes what this tab has pending to its outbox now and, as the leader, merges it in. Other tabs' outboxes
     * are merged when their storage events arrive, and all of them when this tab becomes the leader.
     */
    savePending(): void;
    /** Another tab, or the page, changed a key of this website (`null`: storage was cleared). */
    storageChanged(key: string | null): void;
}
