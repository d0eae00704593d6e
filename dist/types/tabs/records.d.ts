/** The sessions' records as this tab last read them from storage, and every session it has seen one of. */
import type { KeyValueStore } from "../platform/storage.js";
import { type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";
export declare class RecordCache {
    #private;
    constructor(storage: KeyValueStore, keys: StorageKeys);
    read(sessionId: string): SessionRecord;
    write(sessionId: string, record: SessionRecord): void;
    /** Removes a session's record from storage and from this tab's memory. */
    forget(sessionId: string): void;
    /** Drops what is cached: the next read of each record comes from storage. */
    clear(): void;
    /** Reads every stored record afresh: those other tabs wrote, too. */
    readAll(): void;
    /** Every session this tab has seen a record of. */
    known(): string[];
    /** Writes back the records storage no longer holds as this tab knows them (the page cleared or changed them). */
    restore(): void;
}
