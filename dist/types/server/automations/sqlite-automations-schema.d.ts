/**
 * The automations' tables on SQLite, migrated on a track of their own (the `automations_migrations` table), so
 * that they never contend with the sessions' steps for `PRAGMA user_version`. Run inside the store's opening.
 */
import type Database from "better-sqlite3";
export declare function migrateAutomations(db: Database.Database): void;
