/** How the leader merges outboxes into the sessions' records: each entry once, in each tab's order. */
import type { KeyValueStore } from "../platform/storage.js";
import { mergeEntry, type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";
import { type OutboxEntry, parseOutbox } from "./outbox.js";

/** Every other tab's outbox as storage holds it, by tab id. */
export function otherOutboxes(storage: KeyValueStore, keys: StorageKeys, tabId: string): Map<string, OutboxEntry[]> {
  const outboxes = new Map<string, OutboxEntry[]>();
  for (const key of storage.keys(keys.outboxPrefix)) {
    const other = key.slice(keys.outboxPrefix.length);
    if (other !== tabId) outboxes.set(other, parseOutbox(storage.get(key)));
  }
  return outboxes;
}

/** The records that merging the outboxes (by tab id) changes, by session id. */
export function mergeOutboxes(
  outboxes: ReadonlyMap<string, readonly OutboxEntry[]>,
  read: (sessionId: string) => SessionRecord,
): Map<string, SessionRecord> {
  const changed = new Map<string, SessionRecord>();
  for (const [tabId, entries] of outboxes) {
    for (const entry of entries) {
      const record = changed.get(entry.sessionId) ?? read(entry.sessionId);
      const next = mergeEntry(record, tabId, entry.seq, entry.change);
      if (next !== record) changed.set(entry.sessionId, next);
    }
  }
  return changed;
}
