// @vitest-environment node
// Regressions found by a review of the service: each failed before its fix.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startDemo } from "../../examples/demo-server.mjs";
import { createSegmentsHandler } from "../../src/server/http/handler";
import { type RunningServer, serveNode } from "../../src/server/http/node-adapter";
import { createMemoryStore } from "../../src/server/storage/memory-store";
import { createSqliteStore } from "../../src/server/storage/sqlite-store";
import { answer, apiUrl, SESSION, setup, TOKEN, WEBSITE } from "./helpers";

// As in demo.test.ts: the demo runs on the sources, so no build is needed.
vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "crisp-segments-review-"));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A raw HTTP request with any method, as node:http sends it. */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.setTimeout(5000, () => req.destroy(new Error("timeout")));
    req.end();
  });
}

describe("node adapter: methods that fetch's Request refuses", () => {
  it("answers TRACE with the 405 envelope, not a logged 500", async () => {
    const errors: unknown[] = [];
    const handler = createSegmentsHandler({
      websites: { [WEBSITE]: { origins: [] } },
      store: createMemoryStore(),
      onError: (error) => errors.push(error),
    });
    const server: RunningServer = await serveNode(handler, { port: 0, onError: (error) => errors.push(error) });
    cleanups.push(() => server.close());

    const result = await rawRequest(`${server.url}/v1/website/${WEBSITE}/session/${SESSION}/segments`, "TRACE");
    // Before: 500 \"Internal error\" as text/plain, and onError logged \"TypeError: 'TRACE' HTTP method is unsupported.\"
    expect(result.status).toBe(405);
    expect(JSON.parse(result.body)).toMatchObject({ error: true, reason: "method_not_allowed" });
    expect(errors).toEqual([]);
  });
});

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

describe("REST routes: Authorization scheme", () => {
  it("accepts the Bearer scheme in any case (RFC 9110 §11.1: the scheme is case-insensitive)", async () => {
    const { handler } = setup();
    const result = await answer(
      await handler(new Request(apiUrl(), { headers: { Authorization: `bearer ${TOKEN}` } })),
    );
    expect(result.status).toBe(200);
  });
});

describe("demo: operator inbox", () => {
  it("does not hand every visitor's session id (their capability) to an unauthenticated request", async () => {
    const demo = await startDemo({ port: 0, dataDir: tempFolder(), apiToken: "demo-operator-token-123" });
    cleanups.push(() => demo.close());
    const posted = await fetch(`${demo.url}/v1/website/demo-website/session/${SESSION}/segments`, {
      method: "POST",
      body: JSON.stringify({ revision: 1, overwrite: false, segments: ["vip"] }),
    });
    expect(posted.status).toBe(200);
    // The REST list of the same sessions is behind the token...
    expect((await fetch(`${demo.url}/v1/api/website/demo-website/sessions`)).status).toBe(401);
    // ...and /inbox neither shows full ids nor answers a Host that is not the demo's own (DNS rebinding).
    const inbox = await rawRequest(`${demo.url}/inbox`, "GET", { Host: `attacker.example:${demo.port}` });
    expect(inbox.body).not.toContain(SESSION);
  });
});
