import type postgres from "postgres";
import type { TeamStore } from "./team-store.js";
export declare function createPostgresTeam(sql: postgres.Sql, schema: string, channel: string, now: () => number): Omit<TeamStore, "subscribeAll">;
