import type Database from "better-sqlite3";
import type { SegmentsRecorder } from "../automations/automations-store.js";
import type { RulesOf } from "../automations/rule-run.js";
import type { SessionChange, SessionState } from "./segments-store.js";
import type { StoreChange, TeamStore } from "./team-store.js";
interface Deps {
    now(): number;
    emit(change: StoreChange): void;
    /** Records a list's change, inside the write's transaction. */
    record: SegmentsRecorder["record"];
    /** The website's rules, fresh once `refresh` has run in the transaction. */
    rules: {
        rulesOf: RulesOf;
        refresh(): void;
    };
    /** The session statements of the store, run inside the team's transactions. */
    sessions: {
        read(websiteId: string, sessionId: string): SessionState;
        write(websiteId: string, sessionId: string, next: SessionState, at?: number): SessionChange;
    };
    /** Brings the sessions' segment index up to date, before it is read. */
    index(): void;
}
export declare function createSqliteTeam(db: Database.Database, deps: Deps): Omit<TeamStore, "subscribeAll">;
export {};
