/**
 * The team's side of a store: conversation metas, contacts (people profiles), filtered lists and batches, shaped
 * for Crisp's REST API. The same objects that hold the sessions implement it, so one database holds both. Inputs
 * are already checked (segments by protocol/segments.ts); the store decides with the pure rules of team-rules.ts.
 */
import type { Change } from "../../protocol/change.js";
import type { SessionChange, SessionSummary } from "./segments-store.js";

/** The fields of Crisp's conversation meta that the service keeps; segments stay the session's own list. */
export interface ConversationMeta {
  nickname?: string;
  email?: string;
  phone?: string;
  address?: string;
  subject?: string;
  origin?: string;
  avatar?: string;
  data?: Record<string, string | number | boolean>;
}

export interface Conversation extends SessionSummary {
  meta: ConversationMeta;
}

export interface Contact {
  /** A UUID, made by the store. */
  peopleId: string;
  /** Unique per website, compared without regard to case. */
  email: string;
  nickname: string;
  segments: string[];
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface NewContact {
  email: string;
  nickname?: string;
  segments?: string[];
}

export interface ContactPatch {
  email?: string;
  nickname?: string;
  segments?: Change;
}

/**
 * `email_taken`: another contact of the website has that email (its id in `peopleId`); `too_many`: the list would
 * pass MAX_SEGMENTS; `not_found`: no such contact. Nothing is stored unless `updated`.
 */
export type ContactResult =
  | { reason: "updated"; contact: Contact }
  | { reason: "email_taken"; peopleId: string }
  | { reason: "too_many"; contact: Contact }
  | { reason: "not_found" };

/** `all`: rows carrying every segment listed; `any`: at least one. An empty list filters nothing. */
export interface SegmentFilter {
  segments: string[];
  match: "all" | "any";
}

/** Page 1 is the newest; `perPage` is clamped to 1–100. */
export interface PageQuery {
  page: number;
  perPage: number;
}

/** A place in a list (newest changed first, then by id): the sort key of the row a page ended on. */
export interface ListCursor {
  updatedAt: number;
  id: string;
}

/** With `after`, the page is the rows that follow it (`page` is then ignored): a walk costs what it reads. */
export interface ListQuery extends PageQuery {
  after?: ListCursor;
}

export interface ConversationQuery extends ListQuery {
  filter?: SegmentFilter;
}

export interface ContactQuery extends ListQuery {
  filter?: SegmentFilter;
  /** Kept when its email or nickname contains it, case aside. */
  text?: string;
}

export interface SegmentCount {
  segment: string;
  count: number;
}

/** Who a batch reached: `tooMany` were left as they were (the list would pass MAX_SEGMENTS), `notFound` too. */
export interface BatchResult {
  updated: string[];
  tooMany: string[];
  notFound: string[];
}

export type BatchTarget = { sessions: string[] } | { contacts: string[] };

/** What the feed tells of a contact: its list as just stored, or that it was deleted. */
export interface ContactChange {
  websiteId: string;
  peopleId: string;
  segments: string[];
  updatedAt: number;
  deleted: boolean;
}

export type StoreChange = SessionChange | ContactChange;

export function isContactChange(change: StoreChange): change is ContactChange {
  return "peopleId" in change;
}

export interface TeamStore {
  /** A conversation never given a meta reads as `{}`. */
  getMeta(websiteId: string, sessionId: string): Promise<ConversationMeta>;
  /** Merges `patch` field by field (`data` whole) and answers the stored meta; never touches segments or revision. */
  mergeMeta(websiteId: string, sessionId: string, patch: ConversationMeta): Promise<ConversationMeta>;
  createContact(websiteId: string, contact: NewContact): Promise<ContactResult>;
  getContact(websiteId: string, peopleId: string): Promise<Contact | undefined>;
  updateContact(websiteId: string, peopleId: string, patch: ContactPatch): Promise<ContactResult>;
  deleteContact(websiteId: string, peopleId: string): Promise<boolean>;
  /** The contact whose email the conversation's meta carries, if any. */
  contactOfConversation(websiteId: string, sessionId: string): Promise<Contact | undefined>;
  /** Sessions with their segments and meta (one given only a meta too), the most recently changed first. */
  listConversations(websiteId: string, query: ConversationQuery): Promise<Conversation[]>;
  listContacts(websiteId: string, query: ContactQuery): Promise<Contact[]>;
  /** Each segment in use with how many conversations or contacts carry it, most used first. */
  suggestSegments(websiteId: string, of: "conversations" | "contacts", page: PageQuery): Promise<SegmentCount[]>;
  /** Adds `segments` to every target, in one transaction. */
  addSegments(websiteId: string, target: BatchTarget, segments: string[]): Promise<BatchResult>;
  /** Hears every stored change, sessions' and contacts', in the order stored (`subscribe` hears sessions'). */
  subscribeAll(listener: (change: StoreChange) => void): Promise<() => Promise<void>>;
}
