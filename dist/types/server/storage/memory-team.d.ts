import type { Change } from "../../protocol/change.js";
import type { SegmentsRecorder } from "../automations/automations-store.js";
import type { ChangeFacts, RulesOf } from "../automations/rule-run.js";
import type { EditResult, SessionState } from "./segments-store.js";
import type { StoreChange, TeamStore } from "./team-store.js";
export interface MemoryRow extends SessionState {
    updatedAt: number;
}
interface Deps {
    now(): number;
    emit(change: StoreChange): void;
    record: SegmentsRecorder["record"];
    rulesOf: RulesOf;
    sessions(websiteId: string): Map<string, MemoryRow> | undefined;
    edit(websiteId: string, sessionId: string, change: Change): EditResult;
    /** Gives a session never written a row (no segments, revision 0), so that a meta alone lists it. */
    ensureSession(websiteId: string, sessionId: string): void;
    /** Runs the rules on a conversation whose email changed. */
    emailChanged(websiteId: string, sessionId: string, facts: ChangeFacts): void;
}
export declare function createMemoryTeam(deps: Deps): Omit<TeamStore, "subscribeAll">;
export {};
