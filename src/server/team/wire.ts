/**
 * The REST API's answers, shaped as Crisp's REST API v1 (snake_case, times in ms since the epoch): whatever else a
 * store returns, exactly these fields go out.
 */
import type { BatchResult, Contact, Conversation, ConversationMeta, SegmentCount } from "../storage/team-store.js";

export interface MetaWire extends ConversationMeta {
  segments: string[];
}

export interface ConversationWire {
  session_id: string;
  website_id: string;
  segments: string[];
  meta: MetaWire;
  updated_at: number;
}

export interface ContactWire {
  people_id: string;
  email: string;
  person: { nickname: string };
  segments: string[];
  created_at: number;
  updated_at: number;
}

export interface BatchWire {
  updated: string[];
  not_found: string[];
  too_many: string[];
}

/** A conversation's meta with its segments, which are the session's own list. */
export function metaWire(meta: ConversationMeta, segments: string[]): MetaWire {
  return { ...meta, segments };
}

export function conversationWire(websiteId: string, conversation: Conversation): ConversationWire {
  return {
    session_id: conversation.sessionId,
    website_id: websiteId,
    segments: conversation.segments,
    meta: metaWire(conversation.meta, conversation.segments),
    updated_at: conversation.updatedAt,
  };
}

export function contactWire(contact: Contact): ContactWire {
  return {
    people_id: contact.peopleId,
    email: contact.email,
    person: { nickname: contact.nickname },
    segments: contact.segments,
    created_at: contact.createdAt,
    updated_at: contact.updatedAt,
  };
}

export function batchWire(result: BatchResult): BatchWire {
  return { updated: result.updated, not_found: result.notFound, too_many: result.tooMany };
}

export function countWire(count: SegmentCount): SegmentCount {
  return { segment: count.segment, count: count.count };
}
