// @vitest-environment node
import postgres from "postgres";
import { describe, expect, it, vi } from "vitest";
import { decodeNotice, encodeNotice } from "../../../src/server/storage/postgres-notice";
import { sessionQueries } from "../../../src/server/storage/postgres-queries";
import { POSTGRES_SCHEMA_VERSION } from "../../../src/server/storage/postgres-schema";
import { createPostgresStore } from "../../../src/server/storage/postgres-store";
import type { SessionChange } from "../../../src/server/storage/segments-store";
import { DATABASE_URL, postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import { answer, ORIGIN, OTHER_SESSION, post, SESSION, setup, WEBSITE } from "../../support/service";

describe("change feed notices", () => {
  it("carry a short list whole and leave a long one to be read back", () => {
    const change: SessionChange = {
      websiteId: WEBSITE,
      sessionId: SESSION,
      segments: ["a"],
      revision: 2,
      updatedAt: 9,
    };
    expect(decodeNotice(encodeNotice(change))).toEqual(change);
    const long = { ...change, segments: Array.from({ length: 100 }, (_, index) => `${index}`.padEnd(64, "é")) };
    const payload = encodeNotice(long);
    expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    expect(decodeNotice(payload)).toEqual({ websiteId: WEBSITE, sessionId: SESSION, revision: 2, updatedAt: 9 });
    expect(() => decodeNotice('{"w":1}')).toThrow(/malformed notice/);
  });
});

describe("postgres store options", () => {
  it("says in one line, password hidden, when the database cannot be reached", async () => {
    const opening = createPostgresStore({ url: "postgres://postgres:secret@127.0.0.1:1/test" });
    await expect(opening).rejects.toThrow(
      /^cannot open the segments store on PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/,
    );
    await expect(opening).rejects.not.toThrow(/secret|\n/);
  });

  it("refuses a URL that is not postgres:// and a schema name it would have to quote", async () => {
    await expect(createPostgresStore({ url: "mysql://127.0.0.1/test" })).rejects.toThrow(/does not start with/);
    await expect(createPostgresStore({ url: DATABASE_URL, schema: 'x"; DROP' })).rejects.toThrow(/lower-case/);
  });
});

describe.skipIf(!postgresReachable)("postgres store", () => {
  it("migrates once when several instances start at once, and refuses a newer schema", async () => {
    const schema = testSchema();
    await Promise.all([1, 2, 3, 4].map(() => postgresStore(schema)));
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const steps = await sql`SELECT step FROM ${sql(schema)}.migrations`;
      expect(steps.map((row) => row.step)).toEqual([POSTGRES_SCHEMA_VERSION]);
      await sql`INSERT INTO ${sql(schema)}.migrations (step) VALUES (${POSTGRES_SCHEMA_VERSION + 1})`;
    } finally {
      await sql.end();
    }
    await expect(postgresStore(schema)).rejects.toThrow(/knows up to/);
  });

  it("refuses in SQL a lower revision, or an edit that moves it, even from a writer that read the row", async () => {
    const schema = testSchema();
    const store = await postgresStore(schema);
    await store.applyChange(WEBSITE, SESSION, 5, { overwrite: true, segments: ["five"] });
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const queries = sessionQueries(sql, schema, `${schema}.changes`);
      const seen = (await queries.read(WEBSITE, SESSION))?.version ?? "";
      const at = (revision: number) => ({
        websiteId: WEBSITE,
        sessionId: SESSION,
        segments: ["x"],
        revision,
        updatedAt: 1,
      });
      expect(await queries.write(at(4), seen, "raise")).toBe(false);
      expect(await queries.write(at(5), seen, "raise")).toBe(false);
      expect(await queries.write(at(6), seen, "keep")).toBe(false);
      expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["five"], revision: 5 });
      expect(await queries.write(at(6), seen, "raise")).toBe(true);
      expect(await queries.write(at(7), seen, "raise")).toBe(false);
    } finally {
      await sql.end();
    }
  });

  it("finds sessions by segment and the newest first through indexes, not scans", async () => {
    const schema = testSchema();
    await postgresStore(schema);
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await sql`
        INSERT INTO ${sql(schema)}.sessions
        SELECT 'site' || (n % 10), 'session_' || n,
               CASE WHEN n % 1000 = 0 THEN ARRAY['rare', 'lead'] ELSE ARRAY['lead'] END, 1, 1, n
        FROM generate_series(1, 20000) AS n`;
      await sql`ANALYZE ${sql(schema)}.sessions`;
      const plan = async (query: string) =>
        (await sql.unsafe(`EXPLAIN ${query}`)).map((row) => row["QUERY PLAN"]).join("\n");
      const table = `"${schema}".sessions`;
      expect(await plan(`SELECT session_id FROM ${table} WHERE segments @> ARRAY['rare']`)).toContain(
        "sessions_by_segment",
      );
      expect(
        await plan(`SELECT session_id FROM ${table} WHERE website_id = 'site3' ORDER BY updated_at DESC LIMIT 20`),
      ).toContain("sessions_by_update");
    } finally {
      await sql.end();
    }
  });
});

describe.skipIf(!postgresReachable)("two instances on one database", () => {
  it("read each other's changes at once, through the service's handlers", async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([postgresStore(schema), postgresStore(schema)]);
    const one = setup({ store: a }).handler;
    const two = setup({ store: b }).handler;
    const headers = { Origin: ORIGIN };
    const posted = await answer(await one(post({ revision: 1, overwrite: false, segments: ["lead"] }, { headers })));
    expect(posted.body?.reason).toBe("updated");
    const read = await answer(await two(new Request(post({}).url, { headers })));
    expect(read.body?.data).toEqual({ segments: ["lead"], revision: 1 });
    const repeat = await answer(await two(post({ revision: 1, overwrite: true, segments: [] }, { headers })));
    expect(repeat.body?.reason).toBe("stale");
  });

  it("end a race on one session with the highest revision, losing no applied change or edit", async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([postgresStore(schema), postgresStore(schema)]);
    for (let round = 0; round < 20; round++) {
      const session = `session_race_${round}`;
      const revisions = Array.from({ length: 12 }, (_, index) => index + 1).sort(() => Math.random() - 0.5);
      const changes = revisions.map((revision, index) =>
        (index % 2 === 0 ? a : b)
          .applyChange(WEBSITE, session, revision, { overwrite: false, segments: [`r${revision}`], remove: [] })
          .then((result) => ({ revision, result })),
      );
      const edits = [1, 2, 3].map((index) =>
        (index % 2 === 0 ? a : b).edit(WEBSITE, session, { overwrite: false, segments: [`e${index}`], remove: [] }),
      );
      const results = await Promise.all(changes);
      await Promise.all(edits);
      const applied = results.filter(({ result }) => result.reason === "updated").map(({ revision }) => `r${revision}`);
      const stored = await b.get(WEBSITE, session);
      expect(stored.revision).toBe(12);
      expect(stored.segments).toContain("r12");
      // Each applied change and each edit built on all those before it: none was overwritten by a racer.
      expect(new Set(stored.segments)).toEqual(new Set([...applied, "e1", "e2", "e3"]));
    }
  }, 30_000);

  it("hear each other's changes on their feeds", async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([postgresStore(schema), postgresStore(schema)]);
    const heardByA: SessionChange[] = [];
    const heardByB: SessionChange[] = [];
    await a.subscribe((change) => heardByA.push(change));
    await b.subscribe((change) => heardByB.push(change));
    await a.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["from-a"] });
    await b.edit(WEBSITE, OTHER_SESSION, { overwrite: true, segments: ["from-b"] });
    await vi.waitFor(() => expect(heardByA).toHaveLength(2));
    await vi.waitFor(() => expect(heardByB).toHaveLength(2));
    expect(heardByA).toEqual(heardByB);
    expect(heardByB.map(({ sessionId, segments }) => [sessionId, segments])).toEqual([
      [SESSION, ["from-a"]],
      [OTHER_SESSION, ["from-b"]],
    ]);
  });
});
