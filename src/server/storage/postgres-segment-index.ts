/**
 * The conversations' segment entries on PostgreSQL (session_segments), kept by the store rather than in the write,
 * because sessions are the hot write path: a write only leaves a mark (postgres-schema.ts), and a fold rebuilds
 * each marked session's entries at once, and moves the conversations' segment_counts by what it deleted and inserted,
 * before each filtered read or suggestion and every few seconds, so that marks do not pile up while nobody reads.
 * One round trip: the fold is a function in the schema (index_marked_sessions).
 */
import type postgres from "postgres";

const FOLD_EVERY_MS = 5_000;

export function postgresSegmentIndex(sql: postgres.Sql, schema: string, onError: (error: unknown) => void) {
  const catchUp = async (): Promise<void> => {
    await sql.unsafe(`SELECT "${schema}".index_marked_sessions()`);
  };
  const timer = setInterval(() => catchUp().catch(onError), FOLD_EVERY_MS);
  timer.unref();
  return { catchUp, stop: () => clearInterval(timer) };
}
