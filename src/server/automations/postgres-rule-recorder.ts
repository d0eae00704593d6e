/**
 * How a PostgreSQL write on a website with rules records its changes: it turns the triggers' recording off for
 * its transaction, then records each change (its own, then its rules') through `record_rules_event`, the one
 * definition of an event in SQL (postgres-automations-schema.ts). A website without rules never comes here.
 */
import type postgres from "postgres";
import { eventNameOf, isEventful, type SegmentsChange } from "./events.js";

export interface PostgresRuleRecorder {
  /** From here to the end of the transaction, the triggers record nothing: `record` does. */
  takeOver(): Promise<void>;
  record(changes: readonly SegmentsChange[]): Promise<void>;
}

export function postgresRuleRecorder(sql: postgres.ISql, schema: string): PostgresRuleRecorder {
  const recordEvent = sql(`${schema}.record_rules_event`);
  return {
    async takeOver() {
      await sql`SELECT set_config('crisp_segments.rules_record', 'on', true)`;
    },
    async record(changes) {
      for (const change of changes) {
        if (!isEventful(change)) continue;
        const [key, id] = "sessionId" in change ? ["session_id", change.sessionId] : ["people_id", change.peopleId];
        await sql`SELECT ${recordEvent}(${change.websiteId}, ${eventNameOf(change)}, ${key}, ${id},
          ${change.before as string[]}::text[], ${change.after as string[]}::text[], ${change.at},
          ${change.rule ?? null}, ${(change.sendTo ?? []) as string[]}::text[])`;
      }
    },
  };
}
