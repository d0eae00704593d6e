/**
 * The SQLite store's rules: a row per website that has any, its list as JSON. Every process sharing the file
 * keeps them all in memory, and checks a one-row version (bumped by each edit) once per write transaction, so
 * that a write sees the rules committed before it began, and a website without rules costs a Map lookup.
 */
import type Database from "better-sqlite3";
import { NO_RULES, type RulesOf } from "./rule-run.js";
import type { Rule } from "./rules.js";
import type { RulesEdit, RulesStore } from "./rules-store.js";

export interface SqliteRules extends RulesStore {
  rulesOf: RulesOf;
  /** Called at the start of each write transaction: reloads the rules if another process changed them. */
  refresh(): void;
}

export function createSqliteRules(db: Database.Database, now: () => number): SqliteRules {
  const version = db.prepare<[], { version: number }>("SELECT version FROM rule_lists_version");
  const all = db.prepare<[], { website_id: string; rules: string }>("SELECT website_id, rules FROM rule_lists");
  const one = db.prepare<[string], { rules: string }>("SELECT rules FROM rule_lists WHERE website_id = ?");
  const put = db.prepare<[string, string, number]>(`INSERT INTO rule_lists VALUES (?, ?, ?)
    ON CONFLICT (website_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`);
  const remove = db.prepare<[string]>("DELETE FROM rule_lists WHERE website_id = ?");
  const bump = db.prepare("UPDATE rule_lists_version SET version = version + 1");
  let seen = -1;
  let lists = new Map<string, readonly Rule[]>();
  const read = (websiteId: string): Rule[] => JSON.parse(one.get(websiteId)?.rules ?? "[]") as Rule[];
  const refresh = () => {
    const current = version.get()?.version ?? 0;
    if (current === seen) return;
    lists = new Map(all.all().map((row) => [row.website_id, JSON.parse(row.rules) as Rule[]]));
    seen = current;
  };
  const edit = db.transaction((websiteId: string, change: (current: Rule[]) => RulesEdit<unknown>): unknown => {
    const { result, rules } = change(read(websiteId));
    if (rules === undefined) return result;
    if (rules.length === 0) remove.run(websiteId);
    else put.run(websiteId, JSON.stringify(rules), now());
    bump.run();
    return result;
  });
  refresh();
  return {
    rulesOf: (websiteId) => lists.get(websiteId) ?? NO_RULES,
    refresh,
    listRules: async (websiteId) => read(websiteId),
    async editRules<R>(websiteId: string, change: (current: Rule[]) => RulesEdit<R>): Promise<R> {
      const result = edit.immediate(websiteId, change) as R;
      refresh();
      return result;
    },
  };
}
