/**
 * The shared store: PostgreSQL through the `postgres` client, for several service instances on one database.
 * A change reads the row, decides with the pure rules of `session-update.ts`, and writes in one statement that
 * applies only if the row is still the one decided on (and, for an SDK change, only over a lower revision).
 */
import type postgres from "postgres";
import type { Change } from "../../protocol/change.js";
import type { AutomationsStore } from "../automations/automations-store.js";
import { createPostgresAutomations } from "../automations/postgres-automations.js";
import { migrateAutomations } from "../automations/postgres-automations-schema.js";
import { postgresRuleRecorder } from "../automations/postgres-rule-recorder.js";
import { createPostgresRules, type PostgresRules } from "../automations/postgres-rules.js";
import { sessionWrite, withSegments } from "../automations/rules-on-writes.js";
import type { RulesStore } from "../automations/rules-store.js";
import { sessionsOnly } from "./change-emitter.js";
import { createPostgresFeed } from "./postgres-feed.js";
import { type Row, sessionQueries } from "./postgres-queries.js";
import { checkSchemaName, migrate, STATEMENT_MARKS } from "./postgres-schema.js";
import { postgresSegmentCounts } from "./postgres-segment-counts.js";
import { postgresSegmentIndex } from "./postgres-segment-index.js";
import { createPostgresTeam } from "./postgres-team.js";
import { teamQueries } from "./postgres-team-queries.js";
import type { ChangeFeed, ChangeResult, EditResult, SegmentsStore, SessionState } from "./segments-store.js";
import { decideChange, decideEdit, emptySession } from "./session-update.js";
import type { TeamStore } from "./team-store.js";

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
   * changes/s against 3,600 with 16 in flight, measured here). Off, a crash of the database server may lose the last moment of
   * acknowledged changes, never its consistency (as SQLite's synchronous=NORMAL).
   */
  synchronousCommit?: boolean;
  now?: () => number;
  /** Hears what the change feed could not deliver (a notice whose segments could not be read back). */
  onError?: (error: unknown) => void;
}

export interface PostgresSegmentsStore extends SegmentsStore, ChangeFeed, TeamStore, AutomationsStore, RulesStore {
  close(): Promise<void>;
}

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
    connection: {
      application_name: "crisp-segments",
      synchronous_commit: options.synchronousCommit ? "on" : "off",
      // This store's session writes mark their sessions themselves (postgres-queries.ts), cheaper than a trigger.
      [STATEMENT_MARKS]: "on",
    },
  });
  try {
    await migrate(sql, schema);
    await migrateAutomations(sql, schema);
  } catch (error) {
    await sql.end({ timeout: 1 });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the segments store on PostgreSQL at ${redactUrl(options.url)}: ${reason}`, {
      cause: error,
    });
  }
  try {
    return openStore(sql, schema, options, await createPostgresRules(sql, schema, options.onError ?? console.error));
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
}

function openStore(
  sql: postgres.Sql,
  schema: string,
  options: PostgresStoreOptions,
  { rulesOf, ...rules }: PostgresRules,
): PostgresSegmentsStore {
  const now = options.now ?? Date.now;
  const channel = `${schema}.changes`;
  const queries = sessionQueries(sql, schema, channel);
  const feed = createPostgresFeed(
    sql,
    channel,
    { ...queries, ...teamQueries(sql, schema, channel) },
    options.onError ?? console.error,
  );
  const index = postgresSegmentIndex(sql, schema, options.onError ?? console.error);
  const counts = postgresSegmentCounts(sql, schema, index.catchUp, options.onError ?? console.error);
  const stateOf = (row: Row | undefined): SessionState =>
    row === undefined ? emptySession() : { segments: row.segments, revision: Number(row.revision) };

  /**
   * Decides on the stored row and writes; a write that lost a race is decided again on what won. On a website
   * with rules, the write stores the rules' list too and records its changes itself, in one transaction.
   */
  async function decideAndWrite<R extends SessionState>(
    websiteId: string,
    sessionId: string,
    decide: (current: SessionState) => { result: R; next?: SessionState },
    rule: "raise" | "keep",
  ): Promise<R> {
    for (;;) {
      const row = await queries.read(websiteId, sessionId);
      const current = stateOf(row);
      const { result, next } = decide(current);
      if (next === undefined) return result;
      const rules = rulesOf(websiteId);
      const change = { websiteId, sessionId, ...next, updatedAt: now() };
      if (rules.length === 0) {
        if (await queries.write(change, row?.version ?? "0", rule)) return result;
        continue;
      }
      const written = sessionWrite(rules, { websiteId, sessionId }, current.segments, next, change.updatedAt);
      const stored = { ...change, segments: written.next.segments };
      const won = await sql.begin(async (tx) => {
        const recorder = postgresRuleRecorder(tx, schema);
        await recorder.takeOver();
        if (!(await sessionQueries(tx, schema, channel).write(stored, row?.version ?? "0", rule))) return false;
        await recorder.record(written.changes);
        return true;
      });
      if (won) return withSegments(result, stored.segments);
    }
  }

  return {
    async get(websiteId, sessionId) {
      return stateOf(await queries.read(websiteId, sessionId));
    },
    applyChange(websiteId, sessionId, revision, change: Change): Promise<ChangeResult> {
      return decideAndWrite(websiteId, sessionId, (current) => decideChange(current, revision, change), "raise");
    },
    edit(websiteId, sessionId, change: Change): Promise<EditResult> {
      return decideAndWrite(websiteId, sessionId, (current) => decideEdit(current, change), "keep");
    },
    listSessions: queries.recent,
    ...createPostgresTeam(sql, schema, channel, { now, rulesOf, indexSessions: index.catchUp }),
    suggestSegments: counts.suggest,
    ...createPostgresAutomations(sql, schema, now),
    ...rules,
    subscribeAll: feed.subscribeAll,
    subscribe: sessionsOnly(feed.subscribeAll),
    async close() {
      counts.stop();
      index.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
