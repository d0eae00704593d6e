/**
 * The conversations' segment index on SQLite (session_segments and their segment_counts), kept by the store
 * rather than in the write, because sessions are the hot write path: a session write only leaves a mark (a row of
 * session_marks, by trigger, holding the list as last indexed), and a catch-up, a moment later and before any
 * read of the index, applies each marked session's net change at once: under load a session changes many times
 * between two catch-ups, and one transaction touches each page of the index once. Each entry carries its session's
 * updated_at, so that a filtered list walks a segment's entries in the list's order.
 */
import type Database from "better-sqlite3";
import { readList } from "./sqlite-schema.js";

export interface SegmentIndex {
  /** Brings the index up to date with every session written, by this process or another. */
  catchUp(): void;
  /** Indexes the next `CHUNK` marked sessions in one transaction; true while marked sessions remain. */
  catchUpSome(): boolean;
}

/** Marked sessions indexed per transaction: a long backlog is caught up in steps that let requests in between. */
const CHUNK = 500;

interface Marked {
  website_id: string;
  session_id: string;
  segments: string;
  updated_at: number;
  indexed: string;
}

/** Each segment's count move, by website id then segment. */
type Moves = Map<string, Map<string, number>>;

function indexStatements(db: Database.Database) {
  return {
    anyMarked: db.prepare<[], { one: number }>("SELECT 1 AS one FROM session_marks LIMIT 1"),
    // In the marks' key order, so that the chunk read is the chunk unmarked by one range delete.
    marked: db.prepare<[number], Marked>(
      `SELECT m.website_id, m.session_id, coalesce(s.segments, '[]') AS segments, coalesce(s.updated_at, 0) AS updated_at,
         m.indexed FROM session_marks m
       LEFT JOIN sessions s ON s.website_id = m.website_id AND s.session_id = m.session_id
       ORDER BY m.website_id, m.session_id LIMIT ?`,
    ),
    unmark: db.prepare<[string, string]>("DELETE FROM session_marks WHERE (website_id, session_id) <= (?, ?)"),
    insert: db.prepare<[string, string, string, number]>(
      "INSERT INTO session_segments (website_id, segment, session_id, updated_at) VALUES (?, ?, ?, ?)",
    ),
    // Entries stay in list order: a session written again without a change of list moves in each of its segments.
    move: db.prepare<[number, string, string, string]>(
      "UPDATE session_segments SET updated_at = ? WHERE website_id = ? AND segment = ? AND session_id = ?",
    ),
    remove: db.prepare<[string, string, string]>(
      "DELETE FROM session_segments WHERE website_id = ? AND segment = ? AND session_id = ?",
    ),
    add: db.prepare<[string, string, number]>(
      `INSERT INTO segment_counts VALUES (?, 'conversations', ?, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    ),
    drop: db.prepare<[string, string]>(
      "DELETE FROM segment_counts WHERE website_id = ? AND kind = 'conversations' AND segment = ? AND count <= 0",
    ),
  };
}

export function segmentIndex(db: Database.Database): SegmentIndex {
  const sql = indexStatements(db);

  /** Indexes one session's change, and notes how much each segment's count moved. */
  const reindex = (row: Marked, moves: Moves): void => {
    const [was, is] = [new Set(readList(row.indexed)), new Set(readList(row.segments))];
    const counts = moves.get(row.website_id) ?? new Map<string, number>();
    moves.set(row.website_id, counts);
    const move = (segment: string, by: number) => counts.set(segment, (counts.get(segment) ?? 0) + by);
    for (const segment of was) {
      if (is.has(segment)) continue;
      sql.remove.run(row.website_id, segment, row.session_id);
      move(segment, -1);
    }
    for (const segment of is) {
      if (was.has(segment)) {
        sql.move.run(row.updated_at, row.website_id, segment, row.session_id);
        continue;
      }
      sql.insert.run(row.website_id, segment, row.session_id, row.updated_at);
      move(segment, 1);
    }
  };

  const chunk = db.transaction((): boolean => {
    const rows = sql.marked.all(CHUNK);
    const moves: Moves = new Map();
    for (const row of rows) reindex(row, moves);
    for (const [websiteId, counts] of moves) {
      for (const [segment, by] of counts) {
        if (by !== 0) sql.add.run(websiteId, segment, by);
        if (by < 0) sql.drop.run(websiteId, segment);
      }
    }
    const last = rows.at(-1);
    if (last) sql.unmark.run(last.website_id, last.session_id);
    return rows.length === CHUNK;
  });
  // Checked first, outside a transaction: most reads find nothing to do and need not take the write lock.
  const catchUpSome = (): boolean => sql.anyMarked.get() !== undefined && chunk.immediate();
  return {
    catchUp: () => {
      while (catchUpSome());
    },
    catchUpSome,
  };
}
