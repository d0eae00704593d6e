/** The SQLite store's tables, migrated in steps, and how a stored list is read back. */
import type Database from "better-sqlite3";

/**
 * Schema steps; `PRAGMA user_version` holds how many have run. Append only: never edit a shipped step. Exported
 * so that tests can build a file as an older version left it.
 */
export const MIGRATIONS: readonly string[] = [
  // The list is read and written whole, as the protocol does, so one JSON array per session is enough.
  `CREATE TABLE sessions (
     website_id TEXT NOT NULL,
     session_id TEXT NOT NULL,
     segments TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC);`,
  // The team's side. Lists stay JSON arrays, read whole; the *_segments side tables, one row per (segment, row),
  // are the index that filters and counts use, and segment_counts answers "segments in use, most used first" a page
  // at a time. Sessions, the hot write path, are indexed by the store shortly after they are written (`indexed`
  // is the list as last indexed; sqlite-segment-index.ts); contacts, written rarely, by triggers. contact_search
  // (FTS5 trigrams, keyed by contact_rows' integer ids) finds contacts whose email or nickname contains a text.
  // Emails and search text are keyed in JavaScript (lower-cased) so that every store compares them alike.
  `CREATE TABLE conversation_metas (
     website_id TEXT NOT NULL,
     session_id TEXT NOT NULL,
     meta TEXT NOT NULL,
     email_key TEXT,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX conversation_metas_by_email ON conversation_metas (website_id, email_key);
   CREATE TABLE contacts (
     website_id TEXT NOT NULL,
     people_id TEXT NOT NULL,
     email TEXT NOT NULL,
     email_key TEXT NOT NULL,
     nickname TEXT NOT NULL,
     search_key TEXT NOT NULL,
     segments TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, people_id)
   ) STRICT, WITHOUT ROWID;
   CREATE UNIQUE INDEX contacts_by_email ON contacts (website_id, email_key);
   CREATE INDEX contacts_by_update ON contacts (website_id, updated_at DESC);
   CREATE TABLE contact_rows (
     id INTEGER PRIMARY KEY, website_id TEXT NOT NULL, people_id TEXT NOT NULL, UNIQUE (website_id, people_id)
   ) STRICT;
   CREATE VIRTUAL TABLE contact_search USING fts5(
     search_key, content = '', contentless_delete = 1, tokenize = 'trigram'
   );
   CREATE TRIGGER contacts_search_inserted AFTER INSERT ON contacts BEGIN
     INSERT INTO contact_rows (website_id, people_id) VALUES (NEW.website_id, NEW.people_id);
     INSERT INTO contact_search (rowid, search_key) VALUES (last_insert_rowid(), NEW.search_key);
   END;
   CREATE TRIGGER contacts_search_updated AFTER UPDATE OF search_key ON contacts
   WHEN OLD.search_key IS NOT NEW.search_key BEGIN
     DELETE FROM contact_search WHERE rowid =
       (SELECT id FROM contact_rows WHERE website_id = OLD.website_id AND people_id = OLD.people_id);
     INSERT INTO contact_search (rowid, search_key) SELECT id, NEW.search_key FROM contact_rows
       WHERE website_id = NEW.website_id AND people_id = NEW.people_id;
   END;
   CREATE TRIGGER contacts_search_deleted AFTER DELETE ON contacts BEGIN
     DELETE FROM contact_search WHERE rowid =
       (SELECT id FROM contact_rows WHERE website_id = OLD.website_id AND people_id = OLD.people_id);
     DELETE FROM contact_rows WHERE website_id = OLD.website_id AND people_id = OLD.people_id;
   END;
   CREATE TABLE session_segments (
     website_id TEXT NOT NULL, segment TEXT NOT NULL, session_id TEXT NOT NULL,
     PRIMARY KEY (website_id, segment, session_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE contact_segments (
     website_id TEXT NOT NULL, segment TEXT NOT NULL, people_id TEXT NOT NULL,
     PRIMARY KEY (website_id, segment, people_id)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX contact_segments_by_contact ON contact_segments (website_id, people_id);
   INSERT INTO session_segments SELECT s.website_id, j.value, s.session_id FROM sessions s, json_each(s.segments) j;
   ALTER TABLE sessions ADD COLUMN indexed TEXT NOT NULL DEFAULT '[]';
   UPDATE sessions SET indexed = segments;
   CREATE INDEX sessions_unindexed ON sessions (website_id, session_id) WHERE indexed IS NOT segments;
   CREATE TRIGGER contacts_segments_inserted AFTER INSERT ON contacts BEGIN
     INSERT INTO contact_segments SELECT NEW.website_id, value, NEW.people_id FROM json_each(NEW.segments);
   END;
   CREATE TRIGGER contacts_segments_updated AFTER UPDATE OF segments ON contacts
   WHEN OLD.segments IS NOT NEW.segments BEGIN
     DELETE FROM contact_segments WHERE website_id = OLD.website_id AND people_id = OLD.people_id
       AND segment NOT IN (SELECT value FROM json_each(NEW.segments));
     INSERT INTO contact_segments SELECT NEW.website_id, value, NEW.people_id FROM json_each(NEW.segments)
       WHERE value NOT IN (SELECT segment FROM contact_segments WHERE website_id = NEW.website_id AND people_id = NEW.people_id);
   END;
   CREATE TRIGGER contacts_segments_deleted AFTER DELETE ON contacts BEGIN
     DELETE FROM contact_segments WHERE website_id = OLD.website_id AND people_id = OLD.people_id;
   END;
   CREATE TABLE segment_counts (
     website_id TEXT NOT NULL, kind TEXT NOT NULL, segment TEXT NOT NULL, count INTEGER NOT NULL,
     PRIMARY KEY (website_id, kind, segment)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX segment_counts_by_count ON segment_counts (website_id, kind, count DESC, segment);
   INSERT INTO segment_counts
   SELECT website_id, 'conversations', segment, count(*) FROM session_segments GROUP BY website_id, segment;
   CREATE TRIGGER contact_segments_counted AFTER INSERT ON contact_segments BEGIN
     INSERT INTO segment_counts VALUES (NEW.website_id, 'contacts', NEW.segment, 1)
     ON CONFLICT DO UPDATE SET count = count + 1;
   END;
   CREATE TRIGGER contact_segments_uncounted AFTER DELETE ON contact_segments BEGIN
     UPDATE segment_counts SET count = count - 1
     WHERE website_id = OLD.website_id AND kind = 'contacts' AND segment = OLD.segment;
     DELETE FROM segment_counts
     WHERE website_id = OLD.website_id AND kind = 'contacts' AND segment = OLD.segment AND count = 0;
   END;`,
  // Sessions' marks move from a column of the row to a small table of their own, written by triggers: the
  // catch-up then clears one small table instead of rewriting every session row it indexed (a second random page
  // of the big table per change), and the rows shrink back to one copy of their list. A mark holds the list as
  // last indexed; a session written again before the catch-up keeps its first mark.
  `CREATE TABLE session_marks (
     website_id TEXT NOT NULL, session_id TEXT NOT NULL, indexed TEXT NOT NULL,
     PRIMARY KEY (website_id, session_id)
   ) STRICT, WITHOUT ROWID;
   INSERT INTO session_marks SELECT website_id, session_id, indexed FROM sessions WHERE indexed IS NOT segments;
   DROP INDEX sessions_unindexed;
   ALTER TABLE sessions DROP COLUMN indexed;
   CREATE TRIGGER sessions_marked_inserted AFTER INSERT ON sessions WHEN NEW.segments IS NOT '[]' BEGIN
     INSERT INTO session_marks VALUES (NEW.website_id, NEW.session_id, '[]') ON CONFLICT DO NOTHING;
   END;
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments ON sessions
   WHEN OLD.segments IS NOT NEW.segments BEGIN
     INSERT INTO session_marks VALUES (OLD.website_id, OLD.session_id, OLD.segments) ON CONFLICT DO NOTHING;
   END;`,
  // A conversation given only a meta is listed: it gets a session row (no segments, revision 0, as a session
  // never seen reads), so that the list walks one index. The store writes that row with the meta from now on.
  `INSERT INTO sessions (website_id, session_id, segments, revision, updated_at)
   SELECT website_id, session_id, '[]', 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
   FROM conversation_metas WHERE true ON CONFLICT DO NOTHING;`,
  // Filtered lists walk an index in the list's order: each side table's row carries its row's updated_at, indexed
  // (segment, newest first, id), so that a page of one segment's rows is a range of it, not a sort of them all. A
  // session whose updated_at moves is marked as a change of its list is (when it has segments), and the catch-up
  // moves its entries; contacts' triggers move theirs in the write.
  `ALTER TABLE session_segments ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
   UPDATE session_segments SET updated_at = coalesce((SELECT s.updated_at FROM sessions s
     WHERE s.website_id = session_segments.website_id AND s.session_id = session_segments.session_id), 0);
   CREATE INDEX session_segments_in_order ON session_segments (website_id, segment, updated_at DESC, session_id);
   DROP TRIGGER sessions_marked_updated;
   CREATE TRIGGER sessions_marked_updated AFTER UPDATE OF segments, updated_at ON sessions
   WHEN (OLD.segments IS NOT NEW.segments OR OLD.updated_at IS NOT NEW.updated_at)
     AND (OLD.segments IS NOT '[]' OR NEW.segments IS NOT '[]') BEGIN
     INSERT INTO session_marks VALUES (OLD.website_id, OLD.session_id, OLD.segments) ON CONFLICT DO NOTHING;
   END;
   ALTER TABLE contact_segments ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
   UPDATE contact_segments SET updated_at = coalesce((SELECT c.updated_at FROM contacts c
     WHERE c.website_id = contact_segments.website_id AND c.people_id = contact_segments.people_id), 0);
   CREATE INDEX contact_segments_in_order ON contact_segments (website_id, segment, updated_at DESC, people_id);
   DROP TRIGGER contacts_segments_inserted;
   CREATE TRIGGER contacts_segments_inserted AFTER INSERT ON contacts BEGIN
     INSERT INTO contact_segments (website_id, segment, people_id, updated_at)
     SELECT NEW.website_id, value, NEW.people_id, NEW.updated_at FROM json_each(NEW.segments);
   END;
   DROP TRIGGER contacts_segments_updated;
   CREATE TRIGGER contacts_segments_updated AFTER UPDATE OF segments, updated_at ON contacts
   WHEN OLD.segments IS NOT NEW.segments OR OLD.updated_at IS NOT NEW.updated_at BEGIN
     DELETE FROM contact_segments WHERE website_id = OLD.website_id AND people_id = OLD.people_id
       AND segment NOT IN (SELECT value FROM json_each(NEW.segments));
     UPDATE contact_segments SET updated_at = NEW.updated_at
       WHERE website_id = NEW.website_id AND people_id = NEW.people_id AND updated_at IS NOT NEW.updated_at;
     INSERT INTO contact_segments (website_id, segment, people_id, updated_at)
     SELECT NEW.website_id, value, NEW.people_id, NEW.updated_at FROM json_each(NEW.segments)
       WHERE value NOT IN (SELECT segment FROM contact_segments WHERE website_id = NEW.website_id AND people_id = NEW.people_id);
   END;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  db.transaction(() => {
    // Read inside the write lock: another process opening the same file may have migrated it meanwhile.
    const version = Number(db.pragma("user_version", { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`segments database has schema ${version}; this code knows up to ${SCHEMA_VERSION}`);
    }
    for (let step = version; step < SCHEMA_VERSION; step++) {
      db.exec(MIGRATIONS[step] ?? "");
      db.pragma(`user_version = ${step + 1}`);
    }
  }).immediate();
}

/** Lists are read back defensively: a damaged file must fail loudly, not feed odd values to visitors. */
export function readList(text: string): string[] {
  const segments: unknown = JSON.parse(text);
  if (!Array.isArray(segments) || !segments.every((s): s is string => typeof s === "string")) {
    throw new Error("segments database holds a malformed segment list");
  }
  return segments;
}
