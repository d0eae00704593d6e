/**
 * The stores every conformance test runs on: memory, SQLite in a temporary folder, and PostgreSQL in a schema of
 * its own where a server is reachable (postgres-fixture.ts closes those after each test).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import type { ChangeFeed, SegmentsStore } from "../../../src/server/storage/segments-store";
import { createSqliteStore } from "../../../src/server/storage/sqlite-store";
import type { TeamStore } from "../../../src/server/storage/team-store";
import { postgresReachable, postgresStore, testSchema } from "../../support/postgres";

const folders: string[] = [];
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "crisp-segments-store-"));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export type Store = SegmentsStore & ChangeFeed & TeamStore;
export const factories: Array<[string, (now: () => number) => Store | Promise<Store>]> = [
  ["memory", (now) => createMemoryStore({ now })],
  ["sqlite", (now) => createSqliteStore({ filename: join(tempFolder(), "segments.db"), now })],
];
if (postgresReachable) factories.push(["postgres", (now) => postgresStore(testSchema(), now)]);
