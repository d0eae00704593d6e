/** The team store's rules, pure, shared by every store: what a meta merge, a contact write or a page means. */
import type { Change } from "../../protocol/change.js";
import type { EditResult } from "./segments-store.js";
import type { BatchResult, Contact, ContactPatch, ContactResult, ConversationMeta, ListCursor, ListQuery, NewContact, SegmentCount, SegmentFilter } from "./team-store.js";
export declare const MAX_PER_PAGE = 100;
export type MetaCheck = {
    ok: true;
    meta: ConversationMeta;
} | {
    ok: false;
    field: string;
    expected: string;
};
/**
 * A meta as given (a request's body): the known fields, checked; unknown fields are dropped, never an error.
 * `data` is an object of strings, numbers and booleans.
 */
export declare function readMeta(value: unknown): MetaCheck;
/** The known fields of a patch alone, so that a store keeps what it accepts whatever it was handed. */
export declare function knownMeta(patch: ConversationMeta): ConversationMeta;
/** Fields the patch gives replace the stored ones; `data` is replaced whole, as a field. */
export declare function mergeMeta(current: ConversationMeta, patch: ConversationMeta): ConversationMeta;
/** Emails are one per website whatever their case: this is the key they are compared by. */
export declare function emailKey(email: string): string;
/** What a text search looks in: email and nickname, lower-cased, kept with the row so that stores agree. */
export declare function searchKey(contact: Pick<Contact, "email" | "nickname">): string;
export declare function matchesText(contact: Pick<Contact, "email" | "nickname">, text: string | undefined): boolean;
/** Rows to skip and to take for a page: page 1 and 1–100 rows whatever was asked. */
export declare function pageWindow(query: ListQuery): {
    limit: number;
    offset: number;
};
/** Where a list's rows start, as SQL binds it: after the cursor, or (without one) after every possible row key. */
export declare function cursorBounds(after: ListCursor | undefined): {
    before: number;
    after: string;
};
/** A list's order: the most recently changed first, then by id (as the stores' indexes hold them). */
export declare function listOrder(a: {
    updatedAt: number;
    id: string;
}, b: {
    updatedAt: number;
    id: string;
}): number;
/** Whether a row comes after `cursor` in a list's order. */
export declare function isAfter(row: {
    updatedAt: number;
    id: string;
}, cursor: ListCursor | undefined): boolean;
/** The filter's segments, once each; undefined when it filters nothing. */
export declare function filterSegments(filter: SegmentFilter | undefined): string[] | undefined;
export declare function matchesFilter(list: readonly string[], filter: SegmentFilter | undefined): boolean;
/** Counts each segment over the lists, most used first, then by name so that pages are stable. */
export declare function countSegments(lists: Iterable<readonly string[]>): SegmentCount[];
type Decision = {
    result: ContactResult;
    next?: Contact;
};
/** A new contact; `holder` is the contact that already has its email, if one does. */
export declare function decideCreate(input: NewContact, peopleId: string, now: number, holder: string | undefined): Decision;
/** A patch on `current`; `holder` is another contact that already has the new email, if one does. */
export declare function decideUpdate(current: Contact, patch: ContactPatch, now: number, holder: string | undefined): Decision;
/** Where a batch's target goes in its answer, by the reason its write gave (a batch sets no email: no email_taken). */
export declare function batchBucket(reason: ContactResult["reason"] | EditResult["reason"]): keyof BatchResult;
/** A batch's answer: each id once, in the order given. */
export declare function tally(ids: string[], buckets: ReadonlyMap<string, keyof BatchResult>): BatchResult;
export declare function addition(segments: string[]): Change;
export declare function copyContact(contact: Contact): Contact;
export {};
