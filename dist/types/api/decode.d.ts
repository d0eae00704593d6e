import type { BatchResult, Contact, Conversation, ConversationMetaWithSegments, SegmentCount } from "./types.js";
export declare function isRecord(value: unknown): value is Record<string, unknown>;
export declare function metaWithSegments(data: unknown): ConversationMetaWithSegments;
export declare const conversations: (data: unknown) => Conversation[];
export declare const oneContact: (data: unknown) => Contact;
export declare const contacts: (data: unknown) => Contact[];
export declare const peopleId: (data: unknown) => string;
/** The list an atomic edit left: `{ segments }`. */
export declare const editedSegments: (data: unknown) => string[];
export declare const segmentCounts: (data: unknown) => SegmentCount[];
export declare function batchResult(data: unknown): BatchResult;
/** For calls whose answer carries nothing (`data: {}`): any data is fine. */
export declare const nothing: () => void;
