/**
 * The automations' tables on PostgreSQL, in the store's schema, migrated on a track of their own (the
 * `automations_migrations` table, under an advisory lock of their own) so that they never contend with the
 * sessions' steps. Run by the store when it opens, after its own migration.
 */
import type postgres from "postgres";

/** Run in order inside the store's schema. Append only: never edit a shipped step. */
const MIGRATIONS: readonly string[] = [
  // Deliveries go with their endpoint (ON DELETE CASCADE); the partial indexes find the due ones among
  // the pending, and the delivered ones old enough to prune; events go once no delivery needs them.
  // The trigger tells every instance's worker (LISTEN "<schema>.outbox") when deliveries are recorded or replayed;
  // NOTIFY sends once per transaction whatever the number of rows.
  `CREATE TABLE webhook_endpoints (
     website_id text NOT NULL,
     endpoint_id text NOT NULL,
     url text NOT NULL,
     secret text NOT NULL,
     events text[] NOT NULL,
     segments text[] NOT NULL,
     enabled boolean NOT NULL,
     disabled_reason text,
     created_at bigint NOT NULL,
     PRIMARY KEY (website_id, endpoint_id)
   );
   CREATE TABLE events (
     event_id text PRIMARY KEY,
     website_id text NOT NULL,
     name text NOT NULL,
     body text NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE TABLE webhook_deliveries (
     seq bigserial PRIMARY KEY,
     delivery_id text NOT NULL UNIQUE,
     website_id text NOT NULL,
     endpoint_id text NOT NULL,
     event_id text NOT NULL REFERENCES events,
     event text NOT NULL,
     state text NOT NULL,
     attempts integer NOT NULL,
     started_at bigint NOT NULL,
     next_attempt_at bigint NOT NULL,
     last_status integer,
     last_error text,
     claim text,
     created_at bigint NOT NULL,
     FOREIGN KEY (website_id, endpoint_id) REFERENCES webhook_endpoints ON DELETE CASCADE
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
   CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (website_id, endpoint_id, seq);
   CREATE INDEX webhook_deliveries_by_website ON webhook_deliveries (website_id, seq);
   CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
   CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (next_attempt_at) WHERE state = 'delivered';
   CREATE INDEX events_by_time ON events (created_at);
   CREATE FUNCTION webhook_deliveries_due() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify(TG_TABLE_SCHEMA || '.outbox', '');
     RETURN NULL;
   END $$;
   CREATE TRIGGER webhook_deliveries_due AFTER INSERT OR UPDATE ON webhook_deliveries
     FOR EACH ROW WHEN (NEW.state = 'pending' AND NEW.attempts = 0) EXECUTE FUNCTION webhook_deliveries_due();`,
  // Rules: a row per website that has any (an empty list deletes it). The trigger tells every instance
  // (LISTEN "<schema>.rules") to reload its copy, whoever changed them.
  `CREATE TABLE rule_lists (
     website_id text PRIMARY KEY,
     rules jsonb NOT NULL,
     updated_at bigint NOT NULL
   );
   CREATE FUNCTION rule_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify(TG_TABLE_SCHEMA || '.rules', '');
     RETURN NULL;
   END $$;
   CREATE TRIGGER rule_lists_changed AFTER INSERT OR UPDATE OR DELETE ON rule_lists
     FOR EACH STATEMENT EXECUTE FUNCTION rule_lists_changed();`,
];

export async function migrateAutomations(sql: postgres.Sql, schema: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}:automations`}))`;
    await tx.unsafe(
      `CREATE TABLE IF NOT EXISTS "${schema}".automations_migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const [row] = await tx<{ done: number }[]>`
      SELECT coalesce(max(step), 0) AS done FROM ${tx(schema)}.automations_migrations`;
    const done = row?.done ?? 0;
    if (done > MIGRATIONS.length) {
      throw new Error(
        `schema "${schema}" has automations at version ${done}; this code knows up to ${MIGRATIONS.length}`,
      );
    }
    for (let step = done; step < MIGRATIONS.length; step++) {
      await tx.unsafe(`SET LOCAL search_path TO "${schema}"; ${MIGRATIONS[step] ?? ""}`);
      await tx`INSERT INTO ${tx(schema)}.automations_migrations (step) VALUES (${step + 1})`;
    }
  });
}
