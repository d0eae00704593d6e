/**
 * This tab's commands until the leader has merged them into the records: the commands of the current task fold
 * into one pending entry, which joins the outbox, under a sequence number, at the end of the task.
 */
import type { KeyValueStore } from "../platform/storage.js";
import { type Change, type Operation } from "../protocol/change.js";
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
export declare class Outbox {
    #private;
    constructor(options: OutboxOptions);
    get entries(): readonly OutboxEntry[];
    /** Folds an operation into the current task's entry; a task's entry holds one session's commands. */
    add(sessionId: string, operation: Operation): void;
    /** The current task's commands join the outbox as one entry. */
    endTask(): void;
    /** Whether commands of this tab for the session wait to be merged. */
    holds(sessionId: string): boolean;
    /** The changes of this tab's commands for the session that the records do not hold yet, oldest first. */
    changes(sessionId: string): Change[];
    /** No command of this tab waits to be merged. */
    settled(): boolean;
    /** Keeps only the entries not merged yet, and writes them to the outbox key; false when storage refused them. */
    write(): boolean;
    /** Storage was cleared: the outbox key went with it, and is written again at the next `write`. */
    lost(): void;
}
/** Reads an outbox key; what is unreadable counts as empty. */
export declare function parseOutbox(text: string | null): OutboxEntry[];
