/**
 * Cleanup after closed tabs, by the leader: their outboxes go once all they held is merged, then their marks in
 * the records, which would otherwise grow by one per page load; then past sessions long delivered. A tab is
 * closed when it no longer holds its lock or, where locks cannot be listed, when its last entry is a day old.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import { hasWork, type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";
import { type OutboxEntry, parseOutbox } from "./outbox.js";
import type { RecordCache } from "./records.js";

/** A past session's record, once delivered, is kept this long so that late outbox readers still see it done. */
const TOMBSTONE_MS = 24 * 60 * 60 * 1000;

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

type Alive = (tabId: string, lastSeq: number) => boolean;

export async function forgetDeadTabs(context: CleanupContext): Promise<void> {
  const held = await context.locks.held();
  const now = context.now();
  const alive: Alive = (tabId, seq) =>
    tabId === context.tabId || (held ? held.has(context.keys.tab(tabId)) : now - seq < TOMBSTONE_MS);
  const outboxes = dropDeadOutboxes(context, alive);
  forgetMarks(context, outboxes, alive, now);
}

/** Removes the outboxes of closed tabs whose entries are all merged; returns the outboxes that stay, by tab id. */
function dropDeadOutboxes(context: CleanupContext, alive: Alive): Map<string, OutboxEntry[]> {
  const { storage, keys, records } = context;
  const outboxes = new Map<string, OutboxEntry[]>();
  for (const key of storage.keys(keys.outboxPrefix)) {
    const tabId = key.slice(keys.outboxPrefix.length);
    const entries = parseOutbox(storage.get(key));
    const last = entries.reduce((latest, entry) => Math.max(latest, entry.seq), 0);
    if (alive(tabId, last) || entries.some((entry) => entry.seq > (records.read(entry.sessionId).merged[tabId] ?? 0))) {
      outboxes.set(tabId, entries);
    } else {
      storage.remove(key);
    }
  }
  return outboxes;
}

function forgetMarks(context: CleanupContext, outboxes: Map<string, OutboxEntry[]>, alive: Alive, now: number): void {
  const { records } = context;
  const referenced = new Set([...outboxes.values()].flat().map((entry) => entry.sessionId));
  for (const sessionId of records.known()) {
    const record = records.read(sessionId);
    // A past session, delivered long ago and named by no outbox left, is forgotten; until then its marks
    // keep a leftover outbox from being merged twice.
    if (
      sessionId !== context.currentSessionId() &&
      !hasWork(record) &&
      now - record.ackedAt > TOMBSTONE_MS &&
      !referenced.has(sessionId)
    ) {
      records.forget(sessionId);
      continue;
    }
    const kept = Object.entries(record.merged).filter(([tabId, seq]) => outboxes.has(tabId) || alive(tabId, seq));
    if (kept.length < Object.keys(record.merged).length)
      context.write(sessionId, { ...record, merged: Object.fromEntries(kept) });
  }
}
