/**
 * This tab's commands until the leader has merged them into the records: the commands of the current task fold
 * into one pending entry, which joins the outbox, under a sequence number, at the end of the task.
 */
import type { KeyValueStore } from "../platform/storage.js";
import { type Change, ChangeBuilder, type Operation } from "../protocol/change.js";
import { isSessionId } from "../protocol/ids.js";
import { isChange } from "../session/record.js";

export interface OutboxEntry {
  seq: number;
  sessionId: string;
  change: Change;
}

export interface OutboxOptions {
  storage: KeyValueStore;
  /** This tab's outbox key. */
  key: string;
  now(): number;
  /** Whether the records hold an entry already. */
  isMerged(entry: OutboxEntry): boolean;
  /** Told of each entry as it joins the outbox. */
  added(entry: OutboxEntry): void;
}

export class Outbox {
  readonly #options: OutboxOptions;
  /** Entries not merged yet, oldest first. */
  #entries: OutboxEntry[] = [];
  /** The current task's commands, folded. */
  #task: { sessionId: string; change: ChangeBuilder } | null = null;
  #seq: number;
  /** The entries hold what the outbox key does not have yet. */
  #dirty = false;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#seq = options.now();
  }

  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }

  /** Folds an operation into the current task's entry; a task's entry holds one session's commands. */
  add(sessionId: string, operation: Operation): void {
    if (this.#task?.sessionId !== sessionId) {
      this.endTask();
      this.#task = { sessionId, change: new ChangeBuilder() };
    }
    this.#task.change.fold(operation);
  }

  /** The current task's commands join the outbox as one entry. */
  endTask(): void {
    const task = this.#task;
    this.#task = null;
    if (!task || task.change.empty) return;
    this.#seq = Math.max(this.#seq + 1, this.#options.now());
    const entry = { seq: this.#seq, sessionId: task.sessionId, change: task.change.build() };
    this.#entries.push(entry);
    this.#dirty = true;
    this.#options.added(entry);
  }

  /** Whether commands of this tab for the session wait to be merged. */
  holds(sessionId: string): boolean {
    return this.#task?.sessionId === sessionId || this.#unmerged(sessionId).length > 0;
  }

  /** The changes of this tab's commands for the session that the records do not hold yet, oldest first. */
  changes(sessionId: string): Change[] {
    const changes = this.#unmerged(sessionId).map((entry) => entry.change);
    if (this.#task?.sessionId === sessionId) changes.push(this.#task.change.build());
    return changes;
  }

  /** No command of this tab waits to be merged. */
  settled(): boolean {
    return this.#task === null && this.#entries.every((entry) => this.#options.isMerged(entry));
  }

  /** Keeps only the entries not merged yet, and writes them to the outbox key; false when storage refused them. */
  write(): boolean {
    const pending = this.#entries.filter((entry) => !this.#options.isMerged(entry));
    if (pending.length === this.#entries.length && !this.#dirty) return true;
    this.#entries = pending;
    this.#dirty = false;
    const { storage, key } = this.#options;
    if (pending.length === 0) {
      storage.remove(key);
      return true;
    }
    return storage.set(key, JSON.stringify(pending));
  }

  /** Storage was cleared: the outbox key went with it, and is written again at the next `write`. */
  lost(): void {
    this.#dirty = true;
  }

  #unmerged(sessionId: string): OutboxEntry[] {
    return this.#entries.filter((entry) => entry.sessionId === sessionId && !this.#options.isMerged(entry));
  }
}

/** Reads an outbox key; what is unreadable counts as empty. */
export function parseOutbox(text: string | null): OutboxEntry[] {
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
