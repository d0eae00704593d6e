import type { SegmentsStore } from "./segments-store.js";
export interface SqliteStoreOptions {
    /** Path of the database file (created when missing), or ":memory:". */
    filename: string;
    now?: () => number;
}
export interface SqliteSegmentsStore extends SegmentsStore {
    close(): void;
}
export declare const SCHEMA_VERSION: number;
export declare function createSqliteStore(options: SqliteStoreOptions): SqliteSegmentsStore;
