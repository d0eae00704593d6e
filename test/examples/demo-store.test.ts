// @vitest-environment node
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { startDemo } from "../../examples/demo-server.mjs";
import { openStore } from "../../examples/demo-store.mjs";
import { DATABASE_URL, postgresReachable, postgresStore, testSchema } from "../support/postgres";
import { SESSION } from "../support/service";

// In process, the demo runs on the sources; the spawned demos below run on the built bundle.
vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "crisp-segments-demo-store-"));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

const change = (url: string, revision: number, segments: string[]) =>
  fetch(`${url}/v1/website/demo-website/session/${SESSION}/segments`, {
    method: "POST",
    headers: { Origin: url },
    body: JSON.stringify({ revision, overwrite: true, segments }),
  });
const read = async (url: string) =>
  (await (await fetch(`${url}/v1/website/demo-website/session/${SESSION}/segments`)).json()).data;

describe("the demo's store", () => {
  it("refuses an unknown store, and PostgreSQL without a URL, in one line naming the fix", async () => {
    const dataDir = tempFolder();
    await expect(openStore({ store: "nosql", dataDir })).rejects.toThrow(
      /^SEGMENTS_STORE=nosql is not one of memory, sqlite, postgres$/,
    );
    await expect(openStore({ store: "postgres", dataDir })).rejects.toThrow(/needs DATABASE_URL=postgres:\/\//);
  });

  it("keeps segments in memory when asked", async () => {
    const demo = await startDemo({ port: 0, dataDir: tempFolder(), store: "memory" });
    cleanups.push(() => demo.close());
    expect((await change(demo.url, 1, ["lead"])).status).toBe(200);
    expect(await demo.store.get("demo-website", SESSION)).toEqual({ segments: ["lead"], revision: 1 });
  });

  it.skipIf(!postgresReachable)("keeps segments in PostgreSQL when asked", async () => {
    const schema = testSchema();
    const demo = await startDemo({
      port: 0,
      dataDir: tempFolder(),
      store: "postgres",
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
    });
    cleanups.push(() => demo.close());
    expect((await change(demo.url, 1, ["lead"])).status).toBe(200);
    const other = await postgresStore(schema);
    expect(await other.get("demo-website", SESSION)).toEqual({ segments: ["lead"], revision: 1 });
  });
});

/** Runs the built demo as `npm start` would, with `env` added. */
function runDemo(env: Record<string, string>): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, ["examples/demo-server.mjs"], {
    env: { ...process.env, PORT: "0", SEGMENTS_DATA_DIR: tempFolder(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  cleanups.push(() => {
    child.kill();
    return exited;
  });
  return { child, stdout: () => out, stderr: () => err };
}

const exitCode = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", resolve));

describe("the demo process", () => {
  // It runs dist/server.mjs: a bundle built before the PostgreSQL store would fail here for that reason alone.
  const built = readFileSync(join(process.cwd(), "dist/server.mjs"), "utf8").includes("createPostgresStore");

  it("says in one line, and exits 1, when a setting is bad, the port taken or the database out of reach", async () => {
    expect(built, "dist/server.mjs predates createPostgresStore: run `npm run build`").toBe(true);
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, "127.0.0.1", listening));
    const takenPort = (taken.address() as AddressInfo).port;
    onTestFinished(() => new Promise<void>((closed) => taken.close(() => closed())));
    for (const [env, message] of [
      [
        { SEGMENTS_STORE: "postgres", DATABASE_URL: "postgres://postgres:hunter2@127.0.0.1:1/test" },
        /^crisp-segments demo: cannot open the segments store on PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED.*\n$/,
      ],
      [
        { SEGMENTS_STORE: "mongo" },
        /^crisp-segments demo: SEGMENTS_STORE=mongo is not one of memory, sqlite, postgres\n$/,
      ],
      [
        { PORT: "" },
        /^crisp-segments demo: PORT is empty: set it to a port number from 1 to 65535, or unset it for 8787\n$/,
      ],
      [
        { SEGMENTS_OPERATOR_IDENTIFIER: "me", SEGMENTS_OPERATOR_KEY: "short" },
        /^crisp-segments demo: SEGMENTS_OPERATOR_KEY is 5 characters long: use at least 16/,
      ],
      [
        { PORT: String(takenPort), SEGMENTS_STORE: "memory" },
        /^crisp-segments demo: port \d+ is taken: set PORT to a free one, e\.g\. PORT=\d+\n$/,
      ],
    ] as const) {
      const demo = runDemo(env);
      expect(await exitCode(demo.child)).toBe(1);
      expect(demo.stderr()).toMatch(message);
      expect(demo.stdout()).toBe("");
    }
  }, 20_000);

  it("prints its operator's pair and a curl to try it at start, and the same pair at the next start", async () => {
    const folder = tempFolder();
    const startAndRead = async () => {
      const demo = runDemo({ SEGMENTS_STORE: "memory", SEGMENTS_DATA_DIR: folder });
      await vi.waitFor(() => expect(demo.stdout()).toMatch(/curl .*\n/), { timeout: 10_000 });
      demo.child.kill();
      await exitCode(demo.child);
      return demo.stdout().split("\n");
    };
    const [first, second] = [await startAndRead(), await startAndRead()];
    const { identifier, key } = JSON.parse(readFileSync(join(folder, "operator.json"), "utf8"));
    expect(first.slice(1, 3)).toEqual([
      `REST API: operator ${identifier}, key ${key} (kept in ${join(folder, "operator.json")})`,
      expect.stringMatching(
        new RegExp(
          `^  curl -u "${identifier}:${key}" -H "X-Crisp-Tier: plugin" http://127\\.0\\.0\\.1:\\d+/v1/website/demo-website/conversations/1$`,
        ),
      ),
    ]);
    expect(second[1]).toBe(first[1]);
  }, 20_000);

  it("names an operator key from the environment without printing it", async () => {
    const key = "env-operator-key-0123456789";
    const demo = runDemo({
      SEGMENTS_STORE: "memory",
      SEGMENTS_OPERATOR_IDENTIFIER: "backend",
      SEGMENTS_OPERATOR_KEY: key,
    });
    await vi.waitFor(() => expect(demo.stdout()).toMatch(/curl .*\n/), { timeout: 10_000 });
    expect(demo.stdout()).not.toContain(key);
    expect(demo.stdout()).toContain("REST API: operator backend, key from SEGMENTS_OPERATOR_KEY\n");
    expect(demo.stdout()).toContain('curl -u "backend:$SEGMENTS_OPERATOR_KEY" -H "X-Crisp-Tier: plugin"');
  }, 20_000);

  it.skipIf(!postgresReachable)(
    "runs as two processes on one database that act as one service",
    async () => {
      expect(built, "dist/server.mjs predates createPostgresStore: run `npm run build`").toBe(true);
      const env = { SEGMENTS_STORE: "postgres", DATABASE_URL, SEGMENTS_DB_SCHEMA: testSchema() };
      const [one, two] = [runDemo(env), runDemo(env)];
      const urlOf = async (demo: ReturnType<typeof runDemo>) => {
        await vi.waitFor(() => expect(demo.stdout()).toMatch(/demo: (http:\S+)\/\n/), { timeout: 10_000 });
        return demo.stdout().match(/demo: (http:\S+)\/\n/)?.[1] ?? "";
      };
      const [first, second] = await Promise.all([urlOf(one), urlOf(two)]);
      expect((await change(first, 1, ["from-one"])).status).toBe(200);
      expect(await read(second)).toEqual({ segments: ["from-one"], revision: 1 });
      const racing = await Promise.all(
        Array.from({ length: 20 }, (_, index) => change(index % 2 ? first : second, index + 2, [`r${index + 2}`])),
      );
      expect(racing.every((response) => response.status === 200)).toBe(true);
      expect(await read(first)).toEqual({ segments: ["r21"], revision: 21 });
    },
    30_000,
  );
});
