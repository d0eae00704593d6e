/** The PostgreSQL store's statements, each one round trip; what to write is decided elsewhere. */
import type postgres from "postgres";
import type { SessionChange, SessionSummary } from "./segments-store.js";
/** A stored session; bigint columns arrive as strings. */
export interface Row {
    segments: string[];
    revision: string;
    /** How many writes the row has had: the token a write names to apply only if nobody wrote in between. */
    version: string;
    updated_at: string;
}
export interface SessionQueries {
    read(websiteId: string, sessionId: string): Promise<Row | undefined>;
    /**
     * Stores `change` only if the row still has `seen` writes ("0": no row) and the revision rule holds; marks the
     * session for its segment entries' rebuild and tells the feed in the same statement (the store's connections say
     * so, and the marks trigger leaves their writes to the statement: postgres-schema.ts). False when another writer
     * came first.
     */
    write(change: SessionChange, seen: string, rule: "raise" | "keep"): Promise<boolean>;
    recent(websiteId: string, limit: number): Promise<SessionSummary[]>;
    /** Locks the sessions that exist among `sessionIds` until the transaction ends, in one order for every caller. */
    lock(websiteId: string, sessionIds: string[]): Promise<void>;
}
export declare function sessionQueries(sql: postgres.ISql, schema: string, channel: string): SessionQueries;
