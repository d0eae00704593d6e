import type { ChangeFeed, SegmentsStore } from "./segments-store.js";
import type { TeamStore } from "./team-store.js";
export { SCHEMA_VERSION } from "./sqlite-schema.js";
export interface SqliteStoreOptions {
    /** Path of the database file (created when missing), or ":memory:". */
    filename: string;
    now?: () => number;
}
/** Its feed hears the changes made through this store object alone, not other processes on the same file. */
export interface SqliteSegmentsStore extends SegmentsStore, ChangeFeed, TeamStore {
    close(): void;
}
export declare function createSqliteStore(options: SqliteStoreOptions): SqliteSegmentsStore;
