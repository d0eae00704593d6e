// The team's lists at size: one REST request through the built handler (in this process, no network) against a
// website of 100,000 sessions and 20,000 contacts seeded in bulk with SQL, on SQLite and on PostgreSQL. Each figure
// sits beside the first page of conversations of the same store, so a ratio far above ×1 is a list that grows
// with the rows outside its page. Deep pages are asked by page number (as crisp-api does) and by the cursor the
// page before answered (X-Next-Cursor), when the built package answers one.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { figure, group, row } from "../table.mjs";

const WEBSITE = "bench-website";
const SESSIONS = 100_000;
const CONTACTS = 20_000;
const OPERATOR = { identifier: "bench-operator", key: "bench-operator-key-0123456789" };
const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
const HEADERS = {
  Authorization: `Basic ${Buffer.from(`${OPERATOR.identifier}:${OPERATOR.key}`).toString("base64")}`,
  "X-Crisp-Tier": "plugin",
};
// Every row carries one of ten common segments; a third carry "lead", one in a thousand "rare".
const SEGMENTS_SQL = (n) => `CASE WHEN ${n} % 1000 = 0 THEN '["rare","lead","s' || (${n} % 10) || '"]'
  WHEN ${n} % 3 = 0 THEN '["lead","s' || (${n} % 10) || '"]' ELSE '["s' || (${n} % 10) || '"]' END`;

const filter = (model, query) =>
  encodeURIComponent(JSON.stringify([{ model, criterion: "segments", operator: "eq", query }]));
const CASES = [
  ["conversations, page 1 (20 a page)", "conversations/1"],
  ["conversations, page 100", "conversations/100"],
  ["conversations, page 1000", "conversations/1000"],
  ["conversations, page 1000 by the cursor page 999 answered", "conversations/1000", "conversations/999"],
  ["conversations with a rare segment (1 in 1,000), page 1", "conversations/1?search_type=segment&search_query=rare"],
  ["conversations with a common segment (1 in 3), page 100", "conversations/100?search_type=segment&search_query=lead"],
  [
    "conversations with any of two segments, page 100",
    `conversations/100?search_type=filter&search_operator=or&search_query=${filter("session", ["s1", "s2"])}`,
  ],
  ["contacts, page 100", "people/profiles/100"],
  ["contacts, all 20,000 as CSV", "people/profiles/1", undefined, "text/csv"],
  ["suggested segments of conversations, page 1", "conversations/suggest/segments/1"],
  ["suggested segments of contacts, page 1", "people/suggest/segments/1"],
];

async function seedSqlite(server, dir) {
  const filename = join(dir, "lists.db");
  server.createSqliteStore({ filename }).close();
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(filename);
  // Entries carry their session's updated_at where this version orders them so.
  const ordered = db.prepare("SELECT 1 FROM pragma_table_info('session_segments') WHERE name = 'updated_at'").get();
  const entries = ordered
    ? "INSERT INTO session_segments (website_id, segment, session_id, updated_at) SELECT website_id, value, session_id, updated_at"
    : "INSERT INTO session_segments (website_id, segment, session_id) SELECT website_id, value, session_id";
  const series = (count) => `WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < ${count})`;
  db.exec(`BEGIN;
    ${series(SESSIONS)} INSERT INTO sessions (website_id, session_id, segments, revision, updated_at)
      SELECT '${WEBSITE}', 'session_' || n, ${SEGMENTS_SQL("n")}, 1, 1700000000000 + n FROM n;
    DELETE FROM session_marks;
    ${entries} FROM sessions, json_each(segments);
    INSERT INTO segment_counts SELECT website_id, 'conversations', segment, count(*) FROM session_segments
      GROUP BY website_id, segment;
    ${series(SESSIONS / 5)} INSERT INTO conversation_metas SELECT '${WEBSITE}', 'session_' || (n * 5),
      '{"nickname":"Visitor ' || n || '"}', NULL FROM n;
    ${series(CONTACTS)} INSERT INTO contacts SELECT '${WEBSITE}', 'people_' || n, n || '@example.com',
      n || '@example.com', 'Person ' || n, n || '@example.com person ' || n, ${SEGMENTS_SQL("n")},
      1700000000000 + n, 1700000000000 + n FROM n;
    COMMIT; ANALYZE;`);
  db.close();
  return server.createSqliteStore({ filename });
}

async function seedPostgres(server, url) {
  const schema = `bench_lists_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const store = await server.createPostgresStore({ url, schema });
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const list = (n) => `ARRAY(SELECT jsonb_array_elements_text((${SEGMENTS_SQL(n)})::jsonb))`;
  try {
    await sql.unsafe(`SET search_path TO "${schema}";
      INSERT INTO sessions SELECT '${WEBSITE}', 'session_' || n, ${list("n")}, 1, 1, 1700000000000 + n
        FROM generate_series(1, ${SESSIONS}) AS n;
      INSERT INTO conversation_metas SELECT '${WEBSITE}', 'session_' || (n * 5),
        jsonb_build_object('nickname', 'Visitor ' || n), NULL FROM generate_series(1, ${SESSIONS / 5}) AS n;
      INSERT INTO contacts SELECT '${WEBSITE}', 'people_' || n, n || '@example.com', n || '@example.com',
        'Person ' || n, n || '@example.com person ' || n, ${list("n")}, 1700000000000 + n, 1700000000000 + n
        FROM generate_series(1, ${CONTACTS}) AS n;`);
    // Counts kept by the store, where this version has them: rebuilt from the rows written behind its back.
    const [kept] = await sql`SELECT to_regclass(${`"${schema}".segment_counts`}) IS NOT NULL AS kept`;
    if (kept.kept) {
      await sql.unsafe(`SET search_path TO "${schema}"; DELETE FROM segment_counts;
        INSERT INTO segment_counts SELECT website_id, 'conversations', segment, count(*) FROM sessions, unnest(segments)
          AS segment GROUP BY 1, 3;
        INSERT INTO segment_counts SELECT website_id, 'contacts', segment, count(*) FROM contacts, unnest(segments)
          AS segment GROUP BY 1, 3;`);
    }
    // Segment entries kept behind the write, where this version has them: caught up before the figures.
    const [indexed] = await sql`SELECT to_regproc(${`"${schema}".index_marked_sessions`}) IS NOT NULL AS indexed`;
    if (indexed.indexed) {
      await sql.unsafe(`SELECT "${schema}".index_marked_sessions()`);
      await sql.unsafe(`VACUUM ANALYZE "${schema}".session_segments`);
      await sql.unsafe(`VACUUM ANALYZE "${schema}".contact_segments`);
    }
    await sql.unsafe(`VACUUM ANALYZE "${schema}".sessions`);
    await sql.unsafe(`VACUUM ANALYZE "${schema}".contacts`);
    await sql.unsafe(`VACUUM ANALYZE "${schema}".conversation_metas`);
  } finally {
    await sql.end();
  }
  return {
    store,
    drop: async () => {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

/** One request's time in ms, the whole body read; throws on an answer other than 200. */
async function timed(handler, path, { cursor, accept } = {}) {
  const url = new URL(`http://bench.test/v1/website/${WEBSITE}/${path}`);
  if (cursor) url.searchParams.set("cursor", cursor);
  const started = performance.now();
  const response = await handler(new Request(url, { headers: { ...HEADERS, ...(accept ? { Accept: accept } : {}) } }));
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`bench: ${path} answered ${response.status}: ${body.slice(0, 200)}`);
  return { ms, next: response.headers.get("x-next-cursor") ?? undefined };
}

async function measureStore(server, store, runs, log, name) {
  const handler = server.createSegmentsHandler({
    websites: { [WEBSITE]: { origins: ["http://bench.example"] } },
    store,
    operators: [{ ...OPERATOR, websites: "*" }],
    onError: (error) => log(`team-lists: ${name}: ${error}`),
  });
  const results = new Map();
  for (const [label, path, before, accept] of CASES) {
    const times = [];
    const count = accept ? Math.min(runs, 3) : runs;
    for (let run = 0; run < count + 1; run++) {
      const cursor = before ? (await timed(handler, before)).next : undefined;
      if (before && cursor === undefined) break;
      const { ms } = await timed(handler, path, { cursor, accept });
      if (run > 0) times.push(ms); // the first run warms caches and statements
    }
    results.set(label, times.length > 0 ? figure(times) : "not answered");
    log(`team-lists: ${name}: ${label}`);
  }
  return results;
}

function report(name, results) {
  const section = `Team lists: one REST request through the handler, ${group(SESSIONS)} sessions and ${group(CONTACTS)} contacts`;
  const base = results.get(CASES[0][0]);
  for (const [label] of CASES) {
    row(section, `${name}: ${label}`, results.get(label), base, "ms", "the first page of conversations, same store");
  }
}

export default {
  name: "team-lists",
  async run({ dist, quick, log, note }) {
    const server = await import(pathToFileURL(join(dist, "server.mjs")).href);
    const runs = quick ? 2 : 5;
    const dir = mkdtempSync(join(tmpdir(), "bench-team-lists-"));
    try {
      log("team-lists: seeding SQLite");
      const sqlite = await seedSqlite(server, dir);
      try {
        report("SQLite", await measureStore(server, sqlite, runs, log, "SQLite"));
      } finally {
        sqlite.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    let seeded;
    try {
      log("team-lists: seeding PostgreSQL");
      seeded = await seedPostgres(server, url);
    } catch (error) {
      note(`Team lists on PostgreSQL not measured: ${error instanceof Error ? error.message : error}`);
      return;
    }
    try {
      report("PostgreSQL", await measureStore(server, seeded.store, runs, log, "PostgreSQL"));
    } finally {
      await seeded.store.close();
      await seeded.drop();
    }
  },
};
