/** `createSegmentsApi`: the options checked once, one ky instance, and the three groups of calls sharing it. */
import { type BatchApi } from "./batch.js";
import { type ConversationsApi } from "./conversations.js";
import { type SegmentsApiOptions } from "./options.js";
import { type PeopleApi } from "./people.js";
export interface SegmentsApi {
    conversations: ConversationsApi;
    people: PeopleApi;
    batch: BatchApi;
}
/** Throws a TypeError naming the bad option; makes no request until a call does. */
export declare function createSegmentsApi(options: SegmentsApiOptions): SegmentsApi;
