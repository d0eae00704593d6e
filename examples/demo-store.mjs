// The demo's store: SQLite in its data folder unless SEGMENTS_STORE says otherwise.
import { join } from "node:path";
import { createMemoryStore, createPostgresStore, createSqliteStore } from "../dist/server.mjs";

/**
 * Opens the store named by `store`; rejects with a one-line error naming the bad value and the fix.
 * @param {{ store?: string, dataDir: string, databaseUrl?: string, databaseSchema?: string }} options
 */
export async function openStore({ store = "sqlite", dataDir, databaseUrl, databaseSchema }) {
  if (store === "sqlite") return createSqliteStore({ filename: join(dataDir, "segments.db") });
  if (store === "memory") return createMemoryStore();
  if (store !== "postgres") throw new Error(`SEGMENTS_STORE=${store} is not one of memory, sqlite, postgres`);
  if (!databaseUrl) throw new Error("SEGMENTS_STORE=postgres needs DATABASE_URL=postgres://user:password@host/db");
  return createPostgresStore({ url: databaseUrl, schema: databaseSchema || undefined });
}
