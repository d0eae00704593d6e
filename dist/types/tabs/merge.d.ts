/** How the leader merges outboxes into the sessions' records: each entry once, in each tab's order. */
import type { KeyValueStore } from "../platform/storage.js";
import { type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";
import { type OutboxEntry } from "./outbox.js";
/** Every other tab's outbox as storage holds it, by tab id. */
export declare function otherOutboxes(storage: KeyValueStore, keys: StorageKeys, tabId: string): Map<string, OutboxEntry[]>;
/** The records that merging the outboxes (by tab id) changes, by session id. */
export declare function mergeOutboxes(outboxes: ReadonlyMap<string, readonly OutboxEntry[]>, read: (sessionId: string) => SessionRecord): Map<string, SessionRecord>;
