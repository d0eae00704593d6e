/** The edits the REST API makes to a website's list of rules, pure: what to store, and what to answer. */

import { MAX_RULES, type Rule } from "./rules.js";
import type { RulesEdit } from "./rules-store.js";

/** `taken`: a rule of the list has its id; `too_many`: the list holds MAX_RULES already. */
export type AddResult = { reason: "added"; rules: Rule[] } | { reason: "taken" | "too_many" };

export function replaceAll(rules: Rule[]): (current: Rule[]) => RulesEdit<Rule[]> {
  return () => ({ result: rules, rules });
}

/** Appends `rule` at the end of the list: the last rule to run. */
export function addRule(rule: Rule): (current: Rule[]) => RulesEdit<AddResult> {
  return (current) => {
    if (current.some((other) => other.id === rule.id)) return { result: { reason: "taken" } };
    if (current.length >= MAX_RULES) return { result: { reason: "too_many" } };
    const rules = [...current, rule];
    return { result: { reason: "added", rules }, rules };
  };
}

/** Removes the rule with id `ruleId`; answers the list left, or undefined when no rule has that id. */
export function deleteRule(ruleId: string): (current: Rule[]) => RulesEdit<Rule[] | undefined> {
  return (current) => {
    const rules = current.filter((rule) => rule.id !== ruleId);
    return rules.length === current.length ? { result: undefined } : { result: rules, rules };
  };
}
