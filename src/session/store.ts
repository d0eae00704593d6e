/**
 * The session store of one website in one tab: the session id, the list every `get` answers from, and the
 * pending changes, shared with the website's other tabs through storage.
 *
 * A command lands first in this tab's outbox (its own storage key: no other tab writes it, so no write is
 * lost), then, under a cross-tab lock, is folded into the session's shared record, which the sync engine sends.
 */
import { applyChange, applyOperation, fold, isEmptyChange, NO_CHANGE, type Change, type Operation } from "../core/change";
import { MAX_SEGMENTS } from "../core/segments";
import type { Locks } from "../browser/locks";
import type { KeyValueStore } from "../browser/storage";
import { hasWork, isChange, parseRecord, recordView, withOpen, type SessionRecord } from "./record";
import { isSessionId } from "../core/ids";

export interface StoreOptions {
  websiteId: string;
  storage: KeyValueStore;
  locks: Locks;
  tabId: string;
  newSessionId(): string;
  now(): number;
}

interface OutboxEntry {
  sessionId: string;
  change: Change;
  /** This entry starts a new session (`session:reset`). */
  reset: boolean;
}

/** A live tab merges its outbox within milliseconds; one older than this belongs to a tab that died first. */
const ORPHAN_AGE_MS = 10_000;

export class SessionStore {
  readonly #options: StoreOptions;
  readonly #prefix: string;
  #sessionId: string;
  #outbox: OutboxEntry[] = [];
  #records = new Map<string, SessionRecord>();
  #view: string[] | null = null;
  #mergeQueued = false;
  readonly #listeners = new Set<() => void>();
  readonly #onStorage = (event: StorageEvent): void => this.#storageChanged(event);

  constructor(options: StoreOptions) {
    this.#options = options;
    this.#prefix = `crisp-segments:${options.websiteId}:`;
    const current = options.storage.get(this.#key("current"));
    if (isSessionId(current)) {
      this.#sessionId = current;
    } else {
      this.#sessionId = options.newSessionId();
      options.storage.set(this.#key("current"), this.#sessionId);
    }
    options.locks.holdForever(this.#key(`tab:${options.tabId}`));
    globalThis.addEventListener?.("storage", this.#onStorage);
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  segments(): string[] {
    return (this.#view ??= this.#computeView()).slice();
  }

  /** No change of the current session waits for the service. */
  synced(): boolean {
    return !hasWork(this.record(this.#sessionId)) && !this.#outbox.some((entry) => entry.sessionId === this.#sessionId && !isEmptyChange(entry.change));
  }

  /** Applies an operation to the current session; false, with nothing changed, if the list would pass the limit. */
  apply(operation: Operation): boolean {
    const next = applyOperation(this.#view ?? this.#computeView(), operation);
    if (next.length > MAX_SEGMENTS) return false;
    const last = this.#outbox[this.#outbox.length - 1];
    if (last && last.sessionId === this.#sessionId) last.change = fold(last.change, operation);
    else this.#outbox.push({ sessionId: this.#sessionId, change: fold(NO_CHANGE, operation), reset: false });
    this.#view = next;
    this.#queueMerge();
    this.#notify();
    return true;
  }

  /** Starts a new, empty session; what the old one still owes the service stays pending for it. */
  reset(): void {
    this.#sessionId = this.#options.newSessionId();
    this.#outbox.push({ sessionId: this.#sessionId, change: NO_CHANGE, reset: true });
    this.#view = null;
    this.#queueMerge();
    this.#notify();
  }

  /** Called whenever the list of the current session may have changed, whoever changed it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The shared record of a session as this tab last saw it. */
  record(sessionId: string): SessionRecord {
    let record = this.#records.get(sessionId);
    if (!record) {
      record = parseRecord(this.#options.storage.get(this.#key(`session:${sessionId}`)));
      this.#records.set(sessionId, record);
    }
    return record;
  }

  /** Sessions with a change to deliver, older sessions first. */
  sessionsWithWork(): string[] {
    const ids = this.#options.storage
      .keys(this.#key("session:"))
      .map((key) => key.slice(this.#key("session:").length))
      .filter((id) => id !== this.#sessionId && isSessionId(id) && hasWork(this.record(id)));
    const current = this.#sessionId;
    if (hasWork(this.record(current)) || this.#outbox.some((entry) => entry.sessionId === current)) ids.push(current);
    for (const entry of this.#outbox) if (!ids.includes(entry.sessionId)) ids.unshift(entry.sessionId);
    return ids;
  }

  /**
   * Reads a session's shared record afresh, lets `change` derive the next one, and writes it: under the
   * cross-tab lock, after this tab's outbox has been merged, so that no tab's write is lost.
   */
  update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): Promise<T> {
    return this.#options.locks.run(this.#key("lock"), () => this.updateNow(sessionId, change));
  }

  /** `update` without waiting for the lock: for the last moments of a page, when waiting is not possible. */
  updateNow<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T {
    this.mergeNow();
    this.#records.delete(sessionId);
    const before = this.record(sessionId);
    const [record, result] = change(before);
    if (record !== before) {
      this.#write(sessionId, record);
      this.#notify();
    }
    return result;
  }

  /** Folds this tab's outbox into the shared records now. */
  mergeNow(): void {
    const entries = this.#outbox;
    if (entries.length === 0) return;
    this.#outbox = [];
    this.#mergeEntries(entries, true);
    this.#options.storage.remove(this.#key(`outbox:${this.#options.tabId}`));
  }

  /** Takes over what tabs that died before merging left in their outboxes. */
  async adoptOrphans(): Promise<void> {
    const held = await this.#options.locks.held();
    await this.#options.locks.run(this.#key("lock"), () => {
      const prefix = this.#key("outbox:");
      for (const key of this.#options.storage.keys(prefix)) {
        const tabId = key.slice(prefix.length);
        if (tabId === this.#options.tabId) continue;
        const outbox = parseOutbox(this.#options.storage.get(key));
        const alive = held ? held.has(this.#key(`tab:${tabId}`)) : this.#options.now() - outbox.at < ORPHAN_AGE_MS;
        if (alive) continue;
        // A dead tab's reset is not replayed: other tabs may have moved on since, and the current session is theirs.
        this.#mergeEntries(outbox.entries, false);
        this.#options.storage.remove(key);
      }
    });
    this.#notify();
  }

  dispose(): void {
    globalThis.removeEventListener?.("storage", this.#onStorage);
  }

  #key(name: string): string {
    return this.#prefix + name;
  }

  #computeView(): string[] {
    let list = recordView(this.record(this.#sessionId));
    for (const entry of this.#outbox) if (entry.sessionId === this.#sessionId) list = applyChange(list, entry.change);
    return list;
  }

  #queueMerge(): void {
    if (this.#mergeQueued) return;
    this.#mergeQueued = true;
    queueMicrotask(() => {
      this.#mergeQueued = false;
      if (this.#outbox.length === 0) return;
      // Durable at once in this tab's own key; folded into the shared record as soon as the lock allows.
      const outbox = { at: this.#options.now(), entries: this.#outbox };
      this.#options.storage.set(this.#key(`outbox:${this.#options.tabId}`), JSON.stringify(outbox));
      void this.#options.locks.run(this.#key("lock"), () => this.mergeNow());
    });
  }

  #mergeEntries(entries: readonly OutboxEntry[], applyResets: boolean): void {
    for (const entry of entries) {
      if (entry.reset && applyResets) this.#options.storage.set(this.#key("current"), entry.sessionId);
      if (isEmptyChange(entry.change)) continue;
      this.#records.delete(entry.sessionId);
      this.#write(entry.sessionId, withOpen(this.record(entry.sessionId), entry.change));
    }
  }

  #write(sessionId: string, record: SessionRecord): void {
    this.#records.set(sessionId, record);
    const key = this.#key(`session:${sessionId}`);
    // A past session with nothing left to deliver is forgotten; the current one keeps its list for the next load.
    if (!hasWork(record) && sessionId !== this.#sessionId) this.#options.storage.remove(key);
    else this.#options.storage.set(key, JSON.stringify(record));
    if (sessionId === this.#sessionId) this.#view = null;
  }

  #storageChanged(event: StorageEvent): void {
    if (event.key !== null && !event.key.startsWith(this.#prefix)) return;
    this.#records.clear();
    const resetting = this.#outbox.some((entry) => entry.reset);
    const current = this.#options.storage.get(this.#key("current"));
    if (!resetting && isSessionId(current)) this.#sessionId = current;
    this.#view = null;
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

function parseOutbox(text: string | null): { at: number; entries: OutboxEntry[] } {
  try {
    const value = JSON.parse(text ?? "") as { at?: unknown; entries?: unknown };
    if (typeof value.at !== "number" || !Array.isArray(value.entries)) return { at: 0, entries: [] };
    const entries = value.entries.filter(
      (entry: Partial<OutboxEntry>): entry is OutboxEntry => isSessionId(entry.sessionId) && isChange(entry.change),
    );
    return { at: value.at, entries };
  } catch {
    return { at: 0, entries: [] };
  }
}
