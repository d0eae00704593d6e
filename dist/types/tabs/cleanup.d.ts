/**
 * Cleanup after closed tabs, by the leader: their outboxes go once all they held is merged, then their marks in
 * the records, which would otherwise grow by one per page load; then past sessions long delivered. A tab is
 * closed when it no longer holds its lock or, where locks cannot be listed, when its last entry is a day old.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import { type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";
import type { RecordCache } from "./records.js";
export interface CleanupContext {
    storage: KeyValueStore;
    keys: StorageKeys;
    locks: Locks;
    records: RecordCache;
    tabId: string;
    currentSessionId(): string;
    now(): number;
    write(sessionId: string, record: SessionRecord): void;
}
export declare function forgetDeadTabs(context: CleanupContext): Promise<void>;
