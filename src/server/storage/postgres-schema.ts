/** The PostgreSQL store's tables, created and migrated by the store itself, one instance at a time. */
import type postgres from "postgres";

/** The setting by which a connection's session writes mark their sessions in the statement, not by trigger. */
export const STATEMENT_MARKS = "crisp_segments.statement_marks";

/** Schema steps, run in order inside the store's schema. Append only: never edit a shipped step. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // `version` counts writes to a row: a write names the version it decided on, so a racing write is retried.
  // The GIN index serves "sessions carrying segment X" (`segments @> ARRAY[...]`); the B-tree, "newest first".
  `CREATE TABLE sessions (
     website_id text NOT NULL,
     session_id text NOT NULL,
     segments text[] NOT NULL,
     revision bigint NOT NULL,
     version bigint NOT NULL,
     updated_at bigint NOT NULL,
     PRIMARY KEY (website_id, session_id)
   );
   CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC, session_id);
   CREATE INDEX sessions_by_segment ON sessions USING gin (segments);`,
  // The team's side. Emails and search text are keyed in JavaScript (lower-cased) so that every store compares
  // them alike; the GIN index serves contacts' segment filters as sessions_by_segment serves conversations'.
  // Larger statistics keep rare segments among the most common elements: at the default, a segment on 1 row in
  // 10,000 was estimated at 1,000 rows and the planner walked the newest-first index instead (54 ms at 200,000).
  `CREATE TABLE conversation_metas (
     website_id text NOT NULL,
     session_id text NOT NULL,
     meta jsonb NOT NULL,
     email_key text,
     PRIMARY KEY (website_id, session_id)
   );
   CREATE INDEX conversation_metas_by_email ON conversation_metas (website_id, email_key);
   CREATE TABLE contacts (
     website_id text NOT NULL,
     people_id text NOT NULL,
     email text NOT NULL,
     email_key text NOT NULL,
     nickname text NOT NULL,
     search_key text NOT NULL,
     segments text[] NOT NULL,
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL,
     PRIMARY KEY (website_id, people_id)
   );
   CREATE UNIQUE INDEX contacts_by_email ON contacts (website_id, email_key);
   CREATE INDEX contacts_by_update ON contacts (website_id, updated_at DESC, people_id);
   CREATE INDEX contacts_by_segment ON contacts USING gin (segments);
   ALTER TABLE sessions ALTER COLUMN segments SET STATISTICS 1000;
   ALTER TABLE contacts ALTER COLUMN segments SET STATISTICS 1000;`,
  // Suggestions read segment_counts through its index, a page at a time. A write does not touch a count (every
  // write carrying "lead" would queue on that one row): its trigger appends the moves, and they are folded into
  // the counts before each read and every few seconds (postgres-segment-counts.ts). Conversations given only a
  // meta get a session row (no segments, revision 0), so that the list walks one index.
  `INSERT INTO sessions (website_id, session_id, segments, revision, version, updated_at)
   SELECT website_id, session_id, '{}', 0, 0, (extract(epoch FROM now()) * 1000)::bigint FROM conversation_metas
   ON CONFLICT DO NOTHING;
   CREATE TABLE segment_counts (
     website_id text NOT NULL, kind text NOT NULL, segment text NOT NULL, count bigint NOT NULL,
     PRIMARY KEY (website_id, kind, segment)
   );
   CREATE INDEX segment_counts_by_count ON segment_counts (website_id, kind, count DESC, segment COLLATE "C");
   CREATE TABLE segment_count_moves (website_id text NOT NULL, kind text NOT NULL, segment text NOT NULL, move integer NOT NULL);
   INSERT INTO segment_counts SELECT website_id, 'conversations', segment, count(*)
     FROM sessions, unnest(segments) AS segment GROUP BY website_id, segment;
   INSERT INTO segment_counts SELECT website_id, 'contacts', segment, count(*)
     FROM contacts, unnest(segments) AS segment GROUP BY website_id, segment;
   CREATE FUNCTION segment_counts_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       INSERT INTO segment_count_moves SELECT NEW.website_id, TG_ARGV[0], s, 1 FROM unnest(NEW.segments) AS s;
     ELSIF TG_OP = 'DELETE' THEN
       INSERT INTO segment_count_moves SELECT OLD.website_id, TG_ARGV[0], s, -1 FROM unnest(OLD.segments) AS s;
     ELSE
       INSERT INTO segment_count_moves
       SELECT OLD.website_id, TG_ARGV[0], s, -1 FROM unnest(OLD.segments) AS s WHERE NOT s = ANY (NEW.segments)
       UNION ALL
       SELECT NEW.website_id, TG_ARGV[0], s, 1 FROM unnest(NEW.segments) AS s WHERE NOT s = ANY (OLD.segments);
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER sessions_counted_inserted AFTER INSERT ON sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION segment_counts_moved('conversations');
   CREATE TRIGGER sessions_counted_updated AFTER UPDATE OF segments ON sessions
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION segment_counts_moved('conversations');
   CREATE TRIGGER sessions_counted_deleted AFTER DELETE ON sessions
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION segment_counts_moved('conversations');
   CREATE TRIGGER contacts_counted_inserted AFTER INSERT ON contacts
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION segment_counts_moved('contacts');
   CREATE TRIGGER contacts_counted_updated AFTER UPDATE OF segments ON contacts
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments) EXECUTE FUNCTION segment_counts_moved('contacts');
   CREATE TRIGGER contacts_counted_deleted AFTER DELETE ON contacts
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION segment_counts_moved('contacts');`,
  // Filtered lists walk each segment's entries in list order: one row per (segment, row) carrying the row's
  // updated_at, indexed (website, segment, newest first, id), so that a page of one segment is a range of that
  // index, not a sort of all its rows. A row's entries share its updated_at, so "does x carry segment y" is one
  // probe of the same index. Sessions are the hot write path: a write only leaves a mark (by trigger) and the
  // entries of marked sessions are rebuilt a moment later and before any filtered read (postgres-segment-index.ts),
  // once however often a session was written in between. Contacts, written rarely, keep their entries by trigger.
  `CREATE TABLE session_segments (
     website_id text NOT NULL, segment text NOT NULL, updated_at bigint NOT NULL, session_id text NOT NULL
   );
   INSERT INTO session_segments SELECT DISTINCT website_id, segment, updated_at, session_id
     FROM sessions, unnest(segments) AS segment;
   CREATE INDEX session_segments_in_order ON session_segments (website_id, segment, updated_at DESC, session_id);
   CREATE INDEX session_segments_by_session ON session_segments (website_id, session_id);
   CREATE TABLE session_marks (website_id text NOT NULL, session_id text NOT NULL);
   CREATE FUNCTION session_marked() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP = 'DELETE' THEN
       INSERT INTO session_marks VALUES (OLD.website_id, OLD.session_id);
     ELSE
       INSERT INTO session_marks VALUES (NEW.website_id, NEW.session_id);
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER sessions_marked_inserted AFTER INSERT ON sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION session_marked();
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments, updated_at ON sessions
     FOR EACH ROW WHEN ((OLD.segments IS DISTINCT FROM NEW.segments OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
       AND (cardinality(OLD.segments) > 0 OR cardinality(NEW.segments) > 0)) EXECUTE FUNCTION session_marked();
   CREATE TRIGGER sessions_marked_deleted AFTER DELETE ON sessions
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION session_marked();
   -- One fold at a time (the advisory lock), each statement after the lock seeing the folds before it. A mark
   -- taken is one committed before this statement's snapshot, whose session is then read as of that snapshot
   -- or later; a write committed meanwhile leaves a mark of its own for the next fold.
   CREATE FUNCTION index_marked_sessions() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM session_marks) THEN RETURN; END IF;
     PERFORM pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':index'));
     WITH marked AS (DELETE FROM session_marks RETURNING website_id, session_id),
     keys AS (SELECT DISTINCT website_id, session_id FROM marked),
     gone AS (DELETE FROM session_segments x USING keys k
       WHERE x.website_id = k.website_id AND x.session_id = k.session_id)
     INSERT INTO session_segments (website_id, segment, updated_at, session_id)
     SELECT DISTINCT s.website_id, segment, s.updated_at, s.session_id
     FROM keys k JOIN sessions s ON s.website_id = k.website_id AND s.session_id = k.session_id,
       unnest(s.segments) AS segment;
   END $$;
   CREATE TABLE contact_segments (
     website_id text NOT NULL, segment text NOT NULL, updated_at bigint NOT NULL, people_id text NOT NULL
   );
   INSERT INTO contact_segments SELECT DISTINCT website_id, segment, updated_at, people_id
     FROM contacts, unnest(segments) AS segment;
   CREATE INDEX contact_segments_in_order ON contact_segments (website_id, segment, updated_at DESC, people_id);
   CREATE FUNCTION contact_segments_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       DELETE FROM contact_segments WHERE website_id = OLD.website_id AND segment = ANY (OLD.segments)
         AND updated_at = OLD.updated_at AND people_id = OLD.people_id;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       INSERT INTO contact_segments SELECT DISTINCT NEW.website_id, segment, NEW.updated_at, NEW.people_id
         FROM unnest(NEW.segments) AS segment;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER contacts_listed_inserted AFTER INSERT ON contacts
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0) EXECUTE FUNCTION contact_segments_moved();
   CREATE TRIGGER contacts_listed_updated AFTER UPDATE OF segments, updated_at ON contacts
     FOR EACH ROW WHEN (OLD.segments IS DISTINCT FROM NEW.segments OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
     EXECUTE FUNCTION contact_segments_moved();
   CREATE TRIGGER contacts_listed_deleted AFTER DELETE ON contacts
     FOR EACH ROW WHEN (cardinality(OLD.segments) > 0) EXECUTE FUNCTION contact_segments_moved();`,
  // The conversations' counts move with their entries: the rebuild, which deletes a marked session's entries and
  // inserts its new ones, adds their difference to segment_counts, so that a session's write appends its mark and
  // no moves (the moves trigger cost a fifth of a write's time in the database). The counts are made again from the
  // entries, which they then stay equal to, while no fold of either runs (the two advisory locks); the moves left
  // by writes before the triggers went are dropped, and those writes' marks bring them into the counts.
  // The store's own write statement appends its mark (a third of what the trigger cost), on connections that
  // say so (crisp_segments.statement_marks); the trigger still marks every other writer's rows, an instance of the
  // version before among them. A store step that writes sessions must mark them itself.
  `SELECT pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':index'));
   SELECT pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':counts'));
   DROP TRIGGER sessions_counted_inserted ON sessions;
   DROP TRIGGER sessions_counted_updated ON sessions;
   DROP TRIGGER sessions_counted_deleted ON sessions;
   DROP TRIGGER sessions_marked_inserted ON sessions;
   DROP TRIGGER sessions_marked_updated ON sessions;
   CREATE TRIGGER sessions_marked_inserted AFTER INSERT ON sessions
     FOR EACH ROW WHEN (cardinality(NEW.segments) > 0
       AND current_setting('${STATEMENT_MARKS}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION session_marked();
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments, updated_at ON sessions
     FOR EACH ROW WHEN ((OLD.segments IS DISTINCT FROM NEW.segments OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
       AND (cardinality(OLD.segments) > 0 OR cardinality(NEW.segments) > 0)
       AND current_setting('${STATEMENT_MARKS}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION session_marked();
   DELETE FROM segment_count_moves WHERE kind = 'conversations';
   DELETE FROM segment_counts WHERE kind = 'conversations';
   INSERT INTO segment_counts SELECT website_id, 'conversations', segment, count(*)
     FROM session_segments GROUP BY website_id, segment;
   -- The counts' rows are taken in one order (segment_counts' key), and only folds of the same kind, serialised by
   -- the advisory lock, move conversations' counts: two folds never deadlock. A count down to 0 is deleted.
   CREATE OR REPLACE FUNCTION index_marked_sessions() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   DECLARE
     emptied_websites text[];
     emptied_segments text[];
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM session_marks) THEN RETURN; END IF;
     PERFORM pg_advisory_xact_lock(hashtext('crisp-segments:' || current_schema() || ':index'));
     WITH marked AS (DELETE FROM session_marks RETURNING website_id, session_id),
     keys AS (SELECT DISTINCT website_id, session_id FROM marked),
     gone AS (DELETE FROM session_segments x USING keys k
       WHERE x.website_id = k.website_id AND x.session_id = k.session_id RETURNING x.website_id, x.segment),
     made AS (INSERT INTO session_segments (website_id, segment, updated_at, session_id)
       SELECT DISTINCT s.website_id, segment, s.updated_at, s.session_id
       FROM keys k JOIN sessions s ON s.website_id = k.website_id AND s.session_id = k.session_id,
         unnest(s.segments) AS segment
       RETURNING website_id, segment),
     moved AS (SELECT website_id, segment, sum(move) AS move
       FROM (SELECT website_id, segment, -1 AS move FROM gone UNION ALL SELECT website_id, segment, 1 FROM made) m
       GROUP BY website_id, segment HAVING sum(move) <> 0),
     counted AS (INSERT INTO segment_counts AS c (website_id, kind, segment, count)
       SELECT website_id, 'conversations', segment, move FROM moved ORDER BY website_id, segment
       ON CONFLICT (website_id, kind, segment) DO UPDATE SET count = c.count + excluded.count
       RETURNING c.website_id, c.segment, c.count)
     SELECT array_agg(website_id), array_agg(segment) INTO emptied_websites, emptied_segments
     FROM counted WHERE count <= 0;
     IF emptied_websites IS NOT NULL THEN
       DELETE FROM segment_counts WHERE kind = 'conversations' AND (website_id, segment) IN
         (SELECT * FROM unnest(emptied_websites, emptied_segments)) AND count <= 0;
     END IF;
   END $$;`,
];

export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** The schema name, checked: it is written into statements and channel names, never bound as a parameter. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema "${schema}" is not 1 to 48 lower-case letters, digits or _ (starting with no digit)`);
  }
  return schema;
}

/**
 * Brings `schema` to the current version in one transaction. The advisory lock makes instances that start at
 * once take turns: the second finds the work done. `migrations` logs each run by the version it reached.
 */
export async function migrate(sql: postgres.Sql, schema: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}`}))`;
    await tx.unsafe(
      `CREATE SCHEMA IF NOT EXISTS "${schema}";
       CREATE TABLE IF NOT EXISTS "${schema}".migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const [row] = await tx<{ done: number }[]>`SELECT coalesce(max(step), 0) AS done FROM ${tx(schema)}.migrations`;
    const done = row?.done ?? 0;
    if (done > POSTGRES_SCHEMA_VERSION) {
      throw new Error(`schema "${schema}" is at version ${done}; this code knows up to ${POSTGRES_SCHEMA_VERSION}`);
    }
    if (done === POSTGRES_SCHEMA_VERSION) return;
    for (let step = done; step < POSTGRES_SCHEMA_VERSION; step++) {
      await tx.unsafe(`SET LOCAL search_path TO "${schema}"; ${POSTGRES_MIGRATIONS[step] ?? ""}`);
    }
    await tx`INSERT INTO ${tx(schema)}.migrations (step) VALUES (${POSTGRES_SCHEMA_VERSION})`;
  });
}
