/** The team store's rules, pure, shared by every store: what a meta merge, a contact write or a page means. */
import type { Change } from "../../protocol/change.js";
import type { EditResult } from "./segments-store.js";
import { decideEdit } from "./session-update.js";
import type {
  BatchResult,
  Contact,
  ContactPatch,
  ContactResult,
  ConversationMeta,
  ListCursor,
  ListQuery,
  NewContact,
  SegmentCount,
  SegmentFilter,
} from "./team-store.js";

export const MAX_PER_PAGE = 100;

/** The meta fields the service keeps, each with the type it accepts; any other field is left out. */
const META_FIELDS = {
  nickname: "string",
  email: "string",
  phone: "string",
  address: "string",
  subject: "string",
  origin: "string",
  avatar: "string",
  data: "object",
} as const satisfies Record<keyof ConversationMeta, "string" | "object">;

export type MetaCheck = { ok: true; meta: ConversationMeta } | { ok: false; field: string; expected: string };

/**
 * A meta as given (a request's body): the known fields, checked; unknown fields are dropped, never an error.
 * `data` is an object of strings, numbers and booleans.
 */
export function readMeta(value: unknown): MetaCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, field: "meta", expected: "an object" };
  }
  const meta: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(META_FIELDS)) {
    const given = (value as Record<string, unknown>)[field];
    if (given === undefined) continue;
    const ok = type === "string" ? typeof given === "string" : isData(given);
    if (!ok)
      return {
        ok: false,
        field,
        expected: type === "string" ? "a string" : "an object of strings, numbers or booleans",
      };
    meta[field] = given;
  }
  return { ok: true, meta: meta as ConversationMeta };
}

function isData(value: unknown): value is Record<string, string | number | boolean> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((item) => ["string", "number", "boolean"].includes(typeof item));
}

/** The known fields of a patch alone, so that a store keeps what it accepts whatever it was handed. */
export function knownMeta(patch: ConversationMeta): ConversationMeta {
  const known: Record<string, unknown> = {};
  for (const field of Object.keys(META_FIELDS)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value !== undefined) known[field] = value;
  }
  return known as ConversationMeta;
}

/** Fields the patch gives replace the stored ones; `data` is replaced whole, as a field. */
export function mergeMeta(current: ConversationMeta, patch: ConversationMeta): ConversationMeta {
  return { ...current, ...knownMeta(patch) };
}

/** Emails are one per website whatever their case: this is the key they are compared by. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** What a text search looks in: email and nickname, lower-cased, kept with the row so that stores agree. */
export function searchKey(contact: Pick<Contact, "email" | "nickname">): string {
  return `${contact.email}\n${contact.nickname}`.toLowerCase();
}

export function matchesText(contact: Pick<Contact, "email" | "nickname">, text: string | undefined): boolean {
  return text === undefined || text === "" || searchKey(contact).includes(text.toLowerCase());
}

/** Rows to skip and to take for a page: page 1 and 1–100 rows whatever was asked. */
export function pageWindow(query: ListQuery): { limit: number; offset: number } {
  const limit = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(query.perPage) || 1));
  const page = query.after === undefined ? Math.max(1, Math.floor(query.page) || 1) : 1;
  return { limit, offset: (page - 1) * limit };
}

/** Where a list's rows start, as SQL binds it: after the cursor, or (without one) after every possible row key. */
export function cursorBounds(after: ListCursor | undefined): { before: number; after: string } {
  return after === undefined
    ? { before: Number.MAX_SAFE_INTEGER, after: "" }
    : { before: after.updatedAt, after: after.id };
}

/** A list's order: the most recently changed first, then by id (as the stores' indexes hold them). */
export function listOrder(a: { updatedAt: number; id: string }, b: { updatedAt: number; id: string }): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether a row comes after `cursor` in a list's order. */
export function isAfter(row: { updatedAt: number; id: string }, cursor: ListCursor | undefined): boolean {
  return cursor === undefined || listOrder(cursor, row) < 0;
}

/** The filter's segments, once each; undefined when it filters nothing. */
export function filterSegments(filter: SegmentFilter | undefined): string[] | undefined {
  const segments = [...new Set(filter?.segments ?? [])];
  return segments.length === 0 ? undefined : segments;
}

export function matchesFilter(list: readonly string[], filter: SegmentFilter | undefined): boolean {
  const wanted = filterSegments(filter);
  if (wanted === undefined) return true;
  return filter?.match === "any" ? wanted.some((s) => list.includes(s)) : wanted.every((s) => list.includes(s));
}

/** Counts each segment over the lists, most used first, then by name so that pages are stable. */
export function countSegments(lists: Iterable<readonly string[]>): SegmentCount[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const segment of list) counts.set(segment, (counts.get(segment) ?? 0) + 1);
  return [...counts]
    .map(([segment, count]) => ({ segment, count }))
    .sort((a, b) => b.count - a.count || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
}

type Decision = { result: ContactResult; next?: Contact };

/** A new contact; `holder` is the contact that already has its email, if one does. */
export function decideCreate(input: NewContact, peopleId: string, now: number, holder: string | undefined): Decision {
  if (holder !== undefined) return { result: { reason: "email_taken", peopleId: holder } };
  const empty: Contact = {
    peopleId,
    email: input.email.trim(),
    nickname: "",
    segments: [],
    createdAt: now,
    updatedAt: now,
  };
  return decideUpdate(empty, { nickname: input.nickname, segments: replaceWith(input.segments ?? []) }, now, undefined);
}

/** A patch on `current`; `holder` is another contact that already has the new email, if one does. */
export function decideUpdate(current: Contact, patch: ContactPatch, now: number, holder: string | undefined): Decision {
  if (holder !== undefined && holder !== current.peopleId) {
    return { result: { reason: "email_taken", peopleId: holder } };
  }
  const edit = decideEdit({ segments: current.segments, revision: 0 }, patch.segments ?? replaceWith(current.segments));
  if (edit.result.reason === "too_many") return { result: { reason: "too_many", contact: copyContact(current) } };
  const next: Contact = {
    ...current,
    email: patch.email?.trim() ?? current.email,
    nickname: patch.nickname ?? current.nickname,
    segments: edit.result.segments,
    updatedAt: now,
  };
  return { result: { reason: "updated", contact: copyContact(next) }, next };
}

/** Where a batch's target goes in its answer, by the reason its write gave (a batch sets no email: no email_taken). */
export function batchBucket(reason: ContactResult["reason"] | EditResult["reason"]): keyof BatchResult {
  return reason === "updated" ? "updated" : reason === "not_found" || reason === "email_taken" ? "notFound" : "tooMany";
}

/** A batch's answer: each id once, in the order given. */
export function tally(ids: string[], buckets: ReadonlyMap<string, keyof BatchResult>): BatchResult {
  const batch: BatchResult = { updated: [], tooMany: [], notFound: [] };
  for (const id of new Set(ids)) batch[buckets.get(id) ?? "notFound"].push(id);
  return batch;
}

export function addition(segments: string[]): Change {
  return { overwrite: false, segments, remove: [] };
}

function replaceWith(segments: string[]): Change {
  return { overwrite: true, segments };
}

export function copyContact(contact: Contact): Contact {
  return { ...contact, segments: contact.segments.slice() };
}
