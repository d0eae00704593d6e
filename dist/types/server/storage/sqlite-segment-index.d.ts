/**
 * The conversations' segment index on SQLite (session_segments and their segment_counts), kept by the store
 * rather than by triggers, because sessions are the hot write path: a session write leaves its row marked
 * (`indexed` differs from `segments`, which puts it in the small sessions_unindexed index), and a catch-up,
 * shortly after and before any read of the index, applies each marked session's net change at once: under load a
 * session changes many times between two catch-ups, and one transaction touches each page of the index once.
 */
import type Database from "better-sqlite3";
export interface SegmentIndex {
    /** Brings the index up to date with every session written, by this process or another. */
    catchUp(): void;
}
export declare function segmentIndex(db: Database.Database): SegmentIndex;
