/**
 * The automations' tables on PostgreSQL, in the store's schema, migrated on a track of their own (the
 * `automations_migrations` table, under an advisory lock of their own) so that they never contend with the
 * sessions' steps. Run by the store when it opens, after its own migration.
 */
import type postgres from "postgres";
export declare function migrateAutomations(sql: postgres.Sql, schema: string): Promise<void>;
