// @vitest-environment node
/** A database written by the version before the team store opens with its sessions found by the new filters. */
import { join } from "node:path";
import Database from "better-sqlite3";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from "../../../src/server/storage/postgres-schema";
import { MIGRATIONS } from "../../../src/server/storage/sqlite-schema";
import { createSqliteStore, SCHEMA_VERSION } from "../../../src/server/storage/sqlite-store";
import { DATABASE_URL, postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import { tempFolder } from "./store-factories";

const WEBSITE = "site";
const RARE = { filter: { segments: ["vip"], match: "all" as const }, page: 1, perPage: 20 };

describe("sqlite schema 1 to 2", () => {
  it("indexes the sessions already stored, then keeps the index as they change", async () => {
    const filename = join(tempFolder(), "segments.db");
    const db = new Database(filename);
    db.exec(`CREATE TABLE sessions (website_id TEXT NOT NULL, session_id TEXT NOT NULL, segments TEXT NOT NULL,
       revision INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (website_id, session_id)) STRICT, WITHOUT ROWID;
     CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC);
     INSERT INTO sessions VALUES ('site', 'session_a', '["vip","lead"]', 3, 10), ('site', 'session_b', '["lead"]', 1, 20);
     PRAGMA user_version = 1;`);
    db.close();
    const store = createSqliteStore({ filename });
    expect((await store.listConversations(WEBSITE, RARE)).map((row) => row.sessionId)).toEqual(["session_a"]);
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 5 })).toEqual([
      { segment: "lead", count: 2 },
      { segment: "vip", count: 1 },
    ]);
    await store.applyChange(WEBSITE, "session_a", 4, { overwrite: true, segments: ["lead"] });
    expect(await store.listConversations(WEBSITE, RARE)).toEqual([]);
    store.close();
    const reopened = new Database(filename, { readonly: true });
    expect(reopened.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    reopened.close();
  });
});

describe("sqlite schema 2 to 3", () => {
  it("keeps a session written but not yet indexed, and indexes it from its mark", async () => {
    const filename = join(tempFolder(), "segments.db");
    const db = new Database(filename);
    for (const step of MIGRATIONS.slice(0, 2)) db.exec(step);
    // session_a was indexed; session_b was written (from ["lead"] to ["vip"]) and its catch-up never ran.
    db.exec(`INSERT INTO sessions VALUES ('site', 'session_a', '["vip","lead"]', 3, 10, '["vip","lead"]'),
       ('site', 'session_b', '["vip"]', 2, 20, '["lead"]');
     INSERT INTO session_segments VALUES ('site', 'vip', 'session_a'), ('site', 'lead', 'session_a'),
       ('site', 'lead', 'session_b');
     INSERT INTO segment_counts VALUES ('site', 'conversations', 'lead', 2), ('site', 'conversations', 'vip', 1);
     PRAGMA user_version = 2;`);
    db.close();
    const store = createSqliteStore({ filename });
    const listed = await store.listConversations(WEBSITE, RARE);
    expect(listed.map((row) => [row.sessionId, row.segments])).toEqual([
      ["session_b", ["vip"]],
      ["session_a", ["vip", "lead"]],
    ]);
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 5 })).toEqual([
      { segment: "vip", count: 2 },
      { segment: "lead", count: 1 },
    ]);
    store.close();
    const reopened = new Database(filename, { readonly: true });
    const columns = reopened.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('sessions')").all();
    expect(columns.map((column) => column.name)).not.toContain("indexed");
    expect(reopened.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    reopened.close();
  });
});

describe.skipIf(!postgresReachable)("postgres schema 1 to 2", () => {
  it("adds the team's tables to a schema of step 1, logging the run", async () => {
    const schema = testSchema();
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}";
        CREATE TABLE migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO migrations (step) VALUES (1);
        CREATE TABLE sessions (website_id text NOT NULL, session_id text NOT NULL, segments text[] NOT NULL,
          revision bigint NOT NULL, version bigint NOT NULL, updated_at bigint NOT NULL,
          PRIMARY KEY (website_id, session_id));
        INSERT INTO sessions VALUES ('site', 'session_a', ARRAY['vip'], 3, 1, 10);`);
      const store = await postgresStore(schema);
      expect((await store.listConversations(WEBSITE, RARE)).map((row) => row.sessionId)).toEqual(["session_a"]);
      expect((await store.createContact(WEBSITE, { email: "ada@example.com" })).reason).toBe("updated");
      const steps = await sql`SELECT step FROM ${sql(schema)}.migrations ORDER BY step`;
      expect(steps.map((row) => row.step)).toEqual([1, POSTGRES_SCHEMA_VERSION]);
    } finally {
      await sql.end();
    }
  });
});

describe.skipIf(!postgresReachable)("postgres schema 3 to 4", () => {
  it("fills the segments' ordered entries from the rows already stored, then keeps them as rows change", async () => {
    const schema = testSchema();
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    const people = (id: number) => `00000000-0000-4000-8000-00000000000${id}`;
    try {
      await sql.unsafe(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}";
        CREATE TABLE migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        ${POSTGRES_MIGRATIONS.slice(0, 3).join(";\n")};
        INSERT INTO migrations (step) VALUES (3);
        INSERT INTO sessions VALUES ('site', 'session_a', ARRAY['vip', 'lead'], 3, 1, 10),
          ('site', 'session_b', ARRAY['lead'], 1, 1, 20), ('site', 'session_c', '{}', 0, 0, 30);
        INSERT INTO contacts VALUES
          ('site', '${people(1)}', 'ada@example.com', 'ada@example.com', 'Ada', 'ada@example.com ada', ARRAY['vip'], 5, 10),
          ('site', '${people(2)}', 'bo@example.com', 'bo@example.com', 'Bo', 'bo@example.com bo', ARRAY['lead', 'vip'], 5, 30);`);
      const store = await postgresStore(schema);
      const conversations = async (segments: string[], match: "all" | "any") =>
        (await store.listConversations(WEBSITE, { filter: { segments, match }, page: 1, perPage: 20 })).map(
          (row) => row.sessionId,
        );
      const contacts = async (segments: string[], match: "all" | "any") =>
        (await store.listContacts(WEBSITE, { filter: { segments, match }, page: 1, perPage: 20 })).map(
          (row) => row.peopleId,
        );
      expect(await conversations(["vip"], "all")).toEqual(["session_a"]);
      expect(await conversations(["vip", "lead"], "any")).toEqual(["session_b", "session_a"]);
      expect(await contacts(["vip"], "all")).toEqual([people(2), people(1)]);
      expect(await contacts(["vip", "lead"], "all")).toEqual([people(2)]);
      // Written after the migration: a session's new segment, and its move to the top; a contact's lost segment.
      await store.edit(WEBSITE, "session_a", { overwrite: false, segments: [], remove: ["lead"] });
      await store.edit(WEBSITE, "session_b", { overwrite: false, segments: ["vip"], remove: [] });
      expect(await conversations(["vip"], "all")).toEqual(["session_b", "session_a"]);
      expect(await conversations(["lead"], "all")).toEqual(["session_b"]);
      await store.updateContact(WEBSITE, people(2), { segments: { overwrite: true, segments: ["lead"] } });
      expect(await contacts(["vip"], "all")).toEqual([people(1)]);
      await store.deleteContact(WEBSITE, people(1));
      expect(await contacts(["vip", "lead"], "any")).toEqual([people(2)]);
      const steps = await sql`SELECT step FROM ${sql(schema)}.migrations ORDER BY step`;
      expect(steps.map((row) => row.step)).toEqual([3, POSTGRES_SCHEMA_VERSION]);
    } finally {
      await sql.end();
    }
  });
});

describe.skipIf(!postgresReachable)("postgres schema 4 to 5", () => {
  it("counts the conversations from their entries, whichever of their marks and moves were folded", async () => {
    const schema = testSchema();
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      // Rows as step 4's triggers and folds leave them (triggers off, to write each table as it stood): session_a
      // folded, session_b's write not folded, session_e's mark folded but not its moves, session_f's moves but
      // not its mark. The counts are then lead 2, vip 1, and the sessions carry lead 3 times and vip twice.
      await sql.unsafe(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}";
        CREATE TABLE migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        ${POSTGRES_MIGRATIONS.slice(0, 4).join(";\n")};
        INSERT INTO migrations (step) VALUES (4);
        SET session_replication_role = replica;
        INSERT INTO sessions VALUES ('site', 'session_a', ARRAY['vip', 'lead'], 3, 1, 10),
          ('site', 'session_b', ARRAY['lead'], 1, 1, 20), ('site', 'session_e', ARRAY['vip'], 1, 1, 30),
          ('site', 'session_f', ARRAY['lead'], 1, 1, 40);
        INSERT INTO session_segments VALUES ('site', 'vip', 10, 'session_a'), ('site', 'lead', 10, 'session_a'),
          ('site', 'vip', 30, 'session_e');
        INSERT INTO segment_counts VALUES ('site', 'conversations', 'lead', 2), ('site', 'conversations', 'vip', 1);
        INSERT INTO segment_count_moves VALUES ('site', 'conversations', 'lead', 1), ('site', 'conversations', 'vip', 1);
        INSERT INTO session_marks VALUES ('site', 'session_b'), ('site', 'session_f');
        SET session_replication_role = origin;`);
      const store = await postgresStore(schema);
      const suggested = () => store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 5 });
      // The contacts' suggestions fold every kind's moves that are left.
      expect(await store.suggestSegments(WEBSITE, "contacts", { page: 1, perPage: 5 })).toEqual([]);
      expect(await suggested()).toEqual([
        { segment: "lead", count: 3 },
        { segment: "vip", count: 2 },
      ]);
      expect((await store.listConversations(WEBSITE, RARE)).map((row) => row.sessionId)).toEqual([
        "session_e",
        "session_a",
      ]);
      await store.edit(WEBSITE, "session_a", { overwrite: true, segments: ["lead"] });
      await store.applyChange(WEBSITE, "session_d", 1, { overwrite: true, segments: ["new", "lead"] });
      await store.edit(WEBSITE, "session_e", { overwrite: true, segments: [] });
      expect(await suggested()).toEqual([
        { segment: "lead", count: 4 },
        { segment: "new", count: 1 },
      ]);
      expect(await store.listConversations(WEBSITE, RARE)).toEqual([]);
      // Another writer's statement (an instance of the version before) is marked by the trigger.
      await sql.unsafe(`UPDATE "${schema}".sessions SET segments = ARRAY['vip'], version = version + 1, updated_at = 50
        WHERE session_id = 'session_b'`);
      expect((await store.listConversations(WEBSITE, RARE)).map((row) => row.sessionId)).toEqual(["session_b"]);
      expect(await suggested()).toEqual([
        { segment: "lead", count: 3 },
        { segment: "new", count: 1 },
        { segment: "vip", count: 1 },
      ]);
      const steps = await sql`SELECT step FROM ${sql(schema)}.migrations ORDER BY step`;
      expect(steps.map((row) => row.step)).toEqual([4, POSTGRES_SCHEMA_VERSION]);
    } finally {
      await sql.end();
    }
  });
});
