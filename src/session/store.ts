/**
 * The session store of one website in one tab: the current session's id, the list every `get` answers from, and
 * its pending change. The records it reads, and how the tabs share them, are `tabs/shared-records.ts`'s job.
 */
import type { Locks } from "../platform/locks.js";
import type { KeyValueStore } from "../platform/storage.js";
import { applyChange, applyInPlace, type Operation } from "../protocol/change.js";
import { isSessionId } from "../protocol/ids.js";
import { type StorageKeys, storageKeys } from "../tabs/keys.js";
import { SharedRecords } from "../tabs/shared-records.js";
import { afterLoadRead, hasWork, recordView, type ServiceState } from "./record.js";

export interface StoreOptions {
  websiteId: string;
  storage: KeyValueStore;
  locks: Locks;
  tabId: string;
  newSessionId(): string;
  now(): number;
  /** Runs the store's start: listening to the other tabs, taking the locks. At once unless given (the page's load). */
  startLater?(start: () => void): void;
}

/** The tab protocol's methods (leadership, records, outbox, refusals) are inherited from `SharedRecords`. */
export class SessionStore extends SharedRecords {
  readonly #options: StoreOptions;
  readonly #keys: StorageKeys;
  #sessionId: string;
  /** The service's list as this tab read it on load, for a tab that does not write records. */
  #served: { sessionId: string; state: ServiceState; at: number } | null = null;
  /** The current session's list, kept as an ordered set so that a command costs the size of its own list. */
  #view: Set<string> | null = null;
  #saveQueued = false;
  #disposed = false;
  readonly #listeners = new Set<() => void>();
  readonly #onStorage = (event: StorageEvent): void => this.#storageChanged(event.key);

  constructor(options: StoreOptions) {
    const keys = storageKeys(options.websiteId);
    super({ ...options, keys });
    this.#options = options;
    this.#keys = keys;
    const current = options.storage.get(keys.current);
    if (isSessionId(current)) {
      this.#sessionId = current;
    } else {
      this.#sessionId = options.newSessionId();
      options.storage.set(keys.current, this.#sessionId);
    }
    (options.startLater ?? ((start) => start()))(() => this.#start());
  }

  #start(): void {
    if (this.#disposed) return;
    globalThis.addEventListener?.("storage", this.#onStorage);
    // Another tab may have written before this one listened: read afresh, as after a clear. Then the locks,
    // whose grant comes later still and reads every outbox.
    if (this.#options.startLater) this.#storageChanged(null);
    this.resume();
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  segments(): string[] {
    return [...this.#currentView()];
  }

  /** No change of the current session waits for the service. */
  synced(): boolean {
    const id = this.#sessionId;
    return !hasWork(this.record(id)) && !this.holds(id);
  }

  /** Applies an operation to the current session; false, with nothing changed, if the list would pass the limit. */
  apply(operation: Operation): boolean {
    if (!applyInPlace(this.#currentView(), operation)) return false;
    this.add(this.#sessionId, operation);
    this.#queueSave();
    this.#notify();
    return true;
  }

  /** Starts a new, empty session; what the old one still owes the service stays pending for it. */
  reset(): void {
    this.#sessionId = this.#options.newSessionId();
    this.#options.storage.set(this.#keys.current, this.#sessionId);
    this.#view = null;
    this.#queueSave();
    this.#notify();
  }

  /** Called whenever the list of the current session may have changed, whoever changed it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The service's state read on load: the leader records it; another tab lays it under its view. */
  loadRead(sessionId: string, state: ServiceState): void {
    const now = this.#options.now();
    if (this.leader) {
      this.update(sessionId, (record) => [afterLoadRead(record, state, now), null]);
      return;
    }
    this.#served = { sessionId, state, at: now };
    if (sessionId === this.#sessionId) this.#view = null;
    this.#notify();
  }

  dispose(): void {
    this.#disposed = true;
    globalThis.removeEventListener?.("storage", this.#onStorage);
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
    for (const change of this.unmerged(id)) list = applyChange(list, change);
    return list;
  }

  #queueSave(): void {
    if (this.#saveQueued) return;
    this.#saveQueued = true;
    queueMicrotask(() => {
      this.#saveQueued = false;
      this.savePending();
    });
  }

  #storageChanged(key: string | null): void {
    if (key !== null && !key.startsWith(this.#keys.prefix)) return;
    this.storageChanged(key);
    if (key === null || key === this.#keys.current) {
      const current = this.#options.storage.get(this.#keys.current);
      if (isSessionId(current)) this.#sessionId = current;
      else this.#options.storage.set(this.#keys.current, this.#sessionId);
    }
    this.#view = null;
    this.#notify();
  }

  protected written(sessionId: string): void {
    if (sessionId === this.#sessionId) this.#view = null;
  }

  protected changed(): void {
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
