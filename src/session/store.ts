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
import { applyChange, type Change, ChangeBuilder, type Operation } from "../protocol/change.js";
import { isSessionId } from "../protocol/ids.js";
import { MAX_SEGMENTS } from "../protocol/segments.js";
import {
  hasWork,
  isChange,
  mergeEntry,
  parseRecord,
  type Refusal,
  recordView,
  type ServiceState,
  type SessionRecord,
} from "./record.js";

export interface StoreOptions {
  websiteId: string;
  storage: KeyValueStore;
  locks: Locks;
  tabId: string;
  newSessionId(): string;
  now(): number;
}

interface OutboxEntry {
  seq: number;
  sessionId: string;
  change: Change;
}

/** A past session's record, once delivered, is kept this long so that late outbox readers still see it done. */
const TOMBSTONE_MS = 24 * 60 * 60 * 1000;

export class SessionStore {
  readonly #options: StoreOptions;
  readonly #prefix: string;
  #sessionId: string;
  #leader = false;
  /** This tab's commands not yet folded in by the leader, oldest first. */
  #outbox: OutboxEntry[] = [];
  /** Commands of the current task, folded; they become one outbox entry at the end of the task. */
  #draft: { sessionId: string; change: ChangeBuilder } | null = null;
  #seq: number;
  /**
   * Storage refused this tab's outbox (quota): the leader cannot see its commands, so this tab sends them itself,
   * from records in memory, as a leader of its own.
   */
  #isolated = false;
  /** The outbox holds entries its key does not have yet. */
  #outboxDirty = false;
  #records = new Map<string, SessionRecord>();
  /** Every session this tab has seen a record of; the cache above may be dropped, this is not. */
  readonly #known = new Set<string>();
  /** The service's list as this tab read it on load, for a tab that does not write records. */
  #served: { sessionId: string; state: ServiceState; at: number } | null = null;
  /** The current session's list, kept as an ordered set so that a command costs the size of its own list. */
  #view: Set<string> | null = null;
  #flushQueued = false;
  readonly #listeners = new Set<() => void>();
  readonly #leaderListeners = new Set<() => void>();
  readonly #refusalListeners = new Set<(refusal: Refusal) => void>();
  /** Every outbox entry this tab made, by session, to know whether a refusal concerns it. */
  readonly #pushed = new Map<string, number[]>();
  /** Per session, the last refusal this tab has looked at. */
  readonly #refusalsSeen = new Map<string, number>();
  readonly #onStorage = (event: StorageEvent): void => this.#storageChanged(event);

  constructor(options: StoreOptions) {
    this.#options = options;
    this.#prefix = `crisp-segments:${options.websiteId}:`;
    this.#seq = options.now();
    const current = options.storage.get(this.#key("current"));
    if (isSessionId(current)) {
      this.#sessionId = current;
    } else {
      this.#sessionId = options.newSessionId();
      options.storage.set(this.#key("current"), this.#sessionId);
    }
    globalThis.addEventListener?.("storage", this.#onStorage);
    this.resume();
  }

  /** Takes this tab's locks: its presence, and its place in line to lead. */
  resume(): void {
    this.#options.locks.holdForever(this.#key(`tab:${this.#options.tabId}`));
    this.#options.locks.holdForever(this.#key("leader"), () => this.#becomeLeader());
  }

  /** The page goes away or into the back/forward cache: what it has is written, and another tab may lead. */
  suspend(): void {
    this.flushNow();
    this.#leader = false;
    this.#options.locks.releaseAll();
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  /** Whether this tab writes the records and sends them. */
  get leader(): boolean {
    return this.#leader;
  }

  segments(): string[] {
    return [...this.#currentView()];
  }

  /** No change of the current session waits for the service. */
  synced(): boolean {
    const id = this.#sessionId;
    return !hasWork(this.record(id)) && this.#draft?.sessionId !== id && !this.#pendingEntries(id).length;
  }

  /** Applies an operation to the current session; false, with nothing changed, if the list would pass the limit. */
  apply(operation: Operation): boolean {
    const view = this.#currentView();
    if (operation.kind === "replace") {
      if (operation.segments.length > MAX_SEGMENTS) return false;
      this.#view = new Set(operation.segments);
    } else if (operation.kind === "add") {
      const added = operation.segments.filter((segment) => !view.has(segment)).length;
      if (view.size + added > MAX_SEGMENTS) return false;
      for (const segment of operation.segments) view.add(segment);
    } else {
      for (const segment of operation.segments) view.delete(segment);
    }
    if (this.#draft?.sessionId !== this.#sessionId) {
      this.#commitDraft();
      this.#draft = { sessionId: this.#sessionId, change: new ChangeBuilder() };
    }
    this.#draft.change.apply(operation);
    this.#queueFlush();
    this.#notify();
    return true;
  }

  /** Starts a new, empty session; what the old one still owes the service stays pending for it. */
  reset(): void {
    this.#commitDraft();
    this.#sessionId = this.#options.newSessionId();
    this.#options.storage.set(this.#key("current"), this.#sessionId);
    this.#view = null;
    this.#queueFlush();
    this.#notify();
  }

  /** Called whenever the list of the current session may have changed, whoever changed it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called, in a tab that does not lead, when the service refused a change that held this tab's commands. */
  onRefusal(listener: (refusal: Refusal) => void): void {
    this.#refusalListeners.add(listener);
  }

  /** Called when this tab becomes the leader. */
  onLeader(listener: () => void): void {
    this.#leaderListeners.add(listener);
    if (this.#leader) listener();
  }

  /** The record of a session as this tab last saw it. */
  record(sessionId: string): SessionRecord {
    let record = this.#records.get(sessionId);
    if (!record) {
      record = parseRecord(this.#options.storage.get(this.#key(`session:${sessionId}`)));
      this.#records.set(sessionId, record);
      this.#known.add(sessionId);
    }
    return record;
  }

  /** Sessions with a change to deliver, older sessions first (the leader's view). */
  sessionsWithWork(): string[] {
    const ids = [...this.#known].filter((id) => id !== this.#sessionId && hasWork(this.record(id)));
    if (hasWork(this.record(this.#sessionId))) ids.push(this.#sessionId);
    return ids;
  }

  /** Nothing this tab knows of waits for the service: no command of its own, no record with a change. */
  idle(): boolean {
    return (
      this.#draft === null && this.#outbox.every((entry) => this.#merged(entry)) && this.sessionsWithWork().length === 0
    );
  }

  /** The leader derives a session's next record; no other tab writes records. */
  update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T {
    const before = this.record(sessionId);
    const [record, result] = change(before);
    if (record !== before) {
      this.#write(sessionId, record);
      this.#notify();
    }
    return result;
  }

  /** The service's state read on load: the leader records it; another tab lays it under its view. */
  served(sessionId: string, state: ServiceState, fold: (record: SessionRecord) => SessionRecord): void {
    if (this.#leader) {
      this.update(sessionId, (record) => [fold(record), null]);
      return;
    }
    this.#served = { sessionId, state, at: this.#options.now() };
    if (sessionId === this.#sessionId) this.#view = null;
    this.#notify();
  }

  /**
   * Writes what this tab has pending to its outbox now and, as the leader, folds it in. Other tabs' outboxes
   * are folded in when their storage events arrive, and all of them when this tab becomes the leader.
   */
  flushNow(): void {
    this.#commitDraft();
    this.#writeOutbox();
    if (this.#leader) this.#mergeOutboxes(false);
  }

  dispose(): void {
    globalThis.removeEventListener?.("storage", this.#onStorage);
  }

  #key(name: string): string {
    return this.#prefix + name;
  }

  #currentView(): Set<string> {
    return (this.#view ??= new Set(this.#computeView()));
  }

  #computeView(): string[] {
    const id = this.#sessionId;
    const record = this.record(id);
    const served = this.#served;
    let list = recordView(
      served && served.sessionId === id && served.at > record.ackedAt
        ? { ...record, acked: served.state.segments }
        : record,
    );
    for (const entry of this.#pendingEntries(id)) list = applyChange(list, entry.change);
    if (this.#draft?.sessionId === id) list = applyChange(list, this.#draft.change.build());
    return list;
  }

  /** This tab's outbox entries for a session that its record does not hold yet. */
  #pendingEntries(sessionId: string): OutboxEntry[] {
    return this.#outbox.filter((entry) => entry.sessionId === sessionId && !this.#merged(entry));
  }

  #merged(entry: OutboxEntry): boolean {
    return entry.seq <= (this.record(entry.sessionId).merged[this.#options.tabId] ?? 0);
  }

  #commitDraft(): void {
    const draft = this.#draft;
    this.#draft = null;
    if (!draft || draft.change.empty) return;
    this.#seq = Math.max(this.#seq + 1, this.#options.now());
    this.#outbox.push({ seq: this.#seq, sessionId: draft.sessionId, change: draft.change.build() });
    this.#outboxDirty = true;
    const seqs = this.#pushed.get(draft.sessionId) ?? [];
    seqs.push(this.#seq);
    this.#pushed.set(draft.sessionId, seqs);
  }

  #queueFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.flushNow();
    });
  }

  /** Keeps only the entries not folded in yet, and writes them to this tab's own key. */
  #writeOutbox(): void {
    const pending = this.#outbox.filter((entry) => !this.#merged(entry));
    if (pending.length === this.#outbox.length && !this.#outboxDirty) return;
    this.#outbox = pending;
    this.#outboxDirty = false;
    const key = this.#key(`outbox:${this.#options.tabId}`);
    if (this.#outbox.length === 0) this.#options.storage.remove(key);
    else if (!this.#options.storage.set(key, JSON.stringify(this.#outbox)) && !this.#isolated) this.#isolate();
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
    this.#records.clear();
    const prefix = this.#key("session:");
    for (const key of this.#options.storage.keys(prefix)) this.record(key.slice(prefix.length));
    this.#commitDraft();
    this.#writeOutbox();
    this.#mergeOutboxes(true);
    void this.#forgetDeadTabs();
    this.#notify();
    for (const listener of this.#leaderListeners) listener();
  }

  /** The leader folds this tab's outbox entries, and with `others` every tab's, into the records, each once. */
  #mergeOutboxes(others: boolean): void {
    // Without Web Locks every tab is a leader, and another may have written since: read afresh.
    if (!this.#options.locks.exclusive) this.#records.clear();
    const prefix = this.#key("outbox:");
    const outboxes = new Map<string, OutboxEntry[]>([[this.#options.tabId, this.#outbox]]);
    // A tab on its own sends its own commands only; the leader sends the others'.
    for (const key of others && !this.#isolated ? this.#options.storage.keys(prefix) : []) {
      const tabId = key.slice(prefix.length);
      if (tabId !== this.#options.tabId) outboxes.set(tabId, parseOutbox(this.#options.storage.get(key)));
    }
    const changed = new Map<string, SessionRecord>();
    for (const [tabId, entries] of outboxes) {
      for (const entry of entries) {
        const record = changed.get(entry.sessionId) ?? this.record(entry.sessionId);
        const next = mergeEntry(record, tabId, entry.seq, entry.change);
        if (next !== record) changed.set(entry.sessionId, next);
      }
    }
    for (const [sessionId, record] of changed) this.#write(sessionId, record);
    if (changed.size > 0) {
      this.#writeOutbox();
      this.#notify();
    }
  }

  /**
   * Drops the outboxes of closed tabs once all they held is folded in, then their marks in the records, which
   * would otherwise grow by one per page load. A tab is closed when it no longer holds its lock or, where locks
   * cannot be listed, when its last entry is a day old.
   */
  async #forgetDeadTabs(): Promise<void> {
    const held = await this.#options.locks.held();
    const now = this.#options.now();
    const alive = (tabId: string, seq: number): boolean =>
      tabId === this.#options.tabId || (held ? held.has(this.#key(`tab:${tabId}`)) : now - seq < TOMBSTONE_MS);
    const prefix = this.#key("outbox:");
    const withOutbox = new Set<string>();
    for (const key of this.#options.storage.keys(prefix)) {
      const tabId = key.slice(prefix.length);
      const entries = parseOutbox(this.#options.storage.get(key));
      const last = entries.reduce((latest, entry) => Math.max(latest, entry.seq), 0);
      if (
        alive(tabId, last) ||
        entries.some((entry) => entry.seq > (this.record(entry.sessionId).merged[tabId] ?? 0))
      ) {
        withOutbox.add(tabId);
      } else {
        this.#options.storage.remove(key);
      }
    }
    const referenced = new Set(
      [...withOutbox].flatMap((tabId) =>
        parseOutbox(this.#options.storage.get(`${prefix}${tabId}`)).map((entry) => entry.sessionId),
      ),
    );
    for (const sessionId of [...this.#known]) {
      const record = this.record(sessionId);
      // A past session, delivered long ago and named by no outbox left, is forgotten; until then its marks
      // keep a leftover outbox from being folded in twice.
      if (
        sessionId !== this.#sessionId &&
        !hasWork(record) &&
        now - record.ackedAt > TOMBSTONE_MS &&
        !referenced.has(sessionId)
      ) {
        this.#options.storage.remove(this.#key(`session:${sessionId}`));
        this.#records.delete(sessionId);
        this.#known.delete(sessionId);
        continue;
      }
      const kept = Object.entries(record.merged).filter(([tabId, seq]) => withOutbox.has(tabId) || alive(tabId, seq));
      if (kept.length < Object.keys(record.merged).length)
        this.#write(sessionId, { ...record, merged: Object.fromEntries(kept) });
    }
  }

  #write(sessionId: string, record: SessionRecord): void {
    this.#records.set(sessionId, record);
    this.#known.add(sessionId);
    this.#options.storage.set(this.#key(`session:${sessionId}`), JSON.stringify(record));
    if (sessionId === this.#sessionId) this.#view = null;
  }

  #storageChanged(event: StorageEvent): void {
    const key = event.key;
    if (key !== null && !key.startsWith(this.#prefix)) return;
    if (key === null || key.startsWith(this.#key("session:"))) {
      if (this.#authoritative) {
        // Only this tab writes records: one changed or removed by the page (`localStorage.clear()` on logout)
        // is written back, pending changes included.
        this.#restoreRecords();
      } else {
        this.#records.clear();
        this.#checkRefusals();
        // Entries the leader has folded in are dropped from this tab's outbox.
        this.#writeOutbox();
      }
    }
    if (key === null || key === this.#key("current")) {
      const current = this.#options.storage.get(this.#key("current"));
      if (isSessionId(current)) this.#sessionId = current;
      else this.#options.storage.set(this.#key("current"), this.#sessionId);
    }
    if (key === null) {
      // Storage was cleared: this tab's outbox key went with it.
      this.#outboxDirty = true;
      this.#writeOutbox();
    }
    if (this.#leader && key?.startsWith(this.#key("outbox:"))) this.#mergeOutboxes(true);
    this.#view = null;
    this.#notify();
  }

  #checkRefusals(): void {
    if (this.#leader) return;
    const tabId = this.#options.tabId;
    for (const [sessionId, seqs] of this.#pushed) {
      const refusal = this.record(sessionId).refusal;
      if (!refusal || refusal.revision <= (this.#refusalsSeen.get(sessionId) ?? 0)) continue;
      this.#refusalsSeen.set(sessionId, refusal.revision);
      const from = refusal.from[tabId] ?? 0;
      const to = refusal.to[tabId] ?? 0;
      if (seqs.some((seq) => seq > from && seq <= to)) for (const listener of this.#refusalListeners) listener(refusal);
    }
  }

  #restoreRecords(): void {
    for (const [sessionId, record] of this.#records) {
      const text = JSON.stringify(record);
      const key = this.#key(`session:${sessionId}`);
      if (this.#options.storage.get(key) !== text) this.#options.storage.set(key, text);
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

function parseOutbox(text: string | null): OutboxEntry[] {
  try {
    const value = JSON.parse(text ?? "") as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (entry: Partial<OutboxEntry>): entry is OutboxEntry =>
        typeof entry.seq === "number" && isSessionId(entry.sessionId) && isChange(entry.change),
    );
  } catch {
    return [];
  }
}
