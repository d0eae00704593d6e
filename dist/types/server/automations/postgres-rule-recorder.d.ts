/**
 * How a PostgreSQL write on a website with rules records its changes: it turns the triggers' recording off for
 * its transaction, then records each change (its own, then its rules') through `record_rules_event`, the one
 * definition of an event in SQL (postgres-automations-schema.ts). A website without rules never comes here.
 */
import type postgres from "postgres";
import { type SegmentsChange } from "./events.js";
export interface PostgresRuleRecorder {
    /** From here to the end of the transaction, the triggers record nothing: `record` does. */
    takeOver(): Promise<void>;
    record(changes: readonly SegmentsChange[]): Promise<void>;
}
export declare function postgresRuleRecorder(sql: postgres.ISql, schema: string): PostgresRuleRecorder;
