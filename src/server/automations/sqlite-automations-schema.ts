/**
 * The automations' tables on SQLite, migrated on a track of their own (the `automations_migrations` table), so
 * that they never contend with the sessions' steps for `PRAGMA user_version`. Run inside the store's opening.
 */
import type Database from "better-sqlite3";

/** Append only: never edit a shipped step. */
const MIGRATIONS: readonly string[] = [
  // Filters are JSON arrays, read with the endpoints of a website in every write that changes a list there.
  // Deliveries keep an integer key for "newest first"; the partial indexes find the due ones among
  // the pending, and the delivered ones old enough to prune; events go once no delivery needs them.
  `CREATE TABLE webhook_endpoints (
     website_id TEXT NOT NULL,
     endpoint_id TEXT NOT NULL,
     url TEXT NOT NULL,
     secret TEXT NOT NULL,
     events TEXT NOT NULL,
     segments TEXT NOT NULL,
     enabled INTEGER NOT NULL,
     disabled_reason TEXT,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (website_id, endpoint_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE events (
     event_id TEXT PRIMARY KEY,
     website_id TEXT NOT NULL,
     name TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE webhook_deliveries (
     seq INTEGER PRIMARY KEY,
     delivery_id TEXT NOT NULL UNIQUE,
     website_id TEXT NOT NULL,
     endpoint_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     event TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     started_at INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     last_status INTEGER,
     last_error TEXT,
     claim TEXT,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
   CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (website_id, endpoint_id, seq);
   CREATE INDEX webhook_deliveries_by_website ON webhook_deliveries (website_id, seq);
   CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
   CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (next_attempt_at) WHERE state = 'delivered';
   CREATE INDEX events_by_time ON events (created_at);`,
  // Rules: a row per website that has any (an empty list deletes it), and a version every process checks once per
  // write transaction to know when to reload them (sqlite-rules.ts).
  `CREATE TABLE rule_lists (
     website_id TEXT PRIMARY KEY,
     rules TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE rule_lists_version (
     only INTEGER PRIMARY KEY CHECK (only = 1),
     version INTEGER NOT NULL
   ) STRICT;
   INSERT INTO rule_lists_version VALUES (1, 0);`,
];

export function migrateAutomations(db: Database.Database): void {
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS automations_migrations (step INTEGER PRIMARY KEY) STRICT");
    const done = db.prepare<[], { done: number }>("SELECT coalesce(max(step), 0) AS done FROM automations_migrations");
    const version = done.get()?.done ?? 0;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `segments database has automations schema ${version}; this code knows up to ${MIGRATIONS.length}`,
      );
    }
    for (let step = version; step < MIGRATIONS.length; step++) {
      db.exec(MIGRATIONS[step] ?? "");
      db.prepare("INSERT INTO automations_migrations (step) VALUES (?)").run(step + 1);
    }
  }).immediate();
}
