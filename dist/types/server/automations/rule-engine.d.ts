/**
 * Runs a website's rules over one thing that happened to a conversation or a contact, and answers what they do: a
 * net segment change and the webhook sends. Pure and deterministic: same rules and occurrence, same outcome, in
 * rule order. The caller applies the change (an event like any other) and queues the sends, but must not run the
 * rules again on the event that change records: the chain below has already been followed to its end.
 *
 * Chains: a rule's own change is a new event that can fire the rules after it, breadth first: every rule the
 * occurrence fires, in rule order, then every rule the first firing's change fires, and so on.
 *
 * The bound: each rule fires at most once per occurrence, so no change made by a rule fires that rule again, a
 * cycle (A adds x, B on x adds y, A on y …) stops when it comes back to a rule that has fired, and an occurrence
 * costs at most N firings and (N + 1) × N trigger checks for N rules (10,100 with MAX_RULES).
 */
import { type Change } from "../../protocol/change.js";
import type { Rule, RuleSubject } from "./rules.js";
/** What happened to one conversation or contact, as the rules see it. */
export interface Occurrence {
    subject: RuleSubject;
    /** Its segments before and after the change. */
    before: readonly string[];
    after: readonly string[];
    /** Its email after the change and before it, if it has one: `email_matches` fires when the email starts to match. */
    email?: string;
    previousEmail?: string;
    /** True when the change created it (fires `contact_created` for a contact). */
    created: boolean;
}
export interface Firing {
    /** The rule's id. */
    rule: string;
    /** What fired it: -1 for the occurrence, otherwise the index of the firing whose change did. */
    cause: number;
    /** What its actions changed, against the list as it stood before it fired. */
    added: string[];
    removed: string[];
    /** The list after it fired. */
    segments: string[];
    /**
     * Indexes in the rule's `then` of the `add_segments` actions left out whole because they would have taken the list
     * past MAX_SEGMENTS (the service's own rule for a change); the rule's other actions still ran.
     */
    skipped: number[];
}
/** A webhook to send: to `endpoint`, because of the firing at index `firing`. */
export interface WebhookSend {
    rule: string;
    endpoint: string;
    firing: number;
}
export interface RulesOutcome {
    /** Every firing's change folded, in firing order: applying it to `after` gives `segments`. */
    change: Change;
    /** The list once every rule has run. */
    segments: string[];
    firings: Firing[];
    sends: WebhookSend[];
}
export declare function evaluateRules(rules: readonly Rule[], occurrence: Occurrence): RulesOutcome;
