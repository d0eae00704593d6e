// @vitest-environment node
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import type { ChangeFeed, SessionChange } from "../../../src/server/storage/segments-store";
import { createSqliteStore, SCHEMA_VERSION } from "../../../src/server/storage/sqlite-store";
import { OTHER_SESSION, SESSION, WEBSITE } from "../../support/service";
import { factories, tempFolder } from "./store-factories";

/** What a feed tells, collected; PostgreSQL's arrives a moment after the write, the others' at once. */
async function listen(store: ChangeFeed) {
  const heard: SessionChange[] = [];
  const stop = await store.subscribe((change) => heard.push(change));
  return { heard, stop, until: (count: number) => vi.waitFor(() => expect(heard).toHaveLength(count)) };
}

describe.each(factories)("%s store", (_name, make) => {
  it("reads a session never seen as empty at revision 0", async () => {
    const store = await make(() => 0);
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
    await store.close?.();
  });

  it("applies a newer revision and refuses repeats and late copies as stale", async () => {
    const store = await make(() => 0);
    const add = { overwrite: false as const, segments: ["lead", "trial"], remove: [] };
    expect(await store.applyChange(WEBSITE, SESSION, 2, add)).toEqual({
      reason: "updated",
      segments: ["lead", "trial"],
      revision: 2,
    });
    const drop = { overwrite: false as const, segments: [], remove: ["trial"] };
    expect(await store.applyChange(WEBSITE, SESSION, 2, drop)).toEqual({
      reason: "stale",
      segments: ["lead", "trial"],
      revision: 2,
    });
    expect(await store.applyChange(WEBSITE, SESSION, 1, drop)).toEqual({
      reason: "stale",
      segments: ["lead", "trial"],
      revision: 2,
    });
    expect(await store.applyChange(WEBSITE, SESSION, 3, drop)).toEqual({
      reason: "updated",
      segments: ["lead"],
      revision: 3,
    });
    await store.close?.();
  });

  it("refuses a change past 100 segments without storing it or its revision", async () => {
    const store = await make(() => 0);
    const full = Array.from({ length: 100 }, (_, index) => `s${index}`);
    await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: full });
    const result = await store.applyChange(WEBSITE, SESSION, 2, { overwrite: false, segments: ["x"], remove: [] });
    expect(result).toEqual({ reason: "too_many", segments: full, revision: 1 });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: full, revision: 1 });
    await store.close?.();
  });

  it("edits without changing the revision", async () => {
    const store = await make(() => 0);
    await store.applyChange(WEBSITE, SESSION, 4, { overwrite: true, segments: ["a"] });
    expect(await store.edit(WEBSITE, SESSION, { overwrite: false, segments: ["b"], remove: ["a"] })).toEqual({
      reason: "updated",
      segments: ["b"],
      revision: 4,
    });
    await store.close?.();
  });

  it("keeps websites and sessions apart and lists the most recent first", async () => {
    let now = 1_000;
    const store = await make(() => now);
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: ["first"] });
    now = 2_000;
    await store.edit(WEBSITE, OTHER_SESSION, { overwrite: true, segments: ["second"] });
    await store.edit("other-website", SESSION, { overwrite: true, segments: ["elsewhere"] });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["first"], revision: 0 });
    expect(await store.listSessions(WEBSITE, 10)).toEqual([
      { sessionId: OTHER_SESSION, segments: ["second"], revision: 0, updatedAt: 2_000 },
      { sessionId: SESSION, segments: ["first"], revision: 0, updatedAt: 1_000 },
    ]);
    expect(await store.listSessions(WEBSITE, 1)).toHaveLength(1);
    expect(await store.listSessions("__proto__", 10)).toEqual([]);
    await store.close?.();
  });

  it("hands out copies: changing a returned list changes nothing stored", async () => {
    const store = await make(() => 0);
    const result = await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["a"] });
    result.segments.push("mutated");
    (await store.get(WEBSITE, SESSION)).segments.push("mutated");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["a"], revision: 1 });
    await store.close?.();
  });

  it("tells subscribers of SDK changes and edits, in order, and not of changes that store nothing", async () => {
    let now = 5_000;
    const store = await make(() => now);
    const feed = await listen(store);
    await store.applyChange(WEBSITE, SESSION, 3, { overwrite: true, segments: ["lead"] });
    now = 6_000;
    await store.applyChange(WEBSITE, SESSION, 2, { overwrite: true, segments: ["stale"] });
    const full = Array.from({ length: 101 }, (_, index) => `s${index}`);
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: full });
    await store.edit(WEBSITE, OTHER_SESSION, { overwrite: false, segments: ["vip"], remove: [] });
    await feed.until(2);
    expect(feed.heard).toEqual([
      { websiteId: WEBSITE, sessionId: SESSION, segments: ["lead"], revision: 3, updatedAt: 5_000 },
      { websiteId: WEBSITE, sessionId: OTHER_SESSION, segments: ["vip"], revision: 0, updatedAt: 6_000 },
    ]);
    await store.close?.();
  });

  it("tells every subscriber its own copy, and stops telling one that unsubscribed", async () => {
    const store = await make(() => 0);
    const first = await listen(store);
    const second = await listen(store);
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: ["a"] });
    await first.until(1);
    await second.until(1);
    first.heard[0]?.segments.push("mutated");
    expect(second.heard[0]?.segments).toEqual(["a"]);
    await first.stop();
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: ["b"] });
    await second.until(2);
    expect(first.heard).toHaveLength(1);
    await store.close?.();
  });

  it("tells a full list of long segments whole", async () => {
    const store = await make(() => 0);
    const feed = await listen(store);
    // 100 segments of 63 characters, most of 4 bytes: far past the 8,000 bytes a PostgreSQL notice may carry.
    const long = Array.from({ length: 100 }, (_, index) => `${index}-${"😀".repeat(61 - `${index}`.length)}`);
    await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: long });
    await feed.until(1);
    expect(feed.heard[0]).toMatchObject({ sessionId: SESSION, segments: long, revision: 1 });
    await store.close?.();
  });
});

describe("sqlite store on disk", () => {
  it("survives a restart", async () => {
    const filename = join(tempFolder(), "segments.db");
    const first = createSqliteStore({ filename });
    await first.applyChange(WEBSITE, SESSION, 7, { overwrite: true, segments: ["lead", "Lead", "é"] });
    first.close();
    const second = createSqliteStore({ filename });
    expect(await second.get(WEBSITE, SESSION)).toEqual({ segments: ["lead", "Lead", "é"], revision: 7 });
    expect((await second.applyChange(WEBSITE, SESSION, 7, { overwrite: true, segments: [] })).reason).toBe("stale");
    second.close();
  });

  it("records its schema version and uses WAL", () => {
    const filename = join(tempFolder(), "segments.db");
    createSqliteStore({ filename }).close();
    const db = new Database(filename, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("refuses a database from a newer version of this code", () => {
    const filename = join(tempFolder(), "segments.db");
    const db = new Database(filename);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteStore({ filename })).toThrow(/schema/);
  });

  it("keeps two stores on one file consistent", async () => {
    const filename = join(tempFolder(), "segments.db");
    const a = createSqliteStore({ filename });
    const b = createSqliteStore({ filename });
    await a.applyChange(WEBSITE, SESSION, 1, { overwrite: false, segments: ["from-a"], remove: [] });
    expect((await b.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: [] })).reason).toBe("stale");
    expect(
      (await b.applyChange(WEBSITE, SESSION, 2, { overwrite: false, segments: ["from-b"], remove: [] })).segments,
    ).toEqual(["from-a", "from-b"]);
    expect(await a.get(WEBSITE, SESSION)).toEqual({ segments: ["from-a", "from-b"], revision: 2 });
    a.close();
    b.close();
  });

  it("stores hostile ids as plain values", async () => {
    const store = createSqliteStore({ filename: ":memory:" });
    const id = "x'); DROP TABLE sessions; --";
    await store.edit(id, SESSION, { overwrite: true, segments: ["'; --"] });
    expect(await store.get(id, SESSION)).toEqual({ segments: ["'; --"], revision: 0 });
    store.close();
  });
});
