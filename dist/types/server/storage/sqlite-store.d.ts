import type { AutomationsStore } from "../automations/automations-store.js";
import type { RulesStore } from "../automations/rules-store.js";
import type { ChangeFeed, SegmentsStore } from "./segments-store.js";
import type { TeamStore } from "./team-store.js";
export { SCHEMA_VERSION } from "./sqlite-schema.js";
export interface SqliteStoreOptions {
    /** Path of the database file (created when missing), or ":memory:". */
    filename: string;
    now?: () => number;
    /** Told when a background catch-up of the segment index fails for a reason other than a busy file. Default: console.error. */
    onError?: (error: unknown) => void;
}
/** Its feed hears the changes made through this store object alone, not other processes on the same file. */
export interface SqliteSegmentsStore extends SegmentsStore, ChangeFeed, TeamStore, AutomationsStore, RulesStore {
    close(): void;
}
export declare function createSqliteStore(options: SqliteStoreOptions): SqliteSegmentsStore;
