// A database of its own for a bench group's PostgreSQL figures, on the server at DATABASE_URL (default the
// project's test server), created for the run and dropped after it.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * `{ url, drop }` when the built package has a PostgreSQL store and the server answers; null otherwise, with the
 * reason told to `note` (the table's notes).
 */
export async function postgresDatabase(dist, note) {
  const server = await import(pathToFileURL(join(dist, "server.mjs")).href);
  if (typeof server.createPostgresStore !== "function") {
    note("PostgreSQL store not measured: dist/server.mjs exports no createPostgresStore.");
    return null;
  }
  const { default: postgres } = await import("postgres");
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `crisp_segments_bench_${process.pid}_${Date.now()}`;
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } catch (error) {
    await sql.end({ timeout: 1 });
    note(`PostgreSQL store not measured: no database at ${url} (${error.message}).`);
    return null;
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.href,
    drop: async () => {
      await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await sql.end({ timeout: 1 });
    },
  };
}
