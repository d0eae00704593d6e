/**
 * The shared store: PostgreSQL through the `postgres` client, for several service instances on one database.
 * A change reads the row, decides with the pure rules of `session-update.ts`, and writes in one statement that
 * applies only if the row is still the one decided on (and, for an SDK change, only to a lower stored revision);
 * otherwise another instance won the race and the change is decided again on what it stored.
 */
import type postgres from "postgres";
import type { Change } from "../../protocol/change.js";
import { createChangeEmitter } from "./change-emitter.js";
import { decodeNotice, encodeNotice, type Notice } from "./postgres-notice.js";
import { checkSchemaName, migrate } from "./postgres-schema.js";
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

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** The schema holding the store's tables, created when missing. Default `crisp_segments`. */
  schema?: string;
  /** Most connections for queries; the change feed takes one more. Default 10. */
  max?: number;
  /**
   * Wait for each change to reach the disk before acknowledging it. Off by default: a commit that notifies the
   * feed holds a database-wide lock until then, so waiting serialises every instance's commits (about 350
   * changes/s against 5,000 measured here). Off, a crash of the database server may lose the last moment of
   * acknowledged changes, never its consistency (as SQLite's synchronous=NORMAL).
   */
  synchronousCommit?: boolean;
  now?: () => number;
  /** Hears what the change feed could not deliver (a notice whose segments could not be read back). */
  onError?: (error: unknown) => void;
}

export interface PostgresSegmentsStore extends SegmentsStore, ChangeFeed {
  close(): Promise<void>;
}

interface Row {
  session_id: string;
  segments: string[];
  revision: string;
  version: string;
  updated_at: string;
}

type Decision<R> = { result: R; next?: SessionState };

/** `postgres` is an optional peer dependency, loaded when a store is made, never by importing the package. */
async function loadDriver(): Promise<typeof postgres> {
  try {
    return (await import("postgres")).default;
  } catch (error) {
    throw new Error("createPostgresStore needs postgres 3: npm install postgres@3", { cause: error });
  }
}

/** The URL as it may be printed: its password replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "(not a URL)";
  }
}

export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresSegmentsStore> {
  const schema = checkSchemaName(options.schema ?? "crisp_segments");
  if (!/^postgres(ql)?:\/\//.test(options.url)) {
    throw new Error(`database URL ${redactUrl(options.url)} does not start with postgres://`);
  }
  const driver = await loadDriver();
  const sql = driver(options.url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: "crisp-segments", synchronous_commit: options.synchronousCommit ? "on" : "off" },
  });
  try {
    await migrate(sql, schema);
  } catch (error) {
    await sql.end({ timeout: 1 });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the segments store on PostgreSQL at ${redactUrl(options.url)}: ${reason}`, {
      cause: error,
    });
  }
  return openStore(sql, schema, options);
}

function openStore(sql: postgres.Sql, schema: string, options: PostgresStoreOptions): PostgresSegmentsStore {
  const now = options.now ?? Date.now;
  const sessions = sql(`${schema}.sessions`);
  const channel = `${schema}.changes`;

  const read = async (websiteId: string, sessionId: string) => {
    const [row] = await sql<Row[]>`
      SELECT segments, revision, version, updated_at FROM ${sessions}
      WHERE website_id = ${websiteId} AND session_id = ${sessionId}`;
    return row;
  };
  const stateOf = (row: Row | undefined): SessionState =>
    row === undefined ? emptySession() : { segments: row.segments, revision: Number(row.revision) };

  /** Stores `next` if the row still has `seen` writes; tells the feed in the same statement. */
  async function write(websiteId: string, sessionId: string, next: SessionState, seen: string, sdk: boolean) {
    const change: SessionChange = { websiteId, sessionId, ...next, updatedAt: now() };
    // The revision rule, in SQL too: an SDK change only raises the revision, an edit never moves it.
    const rule = sdk ? sql`stored.revision < excluded.revision` : sql`stored.revision = excluded.revision`;
    const written = await sql`
      WITH written AS (
        INSERT INTO ${sessions} AS stored (website_id, session_id, segments, revision, version, updated_at)
        VALUES (${websiteId}, ${sessionId}, ${next.segments}::text[], ${next.revision}, 1, ${change.updatedAt})
        ON CONFLICT (website_id, session_id) DO UPDATE
        SET segments = excluded.segments, revision = excluded.revision, version = stored.version + 1,
            updated_at = excluded.updated_at
        WHERE stored.version = ${seen} AND ${rule}
        RETURNING 1
      )
      SELECT pg_notify(${channel}, ${encodeNotice(change)}) FROM written`;
    return written.length === 1;
  }

  async function decideAndWrite<R>(
    websiteId: string,
    sessionId: string,
    decide: (current: SessionState) => Decision<R>,
    sdk: boolean,
  ): Promise<R> {
    for (;;) {
      const row = await read(websiteId, sessionId);
      const { result, next } = decide(stateOf(row));
      if (next === undefined) return result;
      if (await write(websiteId, sessionId, next, row?.version ?? "0", sdk)) return result;
    }
  }

  return {
    async get(websiteId, sessionId) {
      return stateOf(await read(websiteId, sessionId));
    },
    applyChange(websiteId, sessionId, revision, change: Change): Promise<ChangeResult> {
      return decideAndWrite(websiteId, sessionId, (current) => decideChange(current, revision, change), true);
    },
    edit(websiteId, sessionId, change: Change): Promise<EditResult> {
      return decideAndWrite(websiteId, sessionId, (current) => decideEdit(current, change), false);
    },
    async listSessions(websiteId, limit) {
      const rows = await sql<Row[]>`
        SELECT session_id, segments, revision, updated_at FROM ${sessions}
        WHERE website_id = ${websiteId} ORDER BY updated_at DESC, session_id LIMIT ${Math.max(0, Math.floor(limit))}`;
      return rows.map(
        (row): SessionSummary => ({
          sessionId: row.session_id,
          segments: row.segments,
          revision: Number(row.revision),
          updatedAt: Number(row.updated_at),
        }),
      );
    },
    subscribe: createFeed(sql, channel, read, options.onError ?? console.error).subscribe,
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/**
 * One LISTEN per store, opened by the first subscriber, fanned out in process. Notices are told in the order
 * PostgreSQL delivers them (commit order), a notice without its segments waiting for them to be read back.
 */
function createFeed(
  sql: postgres.Sql,
  channel: string,
  read: (websiteId: string, sessionId: string) => Promise<Row | undefined>,
  onError: (error: unknown) => void,
): ChangeFeed {
  const emitter = createChangeEmitter();
  let listening: Promise<unknown> | undefined;
  let queue = Promise.resolve();

  const complete = async (notice: Notice): Promise<SessionChange> => {
    if (notice.segments !== undefined) return { ...notice, segments: notice.segments };
    const row = await read(notice.websiteId, notice.sessionId);
    if (row === undefined) throw new Error(`segments change feed: session ${notice.sessionId} is gone`);
    return { ...notice, segments: row.segments, revision: Number(row.revision), updatedAt: Number(row.updated_at) };
  };
  const hear = (payload: string) => {
    queue = queue.then(() => complete(decodeNotice(payload))).then(emitter.emit, onError);
  };

  return {
    async subscribe(listener) {
      listening ??= sql.listen(channel, hear).catch((error: unknown) => {
        listening = undefined;
        throw error;
      });
      await listening;
      return emitter.subscribe(listener);
    },
  };
}
