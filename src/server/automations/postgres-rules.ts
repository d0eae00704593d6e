/**
 * The PostgreSQL store's rules: a row per website that has any, its list as jsonb. Each instance keeps them all in
 * memory and reloads them when told (LISTEN "<schema>.rules", sent by a trigger on every change, and on every
 * reconnection of the listener), so that a website without rules costs a Map lookup. Another instance runs the
 * new rules once its notice arrives (milliseconds); the instance that made the edit, once the edit resolves.
 */
import type postgres from "postgres";
import { NO_RULES, type RulesOf } from "./rule-run.js";
import type { Rule } from "./rules.js";
import type { RulesEdit, RulesStore } from "./rules-store.js";

export interface PostgresRules extends RulesStore {
  rulesOf: RulesOf;
}

export async function createPostgresRules(
  sql: postgres.Sql,
  schema: string,
  onError: (error: unknown) => void,
): Promise<PostgresRules> {
  const table = sql(`${schema}.rule_lists`);
  let lists = new Map<string, readonly Rule[]>();
  // Loads may finish out of order: only one issued after the list in hand replaces it.
  let issued = 0;
  let applied = 0;
  const reload = async () => {
    const ticket = ++issued;
    const rows = await sql<{ website_id: string; rules: Rule[] }[]>`SELECT website_id, rules FROM ${table}`;
    if (ticket < applied) return;
    applied = ticket;
    lists = new Map(rows.map((row) => [row.website_id, row.rules]));
  };
  const reloadSoon = () => void reload().catch(onError);
  await sql.listen(`${schema}.rules`, reloadSoon, reloadSoon);
  await reload();
  return {
    rulesOf: (websiteId) => lists.get(websiteId) ?? NO_RULES,
    async listRules(websiteId) {
      const [row] = await sql<{ rules: Rule[] }[]>`SELECT rules FROM ${table} WHERE website_id = ${websiteId}`;
      return row?.rules ?? [];
    },
    async editRules<R>(websiteId: string, edit: (current: Rule[]) => RulesEdit<R>): Promise<R> {
      let answer: { result: R } | undefined;
      await sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`crisp-segments:${schema}:rules:${websiteId}`}))`;
        const [row] = await tx<{ rules: Rule[] }[]>`SELECT rules FROM ${table} WHERE website_id = ${websiteId}`;
        const { result, rules } = edit(row?.rules ?? []);
        if (rules !== undefined && rules.length === 0) await tx`DELETE FROM ${table} WHERE website_id = ${websiteId}`;
        else if (rules !== undefined) {
          await tx`INSERT INTO ${table} (website_id, rules, updated_at)
            VALUES (${websiteId}, ${tx.json(rules as unknown as postgres.JSONValue)}, ${Date.now()})
            ON CONFLICT (website_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`;
        }
        answer = { result };
      });
      await reload();
      return (answer as { result: R }).result;
    },
  };
}
