/**
 * The stores' one way to run rules on a write they are about to make, pure: a session's or a contact's next
 * state with the rules' segments in it, the answer to give, and the changes to record in the write's transaction.
 */
import type { SessionState } from "../storage/segments-store.js";
import type { Contact, ContactResult } from "../storage/team-store.js";
import type { SegmentsChange } from "./events.js";
import { type ChangeFacts } from "./rule-run.js";
import type { Rule } from "./rules.js";
export interface SessionWrite {
    next: SessionState;
    changes: SegmentsChange[];
}
/** A session about to go from `before` to `next` at `at`: what to store and record instead. */
export declare function sessionWrite(rules: readonly Rule[], ids: {
    websiteId: string;
    sessionId: string;
}, before: readonly string[], next: SessionState, at: number, facts?: ChangeFacts): SessionWrite;
/** `result` answering `segments` as its list: the answer of a write whose rules changed what it stored. */
export declare function withSegments<T extends {
    segments: string[];
}>(result: T, segments: string[]): T;
export interface ContactWrite {
    result: ContactResult;
    next: Contact;
    changes: SegmentsChange[];
}
/**
 * A contact about to be stored as `next` (`previous`: as it was; absent when this creates it): the rules see its
 * segments change, its email change (email_matches) and its creation (contact_created).
 */
export declare function contactWrite(rules: readonly Rule[], websiteId: string, previous: Contact | undefined, next: Contact): ContactWrite;
/** The facts of a conversation's meta whose email went from `before`'s to `after`'s. */
export declare function emailFacts(after: {
    email?: string;
}, before: {
    email?: string;
}): ChangeFacts;
