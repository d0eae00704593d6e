/**
 * The embedded store: one SQLite file through better-sqlite3. Writes are committed in groups (group-commit.ts),
 * each group one IMMEDIATE transaction, so that concurrent writers from other processes queue instead of
 * deadlocking on a read-then-write upgrade.
 */
import { createRequire } from "node:module";
import type Database from "better-sqlite3";
import type { AutomationsStore, SegmentsRecorder } from "../automations/automations-store.js";
import { sessionWrite, withSegments } from "../automations/rules-on-writes.js";
import type { RulesStore } from "../automations/rules-store.js";
import { createSqliteAutomations } from "../automations/sqlite-automations.js";
import { migrateAutomations } from "../automations/sqlite-automations-schema.js";
import { createSqliteRules, type SqliteRules } from "../automations/sqlite-rules.js";
import { createChangeEmitter, sessionsOnly } from "./change-emitter.js";
import { groupCommit, type Outcome } from "./group-commit.js";
import type {
  ChangeFeed,
  ChangeResult,
  EditResult,
  SegmentsStore,
  SessionChange,
  SessionState,
  SessionSummary,
} from "./segments-store.js";
import { decideChange, decideEdit, emptySession } from "./session-update.js";
import { migrate, readList } from "./sqlite-schema.js";
import { type SegmentIndex, segmentIndex } from "./sqlite-segment-index.js";
import { createSqliteTeam } from "./sqlite-team.js";
import type { StoreChange, TeamStore } from "./team-store.js";

export { SCHEMA_VERSION } from "./sqlite-schema.js";

export interface SqliteStoreOptions {
  /** Path of the database file (created when missing), or ":memory:". */
  filename: string;
  now?: () => number;
  /** Told when a background catch-up of the segment index fails for a reason other than a busy file. Default: console.error. */
  onError?: (error: unknown) => void;
}

/** Its feed hears the changes made through this store object alone, not other processes on the same file. */
export interface SqliteSegmentsStore extends SegmentsStore, ChangeFeed, TeamStore, AutomationsStore, RulesStore {
  close(): void;
}

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

interface Row {
  session_id: string;
  segments: string;
  revision: number;
  updated_at: number;
}

function toState(row: Pick<Row, "segments" | "revision">): SessionState {
  return { segments: readList(row.segments), revision: row.revision };
}

function openDatabase(filename: string): Db {
  const Driver = loadDriver();
  const db = new Driver(filename);
  try {
    db.pragma("journal_mode = WAL");
    // In WAL, NORMAL syncs at checkpoints, not at every commit: a crash of the process loses nothing; a power cut
    // may lose the last acknowledged changes, never the file. The usual trade for a commit without an fsync.
    db.pragma("synchronous = NORMAL");
    // A checkpoint (copy to the file, two fsyncs) every 1,000 WAL pages, the default, ran dozens of times a second
    // under load once each change also wrote its segment index; every 10,000 pages (≤ ~40 MB of WAL) costs far less.
    db.pragma("wal_autocheckpoint = 10000");
    db.pragma("busy_timeout = 5000");
    migrate(db);
    migrateAutomations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The store's statements, each prepared once. */
function statements(db: Db, now: () => number) {
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
  return {
    read(websiteId: string, sessionId: string): SessionState {
      const row = select.get(websiteId, sessionId);
      return row === undefined ? emptySession() : toState(row);
    },
    now,
    /** Writes `next` (at `at`, or now), and returns what the feed tells once the transaction has committed. */
    write(websiteId: string, sessionId: string, next: SessionState, at?: number): SessionChange {
      const updatedAt = at ?? now();
      upsert.run(websiteId, sessionId, JSON.stringify(next.segments), next.revision, updatedAt);
      return { websiteId, sessionId, ...next, updatedAt };
    },
    recent(websiteId: string, limit: number): SessionSummary[] {
      return recent
        .all(websiteId, Math.max(0, Math.floor(limit)))
        .map((row) => ({ sessionId: row.session_id, updatedAt: row.updated_at, ...toState(row) }));
    },
  };
}

/** A write waiting for its group's commit; `decide` is the pure rule that judges it on the stored state. */
interface Job {
  websiteId: string;
  sessionId: string;
  decide(current: SessionState): { result: ChangeResult | EditResult; next?: SessionState };
}
type Written = { result: ChangeResult | EditResult; stored?: SessionChange };

/** Commits jobs in groups, one IMMEDIATE transaction each; the feed hears a change once it is committed. */
function committer(
  db: Db,
  sql: ReturnType<typeof statements>,
  { record, rules }: { record: SegmentsRecorder["record"]; rules: SqliteRules },
  emit: (change: SessionChange) => void,
) {
  const judge = (job: Job): Outcome<ReturnType<Job["decide"]> & { current: SessionState }> => {
    try {
      const current = sql.read(job.websiteId, job.sessionId);
      return { ok: true, value: { current, ...job.decide(current) } };
    } catch (error) {
      // A job that fails alone is that job's answer; the others still commit.
      return { ok: false, error };
    }
  };
  const run = (job: Job): Outcome<Written> => {
    const judged = judge(job);
    if (!judged.ok) return judged;
    const { current, result, next } = judged.value;
    if (next === undefined) return { ok: true, value: { result } };
    const { websiteId, sessionId } = job;
    const written = sessionWrite(rules.rulesOf(websiteId), { websiteId, sessionId }, current.segments, next, sql.now());
    // A failed write or event is the database's failure and fails the whole group, so that no change commits
    // without its event (a savepoint per job would spare the others, at ~1.5 µs a change: a fifth of a write).
    const stored = sql.write(websiteId, sessionId, written.next, written.changes[0]?.at);
    for (const change of written.changes) record(change);
    return { ok: true, value: { result: withSegments(result, stored.segments), stored } };
  };
  const commitAll = db.transaction((jobs: readonly Job[]) => {
    rules.refresh();
    return jobs.map(run);
  });
  return groupCommit((jobs: readonly Job[]) => {
    const outcomes = commitAll.immediate(jobs);
    for (const outcome of outcomes) if (outcome.ok && outcome.value.stored) emit(outcome.value.stored);
    return outcomes;
  });
}

/**
 * Catches the segment index up a second after a session write, so that a second of writes shares one catch-up:
 * each session's lists are read and compared once, however often it changed (measured on the store alone under
 * load: 51 us of CPU per change with a catch-up every 50 ms, 40 us with one a second, 35 us with no index). A
 * long backlog goes in chunks, requests in between.
 */
function indexSoon(index: SegmentIndex, onError: (error: unknown) => void, delayMs = 1_000) {
  let timer: NodeJS.Timeout | undefined;
  let pending: NodeJS.Immediate | undefined;
  const stop = () => {
    clearTimeout(timer);
    clearImmediate(pending);
    timer = pending = undefined;
  };
  // A failed catch-up leaves the rows marked: the next one, or the next read of the index, takes them up.
  const step = () => {
    pending = undefined;
    try {
      if (index.catchUpSome()) pending = setImmediate(step).unref();
    } catch (error) {
      // Another process holding the write lock is routine; anything else is worth a line in the log.
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY") onError(error);
    }
  };
  return {
    now() {
      stop();
      index.catchUp();
    },
    soon() {
      timer ??= setTimeout(() => {
        timer = undefined;
        step();
      }, delayMs).unref();
    },
  };
}

export function createSqliteStore(options: SqliteStoreOptions): SqliteSegmentsStore {
  const db = openDatabase(options.filename);
  const sql = statements(db, options.now ?? Date.now);
  const index = indexSoon(
    segmentIndex(db),
    options.onError ?? ((error) => console.error("crisp-segments: the SQLite segment index's catch-up failed", error)),
  );
  const feed = createChangeEmitter<StoreChange>();
  const emit = (change: StoreChange) => {
    index.soon();
    feed.emit(change);
  };
  const { record, ...automations } = createSqliteAutomations(db, options.now ?? Date.now);
  const { rulesOf, refresh, ...rules } = createSqliteRules(db, options.now ?? Date.now);
  const commit = committer(db, sql, { record, rules: { rulesOf, refresh, ...rules } }, emit);
  const teamDeps = { now: options.now ?? Date.now, emit, record, rules: { rulesOf, refresh } };
  return {
    ...createSqliteTeam(db, { ...teamDeps, sessions: sql, index: index.now }),
    ...automations,
    ...rules,
    subscribe: sessionsOnly(feed.subscribe),
    subscribeAll: feed.subscribe,
    get: async (websiteId, sessionId) => sql.read(websiteId, sessionId),
    // Each result is what its own `decide` returned: decideChange's or decideEdit's.
    applyChange: async (websiteId, sessionId, revision, change) =>
      (await commit({ websiteId, sessionId, decide: (current) => decideChange(current, revision, change) }))
        .result as ChangeResult,
    edit: async (websiteId, sessionId, change) =>
      (await commit({ websiteId, sessionId, decide: (current) => decideEdit(current, change) })).result as EditResult,
    listSessions: async (websiteId, limit) => sql.recent(websiteId, limit),
    close: () => {
      try {
        index.now();
      } finally {
        db.close();
      }
    },
  };
}
