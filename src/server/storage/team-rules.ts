/** The team store's rules, pure, shared by every store: what a meta merge, a contact write or a page means. */
import type { Change } from "../../protocol/change.js";
import { decideEdit } from "./session-update.js";
import type {
  Contact,
  ContactPatch,
  ContactResult,
  ConversationMeta,
  NewContact,
  PageQuery,
  SegmentCount,
  SegmentFilter,
} from "./team-store.js";

export const MAX_PER_PAGE = 100;

/** Fields the patch gives replace the stored ones; `data` is replaced whole, as a field. */
export function mergeMeta(current: ConversationMeta, patch: ConversationMeta): ConversationMeta {
  const merged: ConversationMeta = { ...current };
  for (const [field, value] of Object.entries(patch) as [keyof ConversationMeta, unknown][]) {
    if (value !== undefined) Object.assign(merged, { [field]: value });
  }
  return merged;
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
export function pageWindow(query: PageQuery): { limit: number; offset: number } {
  const limit = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(query.perPage) || 1));
  const page = Math.max(1, Math.floor(query.page) || 1);
  return { limit, offset: (page - 1) * limit };
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

export function addition(segments: string[]): Change {
  return { overwrite: false, segments, remove: [] };
}

function replaceWith(segments: string[]): Change {
  return { overwrite: true, segments };
}

export function copyContact(contact: Contact): Contact {
  return { ...contact, segments: contact.segments.slice() };
}
