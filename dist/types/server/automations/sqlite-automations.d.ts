import type Database from "better-sqlite3";
import type { AutomationsStore, SegmentsRecorder } from "./automations-store.js";
type Db = Database.Database;
export declare function createSqliteAutomations(db: Db, now: () => number): AutomationsStore & SegmentsRecorder;
export {};
