// @vitest-environment node
/**
 * The team store's filters use indexes, not scans: each store's own statements, captured as they are prepared or
 * sent, are explained over 20,000 rows in which the filter matches few.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import postgres from "postgres";
import { describe, expect, it, vi } from "vitest";
import { teamQueries } from "../../../src/server/storage/postgres-team-queries";
import { createSqliteStore } from "../../../src/server/storage/sqlite-store";
import type { SegmentFilter } from "../../../src/server/storage/team-store";
import { DATABASE_URL, postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import { tempFolder } from "./store-factories";

const ROWS = 20_000;
const RARE = { segments: ["rare"], match: "all" as const };

describe("sqlite team store", () => {
  it("walks a filter's segments in list order through the side tables' ordered index, and suggests through the counts' index", async () => {
    const prepare = vi.spyOn(Database.prototype, "prepare");
    const filename = join(tempFolder(), "segments.db");
    const store = createSqliteStore({ filename });
    const db = new Database(filename);
    const list = (n: number) => JSON.stringify(n % 1_000 === 0 ? ["rare", "lead"] : n % 2 ? ["lead", "odd"] : ["lead"]);
    const session = db.prepare(
      "INSERT INTO sessions (website_id, session_id, segments, revision, updated_at) VALUES ('site', ?, ?, 1, ?)",
    );
    const contact = db.prepare("INSERT INTO contacts VALUES ('site', ?, ?, ?, '', ?, ?, ?, ?)");
    db.transaction(() => {
      for (let n = 0; n < ROWS; n++) {
        session.run(`session_${n}`, list(n), n);
        contact.run(`people_${n}`, `${n}@example.com`, `${n}@example.com`, `${n}@example.com`, list(n), n, n);
      }
    })();
    db.exec("ANALYZE");
    // Deep pages of filters matching half the rows or all of them: a sort of the matches would read them all.
    const deep = { page: 100, perPage: 20 };
    // Odd rows from the newest: the 1,981st is 19,999 - 2 × 1,980; with the rare ones (even) 19,000 to 17,000
    // among them, the page starts 3 odd rows earlier.
    const common: Array<[SegmentFilter, number]> = [
      [{ segments: ["lead", "odd"], match: "all" }, ROWS - 1 - 2 * 1_980],
      [{ segments: ["odd", "rare"], match: "any" }, ROWS - 1 - 2 * 1_977],
    ];
    for (const [filter, first] of common) {
      const conversations = await store.listConversations("site", { ...deep, filter });
      const contacts = await store.listContacts("site", { ...deep, filter, text: "9" });
      expect(conversations[0]?.sessionId).toBe(`session_${first}`);
      expect(contacts.every((row) => row.email.includes("9") && row.segments.includes("odd"))).toBe(true);
    }
    const prepared = prepare.mock.calls.map(([source]) => String(source));
    prepare.mockRestore();
    const walks = prepared.filter((source) => /_segments x/.test(source));
    expect(walks).toHaveLength(4); // conversations and contacts (with a short text), all of and any of
    const start = { before: Number.MAX_SAFE_INTEGER, after: "" };
    for (const source of walks) {
      const bound = { website: "site", first: "odd", others: '["lead"]', s0: "odd", s1: "rare", text: "9" };
      const all = { ...bound, limit: 20, offset: 1_980, ...start };
      const used = Object.fromEntries(Object.entries(all).filter(([name]) => source.includes(`:${name}`)));
      const plan = db
        .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${source}`)
        .all(used)
        .map((row) => row.detail);
      expect(plan.join("\n")).toMatch(/SEARCH x USING COVERING INDEX (session|contact)_segments_in_order/);
      // No sort of the matches, and only the listed segments and the page found (p) are scanned.
      expect(plan.join("\n")).not.toContain("TEMP B-TREE");
      const scans = plan.filter((detail) => detail.startsWith("SCAN") && !detail.includes("VIRTUAL TABLE"));
      expect(scans.filter((detail) => detail !== "SCAN p")).toEqual([]);
    }
    const suggest = prepared.find((source) => /^SELECT .* FROM segment_counts/s.test(source)) ?? "";
    const plan = db
      .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${suggest}`)
      .all({ website: "site", kind: "contacts", limit: 20, offset: 0 })
      .map((row) => row.detail);
    expect(plan).toEqual([expect.stringContaining("segment_counts_by_count")]);
    db.close();
    store.close();
  }, 30_000); // 20,000 rows seeded: seconds on a loaded 2-core machine

  it("pages unfiltered through the newest-first index and searches a longer text through its trigrams", async () => {
    const prepare = vi.spyOn(Database.prototype, "prepare");
    const filename = join(tempFolder(), "segments.db");
    const store = createSqliteStore({ filename });
    const db = new Database(filename);
    const session = db.prepare(
      "INSERT INTO sessions (website_id, session_id, segments, revision, updated_at) VALUES ('site', ?, '[]', 1, ?)",
    );
    const contact = db.prepare("INSERT INTO contacts VALUES ('site', ?, ?, ?, '', ?, '[]', ?, ?)");
    db.transaction(() => {
      for (let n = 0; n < ROWS; n++) {
        session.run(`session_${n}`, n);
        contact.run(`people_${n}`, `${n}@example.com`, `${n}@example.com`, `${n}@example.com`, n, n);
      }
    })();
    db.exec("ANALYZE");
    await store.listConversations("site", { page: 1, perPage: 20 });
    await store.listContacts("site", { page: 1, perPage: 20, text: "999@" });
    const prepared = prepare.mock.calls.map(([source]) => String(source));
    prepare.mockRestore();
    const start = { before: Number.MAX_SAFE_INTEGER, after: "" };
    const newest = prepared.find((source) => source.includes("LEFT JOIN conversation_metas")) ?? "";
    const search = prepared.find((source) => source.includes("MATCH")) ?? "";
    // Unfiltered, a page is a walk of the newest-first index on its keys alone, then its rows read by key.
    const deep = { website: "site", limit: 20, offset: 10_000, ...start };
    const newestPlan = db
      .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${newest}`)
      .all(deep)
      .map((row) => row.detail)
      .join("\n");
    expect(newestPlan).toMatch(
      /SEARCH sessions USING COVERING INDEX sessions_by_update \(website_id=\? AND updated_at<\?\)/,
    );
    expect(newestPlan).toMatch(/SEARCH s USING PRIMARY KEY \(website_id=\? AND session_id=\?\)/);
    expect(newestPlan).not.toMatch(/SCAN sessions/);
    expect(
      db
        .prepare(newest)
        .all(deep)
        .map((row) => (row as { session_id: string }).session_id),
    ).toEqual(Array.from({ length: 20 }, (_, index) => `session_${ROWS - 10_001 - index}`));
    const bound = { website: "site", text: "999@", phrase: '"999@"', limit: 50, offset: 0, ...start };
    const searchPlan = db
      .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${search}`)
      .all(bound)
      .map((row) => row.detail);
    expect(searchPlan.join("\n")).toContain("SCAN contact_search VIRTUAL TABLE");
    const searchScans = searchPlan.filter((detail) => detail.startsWith("SCAN") && !detail.includes("VIRTUAL TABLE"));
    expect(searchScans.filter((detail) => detail !== "SCAN p")).toEqual([]);
    expect(db.prepare(search).all(bound)).toHaveLength(20);
    db.close();
    store.close();
  }, 30_000);
});

describe.skipIf(!postgresReachable)("postgres team store", () => {
  it("filters conversations and contacts by segment through the GIN indexes", async () => {
    const schema = testSchema();
    await postgresStore(schema);
    const sent: Array<{ query: string; parameters: unknown[] }> = [];
    const sql = postgres(DATABASE_URL, {
      max: 1,
      onnotice: () => {},
      debug: (_connection, query, parameters) => sent.push({ query, parameters }),
    });
    try {
      await sql`
        INSERT INTO ${sql(schema)}.sessions
        SELECT 'site', 'session_' || n, CASE WHEN n % 1000 = 0 THEN ARRAY['rare', 'lead'] ELSE ARRAY['lead'] END, 1, 1, n
        FROM generate_series(1, ${ROWS}) AS n`;
      await sql`
        INSERT INTO ${sql(schema)}.contacts
        SELECT 'site', 'people_' || n, n || '@example.com', n || '@example.com', '', n || '@example.com',
               CASE WHEN n % 1000 = 0 THEN ARRAY['rare', 'lead'] ELSE ARRAY['lead'] END, n, n
        FROM generate_series(1, ${ROWS}) AS n`;
      await sql`ANALYZE ${sql(schema)}.sessions`;
      await sql`ANALYZE ${sql(schema)}.contacts`;
      const queries = teamQueries(sql, schema, `${schema}.changes`);
      const cases: Array<[() => Promise<unknown[]>, string]> = [
        [() => queries.conversations("site", { filter: RARE, page: 1, perPage: 50 }), "sessions_by_segment"],
        [() => queries.contacts("site", { filter: RARE, page: 1, perPage: 50 }), "contacts_by_segment"],
        [
          () => queries.contacts("site", { filter: { ...RARE, match: "any" }, page: 1, perPage: 50 }),
          "contacts_by_segment",
        ],
      ];
      for (const [index, [list, gin]] of cases.entries()) {
        sent.length = 0;
        expect(await list(), `query ${index}`).toHaveLength(ROWS / 1_000);
        const [{ query, parameters } = { query: "", parameters: [] }] = sent;
        const plan = await sql.unsafe(`EXPLAIN ${query}`, parameters as postgres.ParameterOrJSON<never>[]);
        expect(plan.map((row) => row["QUERY PLAN"]).join("\n"), `query ${index}`).toContain(gin);
      }
    } finally {
      await sql.end();
    }
  });
});
