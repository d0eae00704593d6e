/** The PostgreSQL store's statements, each one round trip; what to write is decided elsewhere. */
import type postgres from "postgres";
import { encodeNotice } from "./postgres-notice.js";
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

export function sessionQueries(sql: postgres.ISql, schema: string, channel: string): SessionQueries {
  const [sessions, marks] = [sql(`${schema}.sessions`), sql(`${schema}.session_marks`)];
  // The revision rule, in SQL too: an SDK change only raises the revision, an edit never moves it.
  const rules = {
    raise: () => sql`stored.revision < excluded.revision`,
    keep: () => sql`stored.revision = excluded.revision`,
  };
  return {
    async read(websiteId, sessionId) {
      const [row] = await sql<Row[]>`
        SELECT segments, revision, version, updated_at FROM ${sessions}
        WHERE website_id = ${websiteId} AND session_id = ${sessionId}`;
      return row;
    },
    async write(change, seen, rule) {
      const { websiteId, sessionId, segments, revision, updatedAt } = change;
      const written = await sql`
        WITH written AS (
          INSERT INTO ${sessions} AS stored (website_id, session_id, segments, revision, version, updated_at)
          VALUES (${websiteId}, ${sessionId}, ${segments}::text[], ${revision}, 1, ${updatedAt})
          ON CONFLICT (website_id, session_id) DO UPDATE
          SET segments = excluded.segments, revision = excluded.revision, version = stored.version + 1,
              updated_at = excluded.updated_at
          WHERE stored.version = ${seen} AND ${rules[rule]()}
          RETURNING 1
        ), marked AS (
          INSERT INTO ${marks} (website_id, session_id) SELECT ${websiteId}, ${sessionId} FROM written
        )
        SELECT pg_notify(${channel}, ${encodeNotice(change)}) FROM written`;
      return written.length === 1;
    },
    async recent(websiteId, limit) {
      const rows = await sql<(Row & { session_id: string })[]>`
        SELECT session_id, segments, revision, updated_at FROM ${sessions}
        WHERE website_id = ${websiteId} ORDER BY updated_at DESC, session_id LIMIT ${Math.max(0, Math.floor(limit))}`;
      return rows.map((row) => ({
        sessionId: row.session_id,
        segments: row.segments,
        revision: Number(row.revision),
        updatedAt: Number(row.updated_at),
      }));
    },
    async lock(websiteId, sessionIds) {
      await sql`SELECT 1 FROM ${sessions} WHERE website_id = ${websiteId} AND session_id = ANY(${sessionIds}::text[])
        ORDER BY session_id COLLATE "C" FOR UPDATE`;
    },
  };
}
