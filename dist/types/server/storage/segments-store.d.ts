/**
 * Where the service keeps each session's list. A store decides nothing itself: it runs the pure rules of
 * `session-update.ts` inside one atomic read-modify-write per call, so every store behaves the same.
 */
import type { Change } from "../../protocol/change.js";
export interface SessionState {
    segments: string[];
    /** The highest SDK revision applied; 0 for a session never changed by the SDK. */
    revision: number;
}
export interface ChangeResult extends SessionState {
    /** `too_many`: the change would leave more than MAX_SEGMENTS segments; nothing was stored. */
    reason: "updated" | "stale" | "too_many";
}
export interface EditResult extends SessionState {
    reason: "updated" | "too_many";
}
export interface SessionSummary extends SessionState {
    sessionId: string;
    /** Milliseconds since the epoch of the last stored change. */
    updatedAt: number;
}
/** What a change feed tells: a session's list and revision as just stored, by an SDK change or an edit alike. */
export interface SessionChange extends SessionState {
    websiteId: string;
    sessionId: string;
    /** Milliseconds since the epoch of this change. */
    updatedAt: number;
}
/** Called once per stored change. It must not throw: an error it throws is rethrown on its own, never to the writer. */
export type ChangeListener = (change: SessionChange) => void;
/**
 * Tells listeners that a session changed, after the change is stored: each store has one (an in-process emitter
 * for memory and SQLite, hearing that store object's changes; LISTEN/NOTIFY for PostgreSQL, hearing every
 * instance on the database). Changes that store nothing (stale, too many) are not told.
 */
export interface ChangeFeed {
    /**
     * Resolves once listening: every change stored after that is heard, in the order stored. The function it
     * resolves to stops this listener.
     */
    subscribe(listener: ChangeListener): Promise<() => Promise<void>>;
}
export interface SegmentsStore {
    /** A session never seen reads as no segments at revision 0. */
    get(websiteId: string, sessionId: string): Promise<SessionState>;
    /** An SDK change: applied, with its revision stored, only when `revision` is above the stored one. */
    applyChange(websiteId: string, sessionId: string, revision: number, change: Change): Promise<ChangeResult>;
    /** An operator or REST edit: changes the list, never the revision. */
    edit(websiteId: string, sessionId: string, change: Change): Promise<EditResult>;
    /** The most recently changed sessions of a website first, at most `limit` of them. */
    listSessions(websiteId: string, limit: number): Promise<SessionSummary[]>;
    close?(): void | Promise<void>;
}
