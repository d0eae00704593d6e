import type { Http } from "./http.js";
import type { Conversation, ConversationListOptions, ConversationMetaUpdate, ConversationMetaWithSegments, SegmentCount, SegmentsEdit } from "./types.js";
export interface ConversationsApi {
    /** The meta set on the conversation, with its segments; a session never seen reads as `{ segments: [] }`. */
    getMeta(websiteId: string, sessionId: string): Promise<ConversationMetaWithSegments>;
    /** Merges the fields given; `segments`, when given, replaces the list. */
    updateMeta(websiteId: string, sessionId: string, update: ConversationMetaUpdate): Promise<void>;
    getSegments(websiteId: string, sessionId: string): Promise<string[]>;
    /** Replaces the list; resolves it as stored (normalised, without duplicates). */
    setSegments(websiteId: string, sessionId: string, segments: string[]): Promise<string[]>;
    /** Adds and removes in one atomic edit; resolves the list it left. */
    editSegments(websiteId: string, sessionId: string, edit: SegmentsEdit): Promise<string[]>;
    addSegments(websiteId: string, sessionId: string, segments: string[]): Promise<string[]>;
    removeSegments(websiteId: string, sessionId: string, segments: string[]): Promise<string[]>;
    /** Every conversation the filter keeps, most recently changed first, fetched a page at a time as you read. */
    list(websiteId: string, options?: ConversationListOptions): AsyncGenerator<Conversation, void, undefined>;
    /** One page (20 rows) of the segments in use on conversations, each with its count, most used first. */
    suggestSegments(websiteId: string, page?: number): Promise<SegmentCount[]>;
}
export declare function conversationsApi(http: Http): ConversationsApi;
