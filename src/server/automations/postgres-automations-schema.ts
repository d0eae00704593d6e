/**
 * The automations' tables on PostgreSQL, in the store's schema, migrated on a track of their own (the
 * `automations_migrations` table, under an advisory lock of their own) so that they never contend with the
 * sessions' steps. Run by the store when it opens, after its own migration.
 */
import type postgres from "postgres";

/** Run in order, with the store's schema first on the search path. Append only: never edit a shipped step. */
const MIGRATIONS: readonly ((schema: string) => string)[] = [
  // Deliveries go with their endpoint (ON DELETE CASCADE); the partial indexes find the due ones among
  // the pending, and the delivered ones old enough to prune; events go once no delivery needs them.
  // The trigger on deliveries tells every instance's worker (LISTEN "<schema>.outbox") when deliveries are
  // recorded or replayed; NOTIFY sends once per transaction whatever the number of rows.
  () => `CREATE TABLE webhook_endpoints (
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
  recording,
  rules,
  // The event's id in the webhook body too, as the memory and SQLite stores write it.
  (schema) => recordRulesEvent(`"${schema}"`, "CREATE OR REPLACE", BODY_WITH_ID),
  recordingWhenWanted,
];

/** The webhook body as the first steps wrote it: Crisp's envelope, without the event's id. */
const BODY_WITHOUT_ID = "json_build_object('website_id', website, 'event', name, 'data', data, 'timestamp', at)::text";
/** The body since step 4: the event's id besides (events.ts' webhookBody). */
const BODY_WITH_ID =
  "json_build_object('website_id', website, 'event', name, 'id', event_id, 'data', data, 'timestamp', at)::text";

/**
 * The function every write records its events through (see `rules`), its webhook body given: a shipped step keeps
 * the body it shipped with, and a later step replaces the function with another.
 */
function recordRulesEvent(s: string, create: "CREATE" | "CREATE OR REPLACE", body: string): string {
  return `
   ${create} FUNCTION ${s}.record_rules_event(website text, name text, id_key text, id text, old_list text[],
     new_list text[], at bigint, rule text, send_to text[]) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     event_id text;
     changed boolean := old_list IS DISTINCT FROM new_list;
     added text[];
     removed text[];
     wanting text[];
     data json;
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM ${s}.webhook_endpoints e WHERE e.website_id = website AND e.enabled) THEN
       RETURN;
     END IF;
     added := ARRAY(SELECT x FROM unnest(new_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(old_list) ORDER BY i);
     SELECT array_agg(e.endpoint_id ORDER BY e.created_at, e.endpoint_id) INTO wanting FROM ${s}.webhook_endpoints e
     WHERE e.website_id = website AND e.enabled AND ((changed
       AND (cardinality(e.events) = 0 OR name = ANY(e.events))
       AND (cardinality(e.segments) = 0 OR e.segments && added)) OR e.endpoint_id = ANY(send_to));
     IF wanting IS NULL THEN
       RETURN;
     END IF;
     removed := ARRAY(SELECT x FROM unnest(old_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(new_list) ORDER BY i);
     data := CASE WHEN id_key = 'session_id'
       THEN json_build_object('website_id', website, 'session_id', id, 'inbox_id', NULL, 'segments', new_list,
         'added', added, 'removed', removed)
       ELSE json_build_object('website_id', website, 'people_id', id, 'segments', new_list, 'added', added,
         'removed', removed) END;
     IF rule IS NOT NULL THEN
       data := (left(data::text, -1) || ', "rule_id" : ' || to_json(rule)::text || '}')::json;
     END IF;
     event_id := gen_random_uuid()::text;
     INSERT INTO ${s}.events (event_id, website_id, name, body, created_at) VALUES (event_id, website, name,
       ${body}, at);
     INSERT INTO ${s}.webhook_deliveries (delivery_id, website_id, endpoint_id, event_id, event, state, attempts,
       started_at, next_attempt_at, created_at)
     SELECT gen_random_uuid()::text, website, w.endpoint_id, event_id, name, 'pending', 0, at, at, at
     FROM unnest(wanting) WITH ORDINALITY AS w(endpoint_id, i) ORDER BY w.i;
   END $$;
`.slice(1);
}

/**
 * Rules: a row per website that has any (an empty list deletes it); a trigger tells every instance (LISTEN
 * "<schema>.rules") to reload its copy, whoever changed them. A write on a website with rules records its changes
 * itself (its own, then each rule firing's, marked with the rule and sent where the rules say), through
 * `record_rules_event`, after turning the triggers' recording off for its transaction (the setting
 * `crisp_segments.rules_record`): one implementation of what an event is, the triggers' now a call of it.
 */
function rules(schema: string): string {
  const s = `"${schema}"`;
  return `
   CREATE TABLE ${s}.rule_lists (
     website_id text PRIMARY KEY,
     rules jsonb NOT NULL,
     updated_at bigint NOT NULL
   );
   CREATE FUNCTION ${s}.rule_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify(TG_TABLE_SCHEMA || '.rules', '');
     RETURN NULL;
   END $$;
   CREATE TRIGGER rule_lists_changed AFTER INSERT OR UPDATE OR DELETE ON ${s}.rule_lists
     FOR EACH STATEMENT EXECUTE FUNCTION ${s}.rule_lists_changed();
${recordRulesEvent(s, "CREATE", BODY_WITHOUT_ID)}   CREATE OR REPLACE FUNCTION ${s}.record_segments_event(website text, name text, id_key text, id text,
     old_list text[], new_list text[], at bigint) RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF current_setting('crisp_segments.rules_record', true) = 'on' THEN
       RETURN;
     END IF;
     PERFORM ${s}.record_rules_event(website, name, id_key, id, old_list, new_list, at, NULL, '{}');
   END $$;`;
}

/**
 * The recorder: triggers on sessions and contacts record a changed list's event and one delivery per endpoint
 * that wants it, in the transaction of the write, whichever statement made it; the client's statements stay as
 * they were (one round trip for an SDK change). They follow events.ts (the data, `added` in the new list's
 * order, `removed` in the old's; nothing for a list left as it was) and endpoints.ts' `wantsEvent`. Function
 * bodies name the schema, since they run with the caller's search path.
 */
function recording(schema: string): string {
  const s = `"${schema}"`;
  return `
   CREATE FUNCTION ${s}.record_segments_event(website text, name text, id_key text, id text, old_list text[],
     new_list text[], at bigint) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     event_id text;
     added text[];
     removed text[];
     wanting text[];
     data json;
   BEGIN
     -- The common case, a website without webhooks, costs this one indexed read.
     IF NOT EXISTS (SELECT 1 FROM ${s}.webhook_endpoints e WHERE e.website_id = website AND e.enabled) THEN
       RETURN;
     END IF;
     added := ARRAY(SELECT x FROM unnest(new_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(old_list) ORDER BY i);
     SELECT array_agg(e.endpoint_id ORDER BY e.created_at, e.endpoint_id) INTO wanting FROM ${s}.webhook_endpoints e
     WHERE e.website_id = website AND e.enabled AND (cardinality(e.events) = 0 OR name = ANY(e.events))
       AND (cardinality(e.segments) = 0 OR e.segments && added);
     IF wanting IS NULL THEN
       RETURN;
     END IF;
     removed := ARRAY(SELECT x FROM unnest(old_list) WITH ORDINALITY AS u(x, i) WHERE x <> ALL(new_list) ORDER BY i);
     data := CASE WHEN id_key = 'session_id'
       THEN json_build_object('website_id', website, 'session_id', id, 'inbox_id', NULL, 'segments', new_list,
         'added', added, 'removed', removed)
       ELSE json_build_object('website_id', website, 'people_id', id, 'segments', new_list, 'added', added,
         'removed', removed) END;
     event_id := gen_random_uuid()::text;
     INSERT INTO ${s}.events (event_id, website_id, name, body, created_at) VALUES (event_id, website, name,
       json_build_object('website_id', website, 'event', name, 'data', data, 'timestamp', at)::text, at);
     INSERT INTO ${s}.webhook_deliveries (delivery_id, website_id, endpoint_id, event_id, event, state, attempts,
       started_at, next_attempt_at, created_at)
     SELECT gen_random_uuid()::text, website, w.endpoint_id, event_id, name, 'pending', 0, at, at, at
     FROM unnest(wanting) WITH ORDINALITY AS w(endpoint_id, i) ORDER BY w.i;
   END $$;
   CREATE FUNCTION ${s}.session_segments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM ${s}.record_segments_event(NEW.website_id, 'session:set_segments', 'session_id', NEW.session_id,
       CASE WHEN TG_OP = 'UPDATE' THEN OLD.segments ELSE '{}' END, NEW.segments, NEW.updated_at);
     RETURN NULL;
   END $$;
   CREATE FUNCTION ${s}.contact_segments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM ${s}.record_segments_event(NEW.website_id, 'people:set_segments', 'people_id', NEW.people_id,
       CASE WHEN TG_OP = 'UPDATE' THEN OLD.segments ELSE '{}' END, NEW.segments, NEW.updated_at);
     RETURN NULL;
   END $$;
   CREATE TRIGGER sessions_segments_inserted AFTER INSERT ON ${s}.sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION ${s}.session_segments_changed();
   CREATE TRIGGER sessions_segments_updated AFTER UPDATE OF segments ON ${s}.sessions
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION ${s}.session_segments_changed();
   CREATE TRIGGER contacts_segments_inserted AFTER INSERT ON ${s}.contacts
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION ${s}.contact_segments_changed();
   CREATE TRIGGER contacts_segments_updated AFTER UPDATE OF segments ON ${s}.contacts
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION ${s}.contact_segments_changed();`;
}

/**
 * The triggers ask first whether the website has an enabled endpoint, which `record_rules_event` asks too before
 * anything else: the common write, on a website without webhooks, then costs that one indexed read and not the two
 * nested calls it takes to reach it (about a sixth of a session write's time in the database, measured serially).
 */
function recordingWhenWanted(schema: string): string {
  const s = `"${schema}"`;
  const changed = (name: string, event: string, key: string, id: string) => `
   CREATE OR REPLACE FUNCTION ${s}.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM ${s}.webhook_endpoints e WHERE e.website_id = NEW.website_id AND e.enabled) THEN
       PERFORM ${s}.record_segments_event(NEW.website_id, '${event}', '${key}', NEW.${id},
         CASE WHEN TG_OP = 'UPDATE' THEN OLD.segments ELSE '{}' END, NEW.segments, NEW.updated_at);
     END IF;
     RETURN NULL;
   END $$;`;
  return (
    changed("session_segments_changed", "session:set_segments", "session_id", "session_id") +
    changed("contact_segments_changed", "people:set_segments", "people_id", "people_id")
  );
}

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
      await tx.unsafe(`SET LOCAL search_path TO "${schema}"; ${MIGRATIONS[step]?.(schema) ?? ""}`);
      await tx`INSERT INTO ${tx(schema)}.automations_migrations (step) VALUES (${step + 1})`;
    }
  });
}
