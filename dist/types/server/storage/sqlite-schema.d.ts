/** The SQLite store's tables, migrated in steps, and how a stored list is read back. */
import type Database from "better-sqlite3";
/**
 * Schema steps; `PRAGMA user_version` holds how many have run. Append only: never edit a shipped step. Exported
 * so that tests can build a file as an older version left it.
 */
export declare const MIGRATIONS: readonly string[];
export declare const SCHEMA_VERSION: number;
export declare function migrate(db: Database.Database): void;
/** Lists are read back defensively: a damaged file must fail loudly, not feed odd values to visitors. */
export declare function readList(text: string): string[];
