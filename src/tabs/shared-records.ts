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
import { hasWork, type RefusedChange, type SessionRecord } from "../session/record.js";
import { forgetDeadTabs } from "./cleanup.js";
import type { StorageKeys } from "./keys.js";
import { mergeOutboxes, otherOutboxes } from "./merge.js";
import { Outbox, type OutboxEntry } from "./outbox.js";
import { RecordCache } from "./records.js";
import { RefusalWatch } from "./refusals.js";

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
export abstract class SharedRecords {
  readonly #options: SharedRecordsOptions;
  readonly #records: RecordCache;
  readonly #outbox: Outbox;
  readonly #refusals: RefusalWatch;
  #leader = false;
  /**
   * Storage refused this tab's outbox (quota): the leader cannot see its commands, so this tab sends them itself,
   * from records in memory, as a leader of its own.
   */
  #isolated = false;
  readonly #leaderListeners = new Set<() => void>();
  readonly #refusalListeners = new Set<(refusal: RefusedChange) => void>();

  abstract readonly sessionId: string;
  /** Told when this tab wrote a session's record. */
  protected abstract written(sessionId: string): void;
  /** Told when the records may show another list. */
  protected abstract changed(): void;

  constructor(options: SharedRecordsOptions) {
    this.#options = options;
    this.#records = new RecordCache(options.storage, options.keys);
    this.#refusals = new RefusalWatch(options.tabId);
    this.#outbox = new Outbox({
      ...options,
      key: options.keys.outbox(options.tabId),
      isMerged: (entry) => this.#isMerged(entry),
      added: (entry) => this.#refusals.added(entry),
    });
  }

  /** Takes this tab's locks: its presence, and its place in line to lead. */
  resume(): void {
    const { locks, keys, tabId } = this.#options;
    locks.holdForever(keys.tab(tabId));
    locks.holdForever(keys.leader, () => this.#becomeLeader());
  }

  /** The page goes away or into the back/forward cache: what it has is written, and another tab may lead. */
  suspend(): void {
    this.savePending();
    this.#leader = false;
    this.#options.locks.releaseAll();
  }

  /** Whether this tab writes the records and sends them. */
  get leader(): boolean {
    return this.#leader;
  }

  /** Called when this tab becomes the leader. */
  onLeader(listener: () => void): void {
    this.#leaderListeners.add(listener);
    if (this.#leader) listener();
  }

  /** Called, in a tab that does not lead, when the service refused a change that held this tab's commands. */
  onRefusal(listener: (refusal: RefusedChange) => void): void {
    this.#refusalListeners.add(listener);
  }

  /** The record of a session as this tab last saw it. */
  record(sessionId: string): SessionRecord {
    return this.#records.read(sessionId);
  }

  /** Sessions with a change to deliver, older sessions first (the leader's view). */
  sessionsWithWork(): string[] {
    const current = this.sessionId;
    const ids = this.#records.known().filter((id) => id !== current && hasWork(this.record(id)));
    if (hasWork(this.record(current))) ids.push(current);
    return ids;
  }

  /** Nothing this tab knows of waits for the service: no command of its own, no record with a change. */
  idle(): boolean {
    return this.#outbox.settled() && this.sessionsWithWork().length === 0;
  }

  /** The leader derives a session's next record; no other tab writes records. */
  update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T {
    const before = this.record(sessionId);
    const [record, result] = change(before);
    if (record !== before) {
      this.#write(sessionId, record);
      this.changed();
    }
    return result;
  }

  /** Adds an operation of this tab to its outbox. */
  add(sessionId: string, operation: Operation): void {
    this.#outbox.add(sessionId, operation);
  }

  /** Whether commands of this tab for the session wait to be merged. */
  holds(sessionId: string): boolean {
    return this.#outbox.holds(sessionId);
  }

  /** The changes of this tab's commands for the session that its record does not hold yet, oldest first. */
  unmerged(sessionId: string): Change[] {
    return this.#outbox.changes(sessionId);
  }

  /**
   * Writes what this tab has pending to its outbox now and, as the leader, merges it in. Other tabs' outboxes
   * are merged when their storage events arrive, and all of them when this tab becomes the leader.
   */
  savePending(): void {
    this.#outbox.endTask();
    this.#writeOutbox();
    if (this.#leader) this.#mergeOutboxes(false);
  }

  /** Another tab, or the page, changed a key of this website (`null`: storage was cleared). */
  storageChanged(key: string | null): void {
    const { keys } = this.#options;
    if (key === null || key.startsWith(keys.sessionPrefix)) {
      if (this.#authoritative) {
        // Only this tab writes records: one changed or removed by the page (`localStorage.clear()` on logout)
        // is written back, pending changes included.
        this.#records.restore();
      } else {
        this.#records.clear();
        this.#tellRefusals();
        // Entries the leader has merged are dropped from this tab's outbox.
        this.#writeOutbox();
      }
    }
    if (key === null) {
      this.#outbox.lost();
      this.#writeOutbox();
    }
    if (this.#leader && key?.startsWith(keys.outboxPrefix)) this.#mergeOutboxes(true);
  }

  #isMerged(entry: OutboxEntry): boolean {
    return entry.seq <= (this.record(entry.sessionId).merged[this.#options.tabId] ?? 0);
  }

  #writeOutbox(): void {
    if (!this.#outbox.write() && !this.#isolated) this.#isolate();
  }

  #isolate(): void {
    this.#isolated = true;
    if (this.#leader) return;
    this.#leader = true;
    this.#mergeOutboxes(false);
    for (const listener of this.#leaderListeners) listener();
  }

  /** The leader's records are the truth when no other tab writes them (Web Locks, storage still writable). */
  get #authoritative(): boolean {
    return this.#leader && this.#options.locks.exclusive && !this.#isolated;
  }

  #becomeLeader(): void {
    this.#leader = true;
    // Records other leaders wrote, and outboxes of tabs that may have died: read them all once.
    this.#records.readAll();
    this.#outbox.endTask();
    this.#writeOutbox();
    this.#mergeOutboxes(true);
    void forgetDeadTabs({
      ...this.#options,
      records: this.#records,
      currentSessionId: () => this.sessionId,
      write: (sessionId, record) => this.#write(sessionId, record),
    });
    this.changed();
    for (const listener of this.#leaderListeners) listener();
  }

  /** The leader merges this tab's outbox entries, and with `others` every tab's, into the records, each once. */
  #mergeOutboxes(others: boolean): void {
    const { storage, keys, tabId, locks } = this.#options;
    // Without Web Locks every tab is a leader, and another may have written since: read afresh.
    if (!locks.exclusive) this.#records.clear();
    // A tab on its own sends its own commands only; the leader sends the others'.
    const outboxes = new Map([[tabId, this.#outbox.entries]]);
    if (others && !this.#isolated) for (const entry of otherOutboxes(storage, keys, tabId)) outboxes.set(...entry);
    const changed = mergeOutboxes(outboxes, (sessionId) => this.record(sessionId));
    for (const [sessionId, record] of changed) this.#write(sessionId, record);
    if (changed.size > 0) {
      this.#writeOutbox();
      this.changed();
    }
  }

  #write(sessionId: string, record: SessionRecord): void {
    this.#records.write(sessionId, record);
    this.written(sessionId);
  }

  #tellRefusals(): void {
    if (this.#leader) return;
    for (const refusal of this.#refusals.news((sessionId) => this.record(sessionId)))
      for (const listener of this.#refusalListeners) listener(refusal);
  }
}
