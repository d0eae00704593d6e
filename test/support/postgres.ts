/**
 * PostgreSQL for tests: each store in a schema of its own, dropped after the test. Where no server answers at
 * DATABASE_URL, `postgresReachable` is false and the suites that need it are skipped with a one-line notice.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterEach } from "vitest";
import { createPostgresStore, type PostgresSegmentsStore } from "../../src/server/storage/postgres-store";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function probe(): Promise<boolean> {
  const sql = postgres(DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    console.warn(`PostgreSQL is not reachable at ${DATABASE_URL}: its store tests are skipped (set DATABASE_URL).`);
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export const postgresReachable = await probe();

const schemas = new Set<string>();

/** A fresh schema name, dropped (with everything in it) after the test. */
export function testSchema(): string {
  const schema = `test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  schemas.add(schema);
  return schema;
}

/** A store in `schema`; several calls with one schema are several instances on one database. */
export async function postgresStore(schema: string, now?: () => number): Promise<PostgresSegmentsStore> {
  const store = await createPostgresStore({ url: DATABASE_URL, schema, now, max: 4 });
  opened.push(store);
  return store;
}

const opened: PostgresSegmentsStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  if (schemas.size === 0) return;
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  for (const schema of schemas) await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
  schemas.clear();
  await sql.end();
});
