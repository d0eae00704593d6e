/**
 * The stores' one way to run rules on a write they are about to make, pure: a session's or a contact's next
 * state with the rules' segments in it, the answer to give, and the changes to record in the write's transaction.
 */
import type { SessionState } from "../storage/segments-store.js";
import type { Contact, ContactResult } from "../storage/team-store.js";
import type { SegmentsChange } from "./events.js";
import { type ChangeFacts, runRules } from "./rule-run.js";
import type { Rule } from "./rules.js";

export interface SessionWrite {
  next: SessionState;
  changes: SegmentsChange[];
}

/** A session about to go from `before` to `next` at `at`: what to store and record instead. */
export function sessionWrite(
  rules: readonly Rule[],
  ids: { websiteId: string; sessionId: string },
  before: readonly string[],
  next: SessionState,
  at: number,
  facts?: ChangeFacts,
): SessionWrite {
  const change: SegmentsChange = {
    websiteId: ids.websiteId,
    sessionId: ids.sessionId,
    before,
    after: next.segments,
    at,
  };
  // The hot path, a website without rules: the change as the write makes it, no copy of the state or the lists.
  if (rules.length === 0) return { next, changes: [change] };
  const run = runRules(rules, change, facts);
  const segments = run.segments === next.segments ? next.segments : run.segments.slice();
  return { next: { segments, revision: next.revision }, changes: run.changes };
}

/** `result` answering `segments` as its list: the answer of a write whose rules changed what it stored. */
export function withSegments<T extends { segments: string[] }>(result: T, segments: string[]): T {
  return result.segments === segments ? result : { ...result, segments: segments.slice() };
}

export interface ContactWrite {
  result: ContactResult;
  next: Contact;
  changes: SegmentsChange[];
}

/**
 * A contact about to be stored as `next` (`previous`: as it was; absent when this creates it): the rules see its
 * segments change, its email change (email_matches) and its creation (contact_created).
 */
export function contactWrite(
  rules: readonly Rule[],
  websiteId: string,
  previous: Contact | undefined,
  next: Contact,
): ContactWrite {
  const facts: ChangeFacts = { email: next.email, created: previous === undefined };
  if (previous !== undefined) facts.previousEmail = previous.email;
  const change = { websiteId, peopleId: next.peopleId, before: previous?.segments ?? [], after: next.segments };
  const run = runRules(rules, { ...change, at: next.updatedAt }, facts);
  const stored = { ...next, segments: run.segments.slice() };
  return {
    result: { reason: "updated", contact: { ...stored, segments: run.segments.slice() } },
    next: stored,
    changes: run.changes,
  };
}

/** The facts of a conversation's meta whose email went from `before`'s to `after`'s. */
export function emailFacts(after: { email?: string }, before: { email?: string }): ChangeFacts {
  const facts: ChangeFacts = {};
  if (after.email !== undefined) facts.email = after.email;
  if (before.email !== undefined) facts.previousEmail = before.email;
  return facts;
}
