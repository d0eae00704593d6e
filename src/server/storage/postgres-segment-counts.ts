/**
 * Segments in use with their counts on PostgreSQL. Conversations' counts move with their segment entries, in the
 * entries' rebuild (postgres-segment-index.ts); contacts' writes append moves by trigger (postgres-schema.ts), and a
 * fold adds them into segment_counts, one fold at a time per schema (the advisory lock) so that two never deadlock
 * on the counts' rows. Each read brings its kind up to date first, so a count is exact for every committed write; a
 * timer folds too, so that moves do not pile up while nobody reads.
 */
import type postgres from "postgres";
import { pageWindow } from "./team-rules.js";
import type { PageQuery, SegmentCount } from "./team-store.js";

const FOLD_EVERY_MS = 5_000;

export function postgresSegmentCounts(
  sql: postgres.Sql,
  schema: string,
  indexSessions: () => Promise<void>,
  onError: (error: unknown) => void,
) {
  const [counts, moves] = [sql(`${schema}.segment_counts`), sql(`${schema}.segment_count_moves`)];
  const fold = () =>
    sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}:counts`}))`;
      const moved = await tx<{ website_id: string; kind: string; segment: string; count: string }[]>`
        WITH moved AS (DELETE FROM ${moves} RETURNING website_id, kind, segment, move)
        INSERT INTO ${counts} AS c (website_id, kind, segment, count)
        SELECT website_id, kind, segment, sum(move) FROM moved GROUP BY website_id, kind, segment
        ON CONFLICT (website_id, kind, segment) DO UPDATE SET count = c.count + excluded.count
        RETURNING c.website_id, c.kind, c.segment, c.count`;
      const gone = moved.filter((row) => Number(row.count) <= 0);
      if (gone.length === 0) return;
      await tx`DELETE FROM ${counts} WHERE (website_id, kind, segment) IN (SELECT * FROM unnest(
        ${gone.map((row) => row.website_id)}::text[], ${gone.map((row) => row.kind)}::text[],
        ${gone.map((row) => row.segment)}::text[]))`;
    });
  const timer = setInterval(() => fold().catch(onError), FOLD_EVERY_MS);
  timer.unref();
  return {
    async suggest(websiteId: string, of: "conversations" | "contacts", page: PageQuery): Promise<SegmentCount[]> {
      await (of === "conversations" ? indexSessions() : fold());
      const { limit, offset } = pageWindow(page);
      const rows = await sql<{ segment: string; count: string }[]>`
        SELECT segment, count FROM ${counts} WHERE website_id = ${websiteId} AND kind = ${of} AND count > 0
        ORDER BY count DESC, segment COLLATE "C" LIMIT ${limit} OFFSET ${offset}`;
      return rows.map(({ segment, count }) => ({ segment, count: Number(count) }));
    },
    stop: () => clearInterval(timer),
  };
}
