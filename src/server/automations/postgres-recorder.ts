/**
 * The PostgreSQL store's recorder: a change's event and deliveries as common table expressions that ride in the
 * statement of the write itself (after its `written` CTE, inserting only if the write did), so that the SDK's
 * one-statement write stays one statement and one round trip. Which endpoints want the event is decided in SQL,
 * the same rule as endpoints.ts' `wantsEvent`.
 */
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { type SegmentsChange, sameList, segmentsEvent, webhookBody } from "./events.js";

export interface PostgresRecorder {
  /**
   * CTEs for a write's WITH list, after a CTE named `written`; undefined when the change records nothing. `name`
   * prefixes the CTEs' names, so that one statement can record several changes (a change and its rules').
   */
  afterWrite(change: SegmentsChange, name?: string): postgres.Fragment | undefined;
  /** afterWrite for each of `changes`, in one WITH list: a change and its rules' changes in one statement. */
  afterWriteAll(changes: readonly SegmentsChange[]): postgres.Fragment | undefined;
  /** Records in a statement of its own, inside the caller's transaction. */
  record(change: SegmentsChange): Promise<void>;
}

export function postgresRecorder(sql: postgres.ISql, schema: string): PostgresRecorder {
  const endpoints = sql(`${schema}.webhook_endpoints`);
  const events = sql(`${schema}.events`);
  const deliveries = sql(`${schema}.webhook_deliveries`);
  const afterWrite = (change: SegmentsChange, name = "recorded"): postgres.Fragment | undefined => {
    const event = segmentsEvent(change, randomUUID());
    if (event === undefined) return undefined;
    const { website_id: websiteId, added } = event.data;
    const at = event.timestamp;
    const changed = !sameList(change.before, change.after);
    // outbox.ts' eventFor in SQL: by the endpoint's filters when the list changed, or sent there by a rule.
    const wanting = sql`e.website_id = ${websiteId} AND e.enabled AND ((${changed}
      AND (cardinality(e.events) = 0 OR ${event.event} = ANY(e.events))
      AND (cardinality(e.segments) = 0 OR e.segments && ${added}::text[]))
      OR e.endpoint_id = ANY(${change.sendTo ?? []}::text[]))`;
    const [recordedEvent, recordedDeliveries] = [sql(`${name}_event`), sql(`${name}_deliveries`)];
    return sql`${recordedEvent} AS (
        INSERT INTO ${events} (event_id, website_id, name, body, created_at)
        SELECT ${event.id}, ${websiteId}, ${event.event}, ${JSON.stringify(webhookBody(event))}, ${at} FROM written
        WHERE EXISTS (SELECT 1 FROM ${endpoints} e WHERE ${wanting})
        RETURNING event_id
      ), ${recordedDeliveries} AS (
        INSERT INTO ${deliveries} (delivery_id, website_id, endpoint_id, event_id, event, state, attempts, started_at,
          next_attempt_at, created_at)
        SELECT gen_random_uuid()::text, ${websiteId}, e.endpoint_id, r.event_id, ${event.event}, 'pending', 0, ${at},
          ${at}, ${at}
        FROM ${recordedEvent} r, ${endpoints} e WHERE ${wanting} ORDER BY e.created_at, e.endpoint_id
      )`;
  };
  return {
    afterWrite,
    afterWriteAll(changes) {
      let all: postgres.Fragment | undefined;
      changes.forEach((change, index) => {
        const ctes = afterWrite(change, index === 0 ? "recorded" : `recorded_${index}`);
        if (ctes !== undefined) all = all === undefined ? ctes : sql`${all}, ${ctes}`;
      });
      return all;
    },
    async record(change) {
      const ctes = afterWrite(change);
      if (ctes !== undefined) await sql`WITH written AS (SELECT 1), ${ctes} SELECT 1`;
    },
  };
}
