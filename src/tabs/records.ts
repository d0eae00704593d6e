/** The sessions' records as this tab last read them from storage, and every session it has seen one of. */
import type { KeyValueStore } from "../platform/storage.js";
import { parseRecord, type SessionRecord } from "../session/record.js";
import type { StorageKeys } from "./keys.js";

export class RecordCache {
  readonly #storage: KeyValueStore;
  readonly #keys: StorageKeys;
  #records = new Map<string, SessionRecord>();
  /** The cache above may be dropped, this is not. */
  readonly #known = new Set<string>();

  constructor(storage: KeyValueStore, keys: StorageKeys) {
    this.#storage = storage;
    this.#keys = keys;
  }

  read(sessionId: string): SessionRecord {
    let record = this.#records.get(sessionId);
    if (!record) {
      record = parseRecord(this.#storage.get(this.#keys.session(sessionId)));
      this.#records.set(sessionId, record);
      this.#known.add(sessionId);
    }
    return record;
  }

  write(sessionId: string, record: SessionRecord): void {
    this.#records.set(sessionId, record);
    this.#known.add(sessionId);
    this.#storage.set(this.#keys.session(sessionId), JSON.stringify(record));
  }

  /** Removes a session's record from storage and from this tab's memory. */
  forget(sessionId: string): void {
    this.#storage.remove(this.#keys.session(sessionId));
    this.#records.delete(sessionId);
    this.#known.delete(sessionId);
  }

  /** Drops what is cached: the next read of each record comes from storage. */
  clear(): void {
    this.#records.clear();
  }

  /** Reads every stored record afresh: those other tabs wrote, too. */
  readAll(): void {
    this.#records.clear();
    const prefix = this.#keys.sessionPrefix;
    for (const key of this.#storage.keys(prefix)) this.read(key.slice(prefix.length));
  }

  /** Every session this tab has seen a record of. */
  known(): string[] {
    return [...this.#known];
  }

  /** Writes back the records storage no longer holds as this tab knows them (the page cleared or changed them). */
  restore(): void {
    for (const [sessionId, record] of this.#records) {
      const text = JSON.stringify(record);
      const key = this.#keys.session(sessionId);
      if (this.#storage.get(key) !== text) this.#storage.set(key, text);
    }
  }
}
