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
import { applyInPlace, type Change, ChangeBuilder } from "../../protocol/change.js";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import { matchesEmailPattern } from "./email-pattern.js";
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

/** The segments an event added and removed: the occurrence's own change, or a firing's. */
interface SegmentEdges {
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

export function evaluateRules(rules: readonly Rule[], occurrence: Occurrence): RulesOutcome {
  const list = new Set(occurrence.after);
  const builder = new ChangeBuilder();
  const events: SegmentEdges[] = [diff(occurrence.before, occurrence.after)];
  const fired = new Set<number>();
  const firings: Firing[] = [];
  const sends: WebhookSend[] = [];
  // `events` grows as rules fire; it holds at most rules.length + 1 events, since a rule fires once at most.
  for (let event = 0; event < events.length; event++) {
    const edges = events[event] as SegmentEdges;
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index] as Rule;
      if (fired.has(index) || !rule.enabled || !fires(rule, edges, occurrence)) continue;
      fired.add(index);
      const firing = fire(rule, list, builder, event - 1);
      for (const endpoint of endpoints(rule)) sends.push({ rule: rule.id, endpoint, firing: firings.length });
      firings.push(firing);
      events.push({ added: new Set(firing.added), removed: new Set(firing.removed) });
    }
  }
  return { change: builder.build(), segments: [...list], firings, sends };
}

/**
 * Email and creation belong to the occurrence alone, yet need no check of which event this is: they fire on the
 * first event or never, since a rule fires once at most and nothing a rule does changes them.
 */
function fires(rule: Rule, edges: SegmentEdges, occurrence: Occurrence): boolean {
  const when = rule.when;
  switch (when.on) {
    case "segment_added":
      return inScope(when.subject, occurrence) && edges.added.has(when.segment);
    case "segment_removed":
      return inScope(when.subject, occurrence) && edges.removed.has(when.segment);
    case "email_matches":
      return inScope(when.subject, occurrence) && startsToMatch(when.pattern, occurrence);
    case "contact_created":
      return occurrence.created && occurrence.subject === "contact";
  }
}

function inScope(subject: RuleSubject | undefined, occurrence: Occurrence): boolean {
  return subject === undefined || subject === occurrence.subject;
}

function startsToMatch(pattern: string, { email, previousEmail }: Occurrence): boolean {
  // An email that did not change cannot start to match: the common case costs no matching at all.
  if (email === undefined || email === previousEmail || !matchesEmailPattern(pattern, email)) return false;
  return previousEmail === undefined || !matchesEmailPattern(pattern, previousEmail);
}

/** Runs a rule's segment actions on `list` in order, folding what each really changed into `builder`. */
function fire(rule: Rule, list: Set<string>, builder: ChangeBuilder, cause: number): Firing {
  // Each segment's net move during this firing, against the list before it: costs the actions' size, not the list's.
  const moves = new Map<string, "added" | "removed">();
  const skipped: number[] = [];
  rule.then.forEach((action, index) => {
    if (action.do === "send_webhook") return;
    const kind = action.do === "add_segments" ? "add" : "remove";
    const segments = action.segments.filter((segment) => list.has(segment) === (kind === "remove"));
    if (!applyInPlace(list, { kind, segments }, MAX_SEGMENTS)) {
      skipped.push(index);
      return;
    }
    builder.fold({ kind, segments });
    const move = kind === "add" ? "added" : "removed";
    for (const segment of segments) {
      if (moves.has(segment)) moves.delete(segment);
      else moves.set(segment, move);
    }
  });
  const added = [...moves].filter(([, move]) => move === "added").map(([segment]) => segment);
  const removed = [...moves].filter(([, move]) => move === "removed").map(([segment]) => segment);
  return { rule: rule.id, cause, added, removed, segments: [...list], skipped };
}

function endpoints(rule: Rule): string[] {
  return rule.then.flatMap((action) => (action.do === "send_webhook" ? [action.endpoint] : []));
}

function diff(before: readonly string[], after: readonly string[]): SegmentEdges {
  const was = new Set(before);
  const is = new Set(after);
  return {
    added: new Set(after.filter((segment) => !was.has(segment))),
    removed: new Set(before.filter((segment) => !is.has(segment))),
  };
}
