/**
 * The rules' side of a store: each website's ordered list of rules, kept with the automations' tables, and read
 * by the store's own writes from an in-process cache (a website without rules costs one Map lookup). Lists are
 * checked before they get here (rule-check.ts); the edits themselves are the pure ones of rule-edits.ts.
 */
import type { Rule } from "./rules.js";
/** What an edit answers: its result, and the list to store in place of the one it was given, if any. */
export interface RulesEdit<R> {
    result: R;
    rules?: Rule[];
}
export interface RulesStore {
    /** The website's rules, in order; [] when it has none. */
    listRules(websiteId: string): Promise<Rule[]>;
    /**
     * Runs `edit` on the stored list and stores what it answers, atomically (no other edit of the website's rules
     * comes in between); once it resolves, this process's writes run the new list.
     */
    editRules<R>(websiteId: string, edit: (current: Rule[]) => RulesEdit<R>): Promise<R>;
}
export declare function isRulesStore(store: object): store is RulesStore;
