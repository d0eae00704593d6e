/**
 * The conversations' segment index on SQLite (session_segments and their segment_counts), kept by the store
 * rather than by triggers, because sessions are the hot write path: a write touches only the names it adds or
 * drops, and counts are summed in memory and written once per transaction, one row per segment whose count moved,
 * however many sessions the group commit holds.
 */
import type Database from "better-sqlite3";

export interface SegmentIndex {
  /** Indexes a session's list going from `before` to `after`; its counts are written when `counted` ends. */
  record(websiteId: string, sessionId: string, before: readonly string[], after: readonly string[]): void;
  /** Runs `work` (inside a transaction), then writes the counts its records moved. */
  counted<R>(work: () => R): R;
}

export function segmentIndex(db: Database.Database): SegmentIndex {
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
  // website id → segment → how much its count moved in the current transaction.
  const moved = new Map<string, Map<string, number>>();
  const move = (websiteId: string, segment: string, by: number): void => {
    const counts = moved.get(websiteId) ?? new Map<string, number>();
    moved.set(websiteId, counts.set(segment, (counts.get(segment) ?? 0) + by));
  };
  const flush = (): void => {
    for (const [websiteId, counts] of moved) {
      for (const [segment, by] of counts) {
        if (by !== 0) add.run(websiteId, segment, by);
        if (by < 0) drop.run(websiteId, segment);
      }
    }
  };

  return {
    record(websiteId, sessionId, before, after) {
      const [was, is] = [new Set(before), new Set(after)];
      for (const segment of was) {
        if (is.has(segment)) continue;
        remove.run(websiteId, segment, sessionId);
        move(websiteId, segment, -1);
      }
      for (const segment of is) {
        if (was.has(segment)) continue;
        insert.run(websiteId, segment, sessionId);
        move(websiteId, segment, 1);
      }
    },
    counted(work) {
      moved.clear();
      try {
        const result = work();
        flush();
        return result;
      } finally {
        // A failed transaction rolls its rows back: what it summed must not reach the next one.
        moved.clear();
      }
    },
  };
}
