/**
 * Runs a website's rules on a change a store is about to write, pure: the list to store instead, and the changes
 * to record in its transaction, in order: the change itself, then each rule firing that changed the list, marked
 * with its rule (`rule`) so that nothing runs rules on it again. The bound is the engine's (rule-engine.ts): each
 * rule fires at most once per change, so a chain of rules ends after at most one firing per rule.
 *
 * A `send_webhook` action sends the event of its own firing, or, when that firing changed nothing, the event of
 * what fired it (the triggering change itself, recorded then even if its list did not change).
 */
import type { SegmentsChange } from "./events.js";
import type { Rule } from "./rules.js";
/** The facts of a change beyond its lists: an email that changed, a contact just created. */
export interface ChangeFacts {
    email?: string;
    previousEmail?: string;
    created?: boolean;
}
export interface RuleRun {
    /** The list to store: the change's own once every rule has run. */
    segments: readonly string[];
    /** What to record, the triggering change first. */
    changes: SegmentsChange[];
}
/** A website's rules by its id; an empty list for a website without any. */
export type RulesOf = (websiteId: string) => readonly Rule[];
export declare const NO_RULES: readonly Rule[];
export declare function runRules(rules: readonly Rule[], change: SegmentsChange, facts?: ChangeFacts): RuleRun;
