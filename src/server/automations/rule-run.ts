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
import { evaluateRules, type Firing, type Occurrence } from "./rule-engine.js";
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

export const NO_RULES: readonly Rule[] = Object.freeze([]);

export function runRules(rules: readonly Rule[], change: SegmentsChange, facts: ChangeFacts = {}): RuleRun {
  // The hot path: a website without rules pays this one comparison.
  if (rules.length === 0) return { segments: change.after, changes: [change] };
  const outcome = evaluateRules(rules, occurrenceOf(change, facts));
  if (outcome.firings.length === 0) return { segments: change.after, changes: [change] };
  const sends = outcome.firings.map((): string[] => []);
  const triggerSends: string[] = [];
  for (const send of outcome.sends) {
    const carrier = carrierOf(outcome.firings, send.firing);
    (carrier < 0 ? triggerSends : (sends[carrier] as string[])).push(send.endpoint);
  }
  const changes = [withSends(change, triggerSends)];
  let before = change.after;
  outcome.firings.forEach((firing, index) => {
    if (changedList(firing)) {
      const { sendTo: _sendTo, ...base } = change;
      const made = { ...base, before, after: firing.segments, rule: firing.rule };
      changes.push(withSends(made, sends[index] as string[]));
    }
    before = firing.segments;
  });
  return { segments: outcome.segments, changes };
}

function occurrenceOf(change: SegmentsChange, facts: ChangeFacts): Occurrence {
  const occurrence: Occurrence = {
    subject: "sessionId" in change ? "conversation" : "contact",
    before: change.before,
    after: change.after,
    created: facts.created ?? false,
  };
  if (facts.email !== undefined) occurrence.email = facts.email;
  if (facts.previousEmail !== undefined) occurrence.previousEmail = facts.previousEmail;
  return occurrence;
}

/** The firing whose event carries firing `index`'s sends: itself, or what fired it; -1 for the trigger. */
function carrierOf(firings: readonly Firing[], index: number): number {
  let at = index;
  while (at >= 0 && !changedList(firings[at] as Firing)) at = (firings[at] as Firing).cause;
  return at;
}

function changedList(firing: Firing): boolean {
  return firing.added.length > 0 || firing.removed.length > 0;
}

function withSends(change: SegmentsChange, endpoints: readonly string[]): SegmentsChange {
  if (endpoints.length === 0) return change;
  return { ...change, sendTo: [...new Set([...(change.sendTo ?? []), ...endpoints])] };
}
