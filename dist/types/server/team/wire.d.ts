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
    person: {
        nickname: string;
    };
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
export declare function metaWire(meta: ConversationMeta, segments: string[]): MetaWire;
export declare function conversationWire(websiteId: string, conversation: Conversation): ConversationWire;
export declare function contactWire(contact: Contact): ContactWire;
export declare function batchWire(result: BatchResult): BatchWire;
export declare function countWire(count: SegmentCount): SegmentCount;
