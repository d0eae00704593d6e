/** `createSegmentsApi`: the options checked once, one ky instance, and the three groups of calls sharing it. */
import { type BatchApi, batchApi } from "./batch.js";
import { type ConversationsApi, conversationsApi } from "./conversations.js";
import { createHttp } from "./http.js";
import { normalizeApiOptions, type SegmentsApiOptions } from "./options.js";
import { type PeopleApi, peopleApi } from "./people.js";

export interface SegmentsApi {
  conversations: ConversationsApi;
  people: PeopleApi;
  batch: BatchApi;
}

/** Throws a TypeError naming the bad option; makes no request until a call does. */
export function createSegmentsApi(options: SegmentsApiOptions): SegmentsApi {
  const http = createHttp(normalizeApiOptions(options));
  return { conversations: conversationsApi(http), people: peopleApi(http), batch: batchApi(http) };
}
