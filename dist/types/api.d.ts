/**
 * `crisp-segments/api`: a typed client of the service's Crisp-shaped REST API, for backends (Node 20 and any
 * runtime with fetch). Built on ky; ky is its one dependency.
 */
export type { BatchApi } from "./api/batch.js";
export { createSegmentsApi, type SegmentsApi } from "./api/client.js";
export type { ConversationsApi } from "./api/conversations.js";
export { SegmentsApiError, type SegmentsApiErrorFields, type SegmentsApiReason } from "./api/errors.js";
export type { RetryOptions, SegmentsApiOptions } from "./api/options.js";
export type { PeopleApi } from "./api/people.js";
export type { BatchResult, Contact, Conversation, ConversationListOptions, ConversationMeta, ConversationMetaUpdate, ConversationMetaWithSegments, NewPeopleProfile, PeopleExportOptions, PeopleListOptions, PeopleProfileUpdate, SegmentCount, SegmentsEdit, SegmentsFilter, } from "./api/types.js";
