import type postgres from "postgres";
import type { AutomationsStore } from "./automations-store.js";
export declare function createPostgresAutomations(sql: postgres.Sql, schema: string, now: () => number): AutomationsStore;
