/**
 * What is persisted for one session, shared by every tab of the website, and the pure transitions the sync
 * engine makes on it. A change is `open` while commands fold into it; it becomes `sent` (frozen, with its own
 * revision) when a request carries it, and stays so until acknowledged. Commands that arrive meanwhile fold into
 * a new `open` change, never into the sent one: re-applying a sent change is not always harmless
 * ("remove x, add x" moves x again), so only its revision can make a repeat harmless.
 */
import { type Change } from "../protocol/change.js";
export interface SessionRecord {
    /** The list as the service last reported it, and the revision it reported with it. */
    acked: string[];
    ackedRevision: number;
    /** The last revision given to a change of this session. While `sent` is set, it is that change's. */
    revision: number;
    sent: Change | null;
    open: Change | null;
    /** No request before this time (ms since epoch): the service's `Retry-After`. */
    retryAt: number;
    /** When `acked` was last heard from the service (ms since epoch). */
    ackedAt: number;
    /** Per tab id, the last outbox entry folded in. */
    merged: Record<string, number>;
    /** `merged` when the change before the sent one was frozen, and when the sent one was: its commands lie between. */
    sentFrom: Record<string, number>;
    sentTo: Record<string, number>;
    /** The last change the service refused for good, for the tabs whose commands it held. */
    refusal: RefusedChange | null;
}
export interface RefusedChange {
    revision: number;
    status: number;
    reason: string;
    message: string;
    /** Per tab id, its commands in the refused change: entries after `from`, up to `to`. */
    from: Record<string, number>;
    to: Record<string, number>;
}
export interface ServiceState {
    segments: string[];
    revision: number;
}
export declare const NEW_RECORD: SessionRecord;
export declare function recordView(record: SessionRecord): string[];
export declare function hasWork(record: SessionRecord): boolean;
export declare function withOpen(record: SessionRecord, change: Change): SessionRecord;
/**
 * The change to send next, freezing the open one under a new revision when nothing is sent yet. A revision is
 * at least the time in ms: a record that was lost (storage full or wiped) cannot make a revision the service
 * has already taken from this session, which would be answered "stale" and lost.
 */
export declare function nextSend(record: SessionRecord, maxBodyBytes: number, now: number): {
    record: SessionRecord;
    revision: number;
    change: Change;
} | null;
/** Folds one tab's outbox entry into the record, unless it is in already. */
export declare function mergeEntry(record: SessionRecord, tabId: string, seq: number, change: Change): SessionRecord;
/** A 2xx for `revision`: the service holds `state`, which includes the sent change. */
export declare function acknowledge(record: SessionRecord, revision: number, state: ServiceState, now: number): SessionRecord;
/** The state read on load: the service's list, and whether the sent change already reached it. */
export declare function afterLoadRead(record: SessionRecord, state: ServiceState, now: number): SessionRecord;
/** A permanent refusal of the sent change: drop it, keep what follows, and say whose commands it held. */
export declare function dropSent(record: SessionRecord, revision: number, why: {
    status: number;
    reason: string;
    message: string;
}): SessionRecord;
export declare function bodyBytes(revision: number, change: Change): number;
/**
 * Splits a change into a first part that `fits` and the rest, so that applying the two in turn equals applying
 * the whole: removals first, then additions, as the change itself is applied.
 */
export declare function splitChange(change: Change, fits: (change: Change) => boolean): [Change, Change | null];
/** Whether a value read back from storage is a well-formed change. */
export declare function isChange(value: unknown): value is Change;
/** Reads a stored record; anything corrupted or foreign gives a new record rather than an error. */
export declare function parseRecord(text: string | null): SessionRecord;
