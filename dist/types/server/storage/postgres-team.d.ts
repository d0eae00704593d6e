import type postgres from "postgres";
import type { RulesOf } from "../automations/rule-run.js";
import type { TeamStore } from "./team-store.js";
/** The clock writes are stamped with, and the rules they run. */
interface Context {
    now: () => number;
    rulesOf: RulesOf;
    /** Brings the conversations' segment entries up to date with every session written (postgres-segment-index.ts). */
    indexSessions: () => Promise<void>;
}
export declare function createPostgresTeam(sql: postgres.Sql, schema: string, channel: string, { now, rulesOf, indexSessions }: Context): Omit<TeamStore, "subscribeAll" | "suggestSegments">;
export {};
