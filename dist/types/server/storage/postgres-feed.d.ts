/**
 * The PostgreSQL change feed: one LISTEN per store, opened by the first subscriber, fanned out in process.
 * Notices are told in the order PostgreSQL delivers them (commit order); one that came without its segments
 * waits for them to be read back.
 */
import type postgres from "postgres";
import type { SessionQueries } from "./postgres-queries.js";
import type { TeamQueries } from "./postgres-team-queries.js";
import type { TeamStore } from "./team-store.js";
export declare function createPostgresFeed(sql: postgres.Sql, channel: string, queries: Pick<SessionQueries, "read"> & Pick<TeamQueries, "contact">, onError: (error: unknown) => void): Pick<TeamStore, "subscribeAll">;
