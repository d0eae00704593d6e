// @vitest-environment node
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSqliteStore } from "../../../src/server/storage/sqlite-store";
import { SESSION, WEBSITE } from "../../support/service";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "crisp-segments-sqlite-"));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

describe("sqlite store: schema migration", () => {
  it("opens a fresh file that another instance migrates at the same moment", async () => {
    const filename = join(tempFolder(), "segments.db");
    // Another service instance (another worker) runs the first migration and has not committed yet: this widens
    // the window between createSqliteStore reading user_version (0) and its BEGIN IMMEDIATE to something testable.
    const other = `
      const Database = require("better-sqlite3");
      const db = new Database(${JSON.stringify(filename)});
      db.pragma("journal_mode = WAL");
      db.exec("BEGIN IMMEDIATE");
      db.exec(\`CREATE TABLE sessions (website_id TEXT NOT NULL, session_id TEXT NOT NULL, segments TEXT NOT NULL,
        revision INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (website_id, session_id)) STRICT, WITHOUT ROWID;
        CREATE INDEX sessions_by_update ON sessions (website_id, updated_at DESC);\`);
      db.pragma("user_version = 1");
      process.stdout.write("migrating\\n");
      setTimeout(() => { db.exec("COMMIT"); db.close(); }, 700);
    `;
    const child = spawn(process.execPath, ["-e", other], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    cleanups.push(() => exited);
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("exit", () => reject(new Error("the other instance did not start")));
    });

    // Before: threw "SqliteError: table sessions already exists" (migrate() read user_version outside its
    // transaction, then re-ran step 0 after waiting for the other instance's lock).
    const store = createSqliteStore({ filename });
    cleanups.push(() => store.close());
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
  }, 20000);
});

describe("sqlite store: segment index", () => {
  const VIP = { filter: { segments: ["vip"], match: "all" as const }, page: 1, perPage: 20 };

  it("indexes sessions written by another store on the file, or left unindexed by a crash, before reading", async () => {
    const filename = join(tempFolder(), "segments.db");
    const writer = createSqliteStore({ filename });
    const reader = createSqliteStore({ filename });
    await writer.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["vip", "lead"] });
    expect((await reader.listConversations(WEBSITE, VIP)).map((row) => row.sessionId)).toEqual([SESSION]);
    // A write whose catch-up never ran, as after a crash: the row stays marked in the file.
    const db = new Database(filename);
    db.prepare("UPDATE sessions SET segments = '[\"lead\"]' WHERE session_id = ?").run(SESSION);
    db.close();
    expect(await reader.listConversations(WEBSITE, VIP)).toEqual([]);
    expect(await reader.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 5 })).toEqual([
      { segment: "lead", count: 1 },
    ]);
    writer.close();
    reader.close();
  });

  it("catches a backlog larger than one step up, in the background and before a read", async () => {
    const filename = join(tempFolder(), "segments.db");
    const store = createSqliteStore({ filename });
    cleanups.push(() => store.close());
    // 1,201 sessions written behind the store's back (the triggers mark them), more than one catch-up step takes.
    const db = new Database(filename);
    cleanups.push(() => db.close());
    const insert = db.prepare("INSERT INTO sessions VALUES (?, ?, '[\"vip\"]', 1, ?)");
    db.transaction(() => {
      for (let n = 0; n < 1_201; n++) insert.run(WEBSITE, `session_${n}`, n);
    })();
    const marks = db.prepare("SELECT count(*) FROM session_marks").pluck();
    const count = db.prepare("SELECT count FROM segment_counts WHERE segment = 'vip'").pluck();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    cleanups.push(() => vi.useRealTimers());
    await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["lead"] });
    vi.advanceTimersByTime(1_000);
    for (let turn = 0; turn < 5 && marks.get() !== 0; turn++) await new Promise((turned) => setImmediate(turned));
    expect([marks.get(), count.get()]).toEqual([0, 1_201]);
    db.prepare("UPDATE sessions SET segments = '[]' WHERE updated_at < 700").run();
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 5 })).toEqual([
      { segment: "vip", count: 501 },
      { segment: "lead", count: 1 },
    ]);
  });
});

describe("sqlite store: background catch-up of the segment index", () => {
  /** A store whose catch-up timer is faked, with a busy timeout of 50 ms instead of 5 s. */
  function storeWithErrors() {
    const pragma = Database.prototype.pragma;
    const spy = vi.spyOn(Database.prototype, "pragma").mockImplementation(function (
      this: Database.Database,
      source,
      options,
    ) {
      return pragma.call(this, source === "busy_timeout = 5000" ? "busy_timeout = 50" : source, options);
    });
    const filename = join(tempFolder(), "segments.db");
    const errors: unknown[] = [];
    const store = createSqliteStore({ filename, onError: (error) => errors.push(error) });
    spy.mockRestore();
    cleanups.push(() => store.close());
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    cleanups.push(() => vi.useRealTimers());
    const db = new Database(filename);
    cleanups.push(() => db.close());
    return { store, errors, db };
  }

  it("reports a failure other than a busy file through onError, and leaves the session marked", async () => {
    const { store, errors, db } = storeWithErrors();
    await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["vip"] });
    db.prepare("UPDATE session_marks SET indexed = 'not a list'").run();
    vi.advanceTimersByTime(1_000);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/JSON/);
    expect(db.prepare("SELECT count(*) FROM session_marks").pluck().get()).toBe(1);
    db.prepare("UPDATE session_marks SET indexed = '[]'").run();
  });

  it("stays silent when another connection holds the write lock, and catches up on the next read", async () => {
    const { store, errors, db } = storeWithErrors();
    await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["vip"] });
    db.exec("BEGIN IMMEDIATE");
    vi.advanceTimersByTime(1_000);
    db.exec("COMMIT");
    expect(errors).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM session_marks").pluck().get()).toBe(1);
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 5 })).toEqual([
      { segment: "vip", count: 1 },
    ]);
  });
});
