/**
 * The PostgreSQL store's rules: a row per website that has any, its list as jsonb. Each instance keeps them all in
 * memory and reloads them when told (LISTEN "<schema>.rules", sent by a trigger on every change, and on every
 * reconnection of the listener), so that a website without rules costs a Map lookup. Another instance runs the
 * new rules once its notice arrives (milliseconds); the instance that made the edit, once the edit resolves.
 */
import type postgres from "postgres";
import { type RulesOf } from "./rule-run.js";
import type { RulesStore } from "./rules-store.js";
export interface PostgresRules extends RulesStore {
    rulesOf: RulesOf;
}
export declare function createPostgresRules(sql: postgres.Sql, schema: string, onError: (error: unknown) => void): Promise<PostgresRules>;
