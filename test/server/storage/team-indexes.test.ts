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

/**
 * The plan PostgreSQL makes for a statement a store sent, prepared and run `mode`'s way. postgres.js prepares each
 * statement by name, and after 5 runs PostgreSQL may keep a generic plan, made without the values (the cursor, the
 * segments, LIMIT and OFFSET unknown): each list must walk its index in order either way.
 */
async function planOf(
  sql: postgres.Sql,
  query: string,
  parameters: unknown[],
  mode: "force_custom_plan" | "force_generic_plan",
): Promise<string> {
  await sql.unsafe(`PREPARE listed AS ${query}`);
  try {
    const [{ types } = { types: [] }] = await sql<{ types: string[] }[]>`
      SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'listed'`;
    // EXECUTE takes no bound parameters: the values are written into it as typed literals.
    const quoted = types.map((type, n) => `quote_literal($${n + 1}::${type}) || '::${type}'`);
    const [{ literals } = { literals: [] }] = await sql.unsafe<{ literals: string[] }[]>(
      `SELECT ARRAY[${quoted.join(", ")}]::text[] AS literals`,
      parameters as postgres.ParameterOrJSON<never>[],
    );
    await sql.unsafe(`SET plan_cache_mode = ${mode}`);
    const plan = await sql.unsafe(`EXPLAIN EXECUTE listed(${literals.join(", ")})`);
    return plan.map((row) => row["QUERY PLAN"]).join("\n");
  } finally {
    await sql.unsafe("DEALLOCATE listed; RESET plan_cache_mode");
  }
}

describe.skipIf(!postgresReachable)("postgres team store", () => {
  it("walks a filter's segments in list order through the side tables' ordered index, with no sort of the matches, planned with or without the values", async () => {
    const schema = testSchema();
    await postgresStore(schema);
    const sent: Array<{ query: string; parameters: unknown[] }> = [];
    const sql = postgres(DATABASE_URL, {
      max: 1,
      onnotice: () => {},
      debug: (_connection, query, parameters) => sent.push({ query, parameters }),
    });
    const list = (n: string) =>
      `CASE WHEN ${n} % 1000 = 0 THEN ARRAY['rare', 'lead'] WHEN ${n} % 2 = 1 THEN ARRAY['lead', 'odd'] ELSE ARRAY['lead'] END
        || CASE WHEN ${n} % 3 = 0 THEN ARRAY['third'] ELSE '{}' END`;
    try {
      await sql.unsafe(`SET search_path TO "${schema}";
        INSERT INTO sessions SELECT 'site', 'session_' || n, ${list("n")}, 1, 1, n FROM generate_series(0, ${ROWS - 1}) AS n;
        INSERT INTO contacts SELECT 'site', 'people_' || n, n || '@example.com', n || '@example.com', '',
          n || '@example.com', ${list("n")}, n, n FROM generate_series(0, ${ROWS - 1}) AS n;
        SELECT index_marked_sessions();
        ANALYZE sessions; ANALYZE contacts; ANALYZE session_segments; ANALYZE contact_segments;`);
      const queries = teamQueries(sql, schema, `${schema}.changes`);
      const deep = { page: 100, perPage: 20 };
      // Deep pages of filters matching a sixth of the rows to all of them (a sort of the matches would read them
      // all), the first page of a rare one, and a deep page unfiltered (the newest-first index); each beside the same
      // page found by a plain query of the rows.
      const filters: Array<[SegmentFilter | undefined, { page: number; perPage: number }, string]> = [
        [{ segments: ["odd"], match: "all" }, deep, "segments @> ARRAY['odd']"],
        [{ segments: ["lead", "odd"], match: "all" }, deep, "segments @> ARRAY['lead', 'odd']"],
        [{ segments: ["odd", "third"], match: "all" }, deep, "segments @> ARRAY['odd', 'third']"],
        [{ segments: ["odd", "rare"], match: "any" }, deep, "segments && ARRAY['odd', 'rare']"],
        [{ segments: ["odd", "lead"], match: "any" }, deep, "segments && ARRAY['odd', 'lead']"],
        [RARE, { page: 1, perPage: 50 }, "segments @> ARRAY['rare']"],
        [undefined, deep, "true"],
      ];
      for (const [index, [filter, page, where]] of filters.entries()) {
        const expected = await sql.unsafe(`SELECT session_id FROM "${schema}".sessions WHERE ${where}
          ORDER BY updated_at DESC, session_id LIMIT ${page.perPage} OFFSET ${(page.page - 1) * page.perPage}`);
        const people = await sql.unsafe(`SELECT people_id FROM "${schema}".contacts WHERE ${where}
          AND strpos(search_key, '9') > 0 ORDER BY updated_at DESC, people_id LIMIT ${page.perPage}
          OFFSET ${(page.page - 1) * page.perPage}`);
        sent.length = 0;
        const conversations = await queries.conversations("site", { ...page, filter });
        const contacts = await queries.contacts("site", { ...page, filter, text: "9" });
        expect(conversations.map((row) => row.sessionId)).toEqual(expected.map((row) => row.session_id));
        expect(contacts.map((row) => row.peopleId)).toEqual(people.map((row) => row.people_id));
        expect(conversations.length, `filter ${index}`).toBeGreaterThan(0);
        for (const [table, { query, parameters } = { query: "", parameters: [] }] of [
          ["session", sent[0]],
          ["contact", sent[1]],
        ] as const) {
          for (const mode of ["force_custom_plan", "force_generic_plan"] as const) {
            const text = await planOf(sql, query, parameters, mode);
            const context = `filter ${index}, ${mode}: ${text}`;
            expect(text, context).toContain(filter ? `${table}_segments_in_order` : `${table}s_by_update`);
            // The only sort allowed is of the listed segments by their counts (the rarest first), never of rows.
            const sorted = text
              .split("\n")
              .filter((_line, n, lines) => /-> +(Incremental )?Sort /.test(lines[n - 1] ?? ""));
            expect(
              sorted.filter((line) => !line.includes("Sort Key: (COALESCE(")),
              context,
            ).toEqual([]);
            expect(text, context).not.toMatch(/(Seq Scan|Bitmap Heap Scan) on (sessions|contacts|\w+_segments) /);
          }
        }
      }
    } finally {
      await sql.end();
    }
  }, 30_000);
});
