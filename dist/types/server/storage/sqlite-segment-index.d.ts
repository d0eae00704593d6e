/**
 * The conversations' segment index on SQLite (session_segments and their segment_counts), kept by the store
 * rather than in the write, because sessions are the hot write path: a session write only leaves a mark (a row of
 * session_marks, by trigger, holding the list as last indexed), and a catch-up, a moment later and before any
 * read of the index, applies each marked session's net change at once: under load a session changes many times
 * between two catch-ups, and one transaction touches each page of the index once. Each entry carries its session's
 * updated_at, so that a filtered list walks a segment's entries in the list's order.
 */
import type Database from "better-sqlite3";
export interface SegmentIndex {
    /** Brings the index up to date with every session written, by this process or another. */
    catchUp(): void;
    /** Indexes the next `CHUNK` marked sessions in one transaction; true while marked sessions remain. */
    catchUpSome(): boolean;
}
export declare function segmentIndex(db: Database.Database): SegmentIndex;
