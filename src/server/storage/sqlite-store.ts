/**
 * The embedded store: one SQLite file through better-sqlite3. Each call is one IMMEDIATE transaction, so that
 * concurrent writers from other processes queue instead of deadlocking on a read-then-write upgrade.
 */
import { createRequire } from "node:module";
import type Database from "better-sqlite3";
import type { Change } from "../../protocol/change.js";
import { createChangeEmitter } from "./change-emitter.js";
import type { ChangeFeed, SegmentsStore, SessionChange, SessionState, SessionSummary } from "./segments-store.js";
import { decideChange, decideEdit, emptySession } from "./session-update.js";

export interface SqliteStoreOptions {
  /** Path of the database file (created when missing), or ":memory:". */
  filename: string;
  now?: () => number;
}

/** Its feed hears the changes made through this store object alone, not other processes on the same file. */
export interface SqliteSegmentsStore extends SegmentsStore, ChangeFeed {
  close(): void;
}

/** Schema steps; `PRAGMA user_version` holds how many have run. Append only: never edit a shipped step. */
const MIGRATIONS: readonly string[] = [
  // The list is read and written whole, as the protocol does, so one JSON array per session is enough.
  `CREATE TABLE sessions (
     website_id TEXT NOT NULL,
     session_id TEXT NOT NULL,
     segments TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

type Db = Database.Database;

/**
 * better-sqlite3 is an optional peer dependency, needed by this store alone: it is loaded when a store is made,
 * never when `crisp-segments/server` is imported.
 */
function loadDriver(): typeof Database {
  try {
    return createRequire(import.meta.url)("better-sqlite3") as typeof Database;
  } catch (error) {
    throw new Error("createSqliteStore needs better-sqlite3 12: npm install better-sqlite3@12", { cause: error });
  }
}

function migrate(db: Db): void {
  db.transaction(() => {
    // Read inside the write lock: another process opening the same file may have migrated it meanwhile.
    const version = Number(db.pragma("user_version", { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`segments database has schema ${version}; this code knows up to ${SCHEMA_VERSION}`);
    }
    for (let step = version; step < SCHEMA_VERSION; step++) {
      db.exec(MIGRATIONS[step] ?? "");
      db.pragma(`user_version = ${step + 1}`);
    }
  }).immediate();
}

interface Row {
  session_id: string;
  segments: string;
  revision: number;
  updated_at: number;
}

/** Rows are read back defensively: a damaged file must fail loudly, not feed odd values to visitors. */
function toState(row: Pick<Row, "segments" | "revision">): SessionState {
  const segments: unknown = JSON.parse(row.segments);
  if (!Array.isArray(segments) || !segments.every((s): s is string => typeof s === "string")) {
    throw new Error("segments database holds a malformed segment list");
  }
  return { segments, revision: row.revision };
}

export function createSqliteStore(options: SqliteStoreOptions): SqliteSegmentsStore {
  const now = options.now ?? Date.now;
  const Driver = loadDriver();
  const db = new Driver(options.filename);
  try {
    db.pragma("journal_mode = WAL");
    // In WAL, NORMAL syncs at checkpoints, not at every commit: a crash of the process loses nothing; a power cut
    // may lose the last acknowledged changes, never the file. The usual trade for a commit without an fsync.
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = NORMAL");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const select = db.prepare<[string, string], Pick<Row, "segments" | "revision">>(
    "SELECT segments, revision FROM sessions WHERE website_id = ? AND session_id = ?",
  );
  const upsert = db.prepare<[string, string, string, number, number]>(
    `INSERT INTO sessions (website_id, session_id, segments, revision, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (website_id, session_id)
     DO UPDATE SET segments = excluded.segments, revision = excluded.revision, updated_at = excluded.updated_at`,
  );
  const recent = db.prepare<[string, number], Row>(
    `SELECT session_id, segments, revision, updated_at FROM sessions
     WHERE website_id = ? ORDER BY updated_at DESC, session_id LIMIT ?`,
  );

  const read = (websiteId: string, sessionId: string): SessionState => {
    const row = select.get(websiteId, sessionId);
    return row === undefined ? emptySession() : toState(row);
  };
  /** Writes `next`, and returns what the feed tells once the transaction has committed. */
  const write = (websiteId: string, sessionId: string, next: SessionState): SessionChange => {
    const updatedAt = now();
    upsert.run(websiteId, sessionId, JSON.stringify(next.segments), next.revision, updatedAt);
    return { websiteId, sessionId, ...next, updatedAt };
  };

  const change = db.transaction((websiteId: string, sessionId: string, revision: number, c: Change) => {
    const { result, next } = decideChange(read(websiteId, sessionId), revision, c);
    return { result, stored: next && write(websiteId, sessionId, next) };
  });
  const edit = db.transaction((websiteId: string, sessionId: string, c: Change) => {
    const { result, next } = decideEdit(read(websiteId, sessionId), c);
    return { result, stored: next && write(websiteId, sessionId, next) };
  });
  const feed = createChangeEmitter();
  const told = <T>({ result, stored }: { result: T; stored: SessionChange | undefined }): T => {
    if (stored) feed.emit(stored);
    return result;
  };

  return {
    subscribe: feed.subscribe,
    async get(websiteId, sessionId) {
      return read(websiteId, sessionId);
    },
    async applyChange(websiteId, sessionId, revision, c) {
      return told(change.immediate(websiteId, sessionId, revision, c));
    },
    async edit(websiteId, sessionId, c) {
      return told(edit.immediate(websiteId, sessionId, c));
    },
    async listSessions(websiteId, limit) {
      return recent
        .all(websiteId, Math.max(0, Math.floor(limit)))
        .map((row): SessionSummary => ({ sessionId: row.session_id, updatedAt: row.updated_at, ...toState(row) }));
    },
    close() {
      db.close();
    },
  };
}
