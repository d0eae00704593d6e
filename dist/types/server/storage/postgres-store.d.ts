import type { AutomationsStore } from "../automations/automations-store.js";
import type { RulesStore } from "../automations/rules-store.js";
import type { ChangeFeed, SegmentsStore } from "./segments-store.js";
import type { TeamStore } from "./team-store.js";
export interface PostgresStoreOptions {
    /** `postgres://user:password@host:port/database`. */
    url: string;
    /** The schema holding the store's tables, created when missing. Default `crisp_segments`. */
    schema?: string;
    /** Most connections for queries; the change feed takes one more. Default 10. */
    max?: number;
    /**
     * Wait for each change to reach the disk before acknowledging it. Off by default: a commit that notifies the
     * feed holds a database-wide lock until then, so waiting serialises every instance's commits (about 350
     * changes/s against 3,600 with 16 in flight, measured here). Off, a crash of the database server may lose the last moment of
     * acknowledged changes, never its consistency (as SQLite's synchronous=NORMAL).
     */
    synchronousCommit?: boolean;
    now?: () => number;
    /** Hears what the change feed could not deliver (a notice whose segments could not be read back). */
    onError?: (error: unknown) => void;
}
export interface PostgresSegmentsStore extends SegmentsStore, ChangeFeed, TeamStore, AutomationsStore, RulesStore {
    close(): Promise<void>;
}
/** The URL as it may be printed: its password replaced. */
export declare function redactUrl(url: string): string;
export declare function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresSegmentsStore>;
