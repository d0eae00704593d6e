/** The edits the REST API makes to a website's list of rules, pure: what to store, and what to answer. */
import { type Rule } from "./rules.js";
import type { RulesEdit } from "./rules-store.js";
/** `taken`: a rule of the list has its id; `too_many`: the list holds MAX_RULES already. */
export type AddResult = {
    reason: "added";
    rules: Rule[];
} | {
    reason: "taken" | "too_many";
};
export declare function replaceAll(rules: Rule[]): (current: Rule[]) => RulesEdit<Rule[]>;
/** Appends `rule` at the end of the list: the last rule to run. */
export declare function addRule(rule: Rule): (current: Rule[]) => RulesEdit<AddResult>;
/** Removes the rule with id `ruleId`; answers the list left, or undefined when no rule has that id. */
export declare function deleteRule(ruleId: string): (current: Rule[]) => RulesEdit<Rule[] | undefined>;
