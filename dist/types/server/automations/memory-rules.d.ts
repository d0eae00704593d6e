/** The memory store's rules: one Map, which is its own cache. */
import { type RulesOf } from "./rule-run.js";
import type { RulesStore } from "./rules-store.js";
export declare function createMemoryRules(): RulesStore & {
    rulesOf: RulesOf;
};
