/**
 * The conversations' segment index on SQLite (session_segments and their segment_counts), kept by the store
 * rather than by triggers, because sessions are the hot write path: a session write leaves its row marked
 * (`indexed` differs from `segments`, which puts it in the small sessions_unindexed index), and a catch-up,
 * shortly after and before any read of the index, applies each marked session's net change at once: under load a
 * session changes many times between two catch-ups, and one transaction touches each page of the index once.
 */
import type Database from "better-sqlite3";
import { readList } from "./sqlite-schema.js";

export interface SegmentIndex {
  /** Brings the index up to date with every session written, by this process or another. */
  catchUp(): void;
}

interface Marked {
  website_id: string;
  session_id: string;
  segments: string;
  indexed: string;
}

export function segmentIndex(db: Database.Database): SegmentIndex {
  const anyMarked = db.prepare<[], { one: number }>(
    "SELECT 1 AS one FROM sessions WHERE indexed IS NOT segments LIMIT 1",
  );
  const marked = db.prepare<[], Marked>(
    "SELECT website_id, session_id, segments, indexed FROM sessions WHERE indexed IS NOT segments",
  );
  const mark = db.prepare<[string, string, string]>(
    "UPDATE sessions SET indexed = ? WHERE website_id = ? AND session_id = ?",
  );
  const insert = db.prepare<[string, string, string]>("INSERT INTO session_segments VALUES (?, ?, ?)");
  const remove = db.prepare<[string, string, string]>(
    "DELETE FROM session_segments WHERE website_id = ? AND segment = ? AND session_id = ?",
  );
  const add = db.prepare<[string, string, number]>(
    `INSERT INTO segment_counts VALUES (?, 'conversations', ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  );
  const drop = db.prepare<[string, string]>(
    "DELETE FROM segment_counts WHERE website_id = ? AND kind = 'conversations' AND segment = ? AND count <= 0",
  );

  /** Indexes one session's change; returns how much each segment's count moved. */
  const reindex = (row: Marked, moved: Map<string, number>): void => {
    const [was, is] = [new Set(readList(row.indexed)), new Set(readList(row.segments))];
    const move = (segment: string, by: number) => moved.set(segment, (moved.get(segment) ?? 0) + by);
    for (const segment of was) {
      if (is.has(segment)) continue;
      remove.run(row.website_id, segment, row.session_id);
      move(segment, -1);
    }
    for (const segment of is) {
      if (was.has(segment)) continue;
      insert.run(row.website_id, segment, row.session_id);
      move(segment, 1);
    }
    mark.run(row.segments, row.website_id, row.session_id);
  };

  const catchUp = db.transaction(() => {
    // website id → segment → how much its count moved.
    const moved = new Map<string, Map<string, number>>();
    for (const row of marked.all()) {
      const counts = moved.get(row.website_id) ?? new Map<string, number>();
      reindex(row, moved.set(row.website_id, counts) && counts);
    }
    for (const [websiteId, counts] of moved) {
      for (const [segment, by] of counts) {
        if (by !== 0) add.run(websiteId, segment, by);
        if (by < 0) drop.run(websiteId, segment);
      }
    }
  });
  return {
    // Reads check first, outside a transaction: most find nothing to do and need not take the write lock.
    catchUp: () => {
      if (anyMarked.get() !== undefined) catchUp.immediate();
    },
  };
}
