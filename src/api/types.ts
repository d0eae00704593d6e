/** What the client's calls take and resolve. Shapes the service's store already defines are its own, re-exported. */
import type { BatchResult, Contact, ConversationMeta, SegmentCount } from "../server/storage/team-store.js";

export type { BatchResult, Contact, ConversationMeta, SegmentCount };

/** A conversation's meta as read: the fields set on it, and its segments (the list the SDK syncs). */
export interface ConversationMetaWithSegments extends ConversationMeta {
  segments: string[];
}

/** A meta update: the fields given are merged; `segments`, when given, replaces the list. */
export interface ConversationMetaUpdate extends ConversationMeta {
  segments?: string[];
}

export interface Conversation {
  sessionId: string;
  websiteId: string;
  segments: string[];
  meta: ConversationMeta;
  /** Milliseconds since the epoch, when the service knows it. */
  createdAt?: number;
  /** Milliseconds since the epoch of the last change. */
  updatedAt: number;
}

export interface NewPeopleProfile {
  email: string;
  nickname?: string;
  segments?: string[];
}

/** A profile update: the fields given are merged; `segments`, when given, replaces the list. */
export interface PeopleProfileUpdate {
  email?: string;
  nickname?: string;
  segments?: string[];
}

/** An atomic edit of one list: `add` and `remove` applied together, nothing else changed. */
export interface SegmentsEdit {
  add?: string[];
  remove?: string[];
}

/** Rows carrying `all` of the segments (the default), or `any` of them. No segments: every row. */
export interface SegmentsFilter {
  segments?: string[];
  match?: "all" | "any";
}

export interface ConversationListOptions extends SegmentsFilter {
  /** Rows per request, 20 to 50. Default 50. */
  perPage?: number;
}

export interface PeopleListOptions extends ConversationListOptions {
  /** Kept when its email or nickname contains this text, case aside. */
  text?: string;
}

export type PeopleExportOptions = Omit<PeopleListOptions, "perPage">;
