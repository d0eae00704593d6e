/**
 * The SQLite store's rules: a row per website that has any, its list as JSON. Every process sharing the file
 * keeps them all in memory, and checks a one-row version (bumped by each edit) once per write transaction, so
 * that a write sees the rules committed before it began, and a website without rules costs a Map lookup.
 */
import type Database from "better-sqlite3";
import { type RulesOf } from "./rule-run.js";
import type { RulesStore } from "./rules-store.js";
export interface SqliteRules extends RulesStore {
    rulesOf: RulesOf;
    /** Called at the start of each write transaction: reloads the rules if another process changed them. */
    refresh(): void;
}
export declare function createSqliteRules(db: Database.Database, now: () => number): SqliteRules;
