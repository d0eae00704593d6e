/** The PostgreSQL store's tables, created and migrated by the store itself, one instance at a time. */
import type postgres from "postgres";
/** The setting by which a connection's session writes mark their sessions in the statement, not by trigger. */
export declare const STATEMENT_MARKS = "crisp_segments.statement_marks";
/** Schema steps, run in order inside the store's schema. Append only: never edit a shipped step. */
export declare const POSTGRES_MIGRATIONS: readonly string[];
export declare const POSTGRES_SCHEMA_VERSION: number;
/** The schema name, checked: it is written into statements and channel names, never bound as a parameter. */
export declare function checkSchemaName(schema: string): string;
/**
 * Brings `schema` to the current version in one transaction. The advisory lock makes instances that start at
 * once take turns: the second finds the work done. `migrations` logs each run by the version it reached.
 */
export declare function migrate(sql: postgres.Sql, schema: string): Promise<void>;
