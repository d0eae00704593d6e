/**
 * Segments in use with their counts on PostgreSQL. Conversations' counts move with their segment entries, in the
 * entries' rebuild (postgres-segment-index.ts); contacts' writes append moves by trigger (postgres-schema.ts), and a
 * fold adds them into segment_counts, one fold at a time per schema (the advisory lock) so that two never deadlock
 * on the counts' rows. Each read brings its kind up to date first, so a count is exact for every committed write; a
 * timer folds too, so that moves do not pile up while nobody reads.
 */
import type postgres from "postgres";
import type { PageQuery, SegmentCount } from "./team-store.js";
export declare function postgresSegmentCounts(sql: postgres.Sql, schema: string, indexSessions: () => Promise<void>, onError: (error: unknown) => void): {
    suggest(websiteId: string, of: "conversations" | "contacts", page: PageQuery): Promise<SegmentCount[]>;
    stop: () => void;
};
