/** The memory store's rules: one Map, which is its own cache. */
import { NO_RULES, type RulesOf } from "./rule-run.js";
import type { Rule } from "./rules.js";
import type { RulesStore } from "./rules-store.js";

export function createMemoryRules(): RulesStore & { rulesOf: RulesOf } {
  const lists = new Map<string, readonly Rule[]>();
  const read = (websiteId: string): Rule[] => structuredClone([...(lists.get(websiteId) ?? [])]);
  return {
    rulesOf: (websiteId) => lists.get(websiteId) ?? NO_RULES,
    listRules: async (websiteId) => read(websiteId),
    async editRules(websiteId, edit) {
      const { result, rules } = edit(read(websiteId));
      if (rules !== undefined && rules.length === 0) lists.delete(websiteId);
      else if (rules !== undefined) lists.set(websiteId, structuredClone(rules));
      return result;
    },
  };
}
