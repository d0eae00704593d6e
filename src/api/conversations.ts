/** `api.conversations`: a conversation's meta and segments, the filtered list, and the segments in use. */
import {
  type CheckedEdit,
  editArg,
  filterArg,
  metaArg,
  pageArg,
  perPageArg,
  removalArg,
  segmentsArg,
  sessionIdArg,
  websiteIdArg,
} from "./arguments.js";
import { conversations, editedSegments, metaWithSegments, nothing, segmentCounts } from "./decode.js";
import type { Http } from "./http.js";
import { walkPages, withCursor } from "./paging.js";
import { paths } from "./paths.js";
import { conversationSearch } from "./search.js";
import type {
  Conversation,
  ConversationListOptions,
  ConversationMetaUpdate,
  ConversationMetaWithSegments,
  SegmentCount,
  SegmentsEdit,
} from "./types.js";

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

// Not async: a bad argument throws where `list` is called, before the first page is asked for.
function listConversations(http: Http, websiteId: string, options: ConversationListOptions = {}) {
  const website = websiteIdArg(websiteId);
  const perPage = perPageArg(options.perPage);
  const searchParams = conversationSearch({ ...filterArg(options), perPage });
  const page = (number: number, cursor: string | undefined) =>
    http.page(
      { method: "GET", path: paths.conversations(website, number), searchParams: withCursor(searchParams, cursor) },
      conversations,
    );
  return walkPages(page, perPage);
}

export function conversationsApi(http: Http): ConversationsApi {
  // Every call is async, so that a bad argument rejects like a refusal would, before anything is sent.
  async function getMeta(websiteId: string, sessionId: string): Promise<ConversationMetaWithSegments> {
    const path = paths.conversationMeta(websiteIdArg(websiteId), sessionIdArg(sessionId));
    return http.data({ method: "GET", path }, metaWithSegments);
  }

  async function updateMeta(websiteId: string, sessionId: string, update: ConversationMetaUpdate): Promise<void> {
    const path = paths.conversationMeta(websiteIdArg(websiteId), sessionIdArg(sessionId));
    const segments = update.segments === undefined ? {} : { segments: segmentsArg(update.segments) };
    return http.data({ method: "PATCH", path, json: { ...metaArg(update), ...segments } }, nothing);
  }

  /** The atomic edit, its lists already checked. */
  async function edit(websiteId: string, sessionId: string, checked: CheckedEdit): Promise<string[]> {
    const path = paths.conversationSegments(websiteIdArg(websiteId), sessionIdArg(sessionId));
    return http.data({ method: "PATCH", path, json: checked }, editedSegments);
  }

  return {
    getMeta,
    updateMeta,
    getSegments: async (websiteId, sessionId) => (await getMeta(websiteId, sessionId)).segments,
    async setSegments(websiteId, sessionId, segments) {
      const list = segmentsArg(segments);
      await updateMeta(websiteId, sessionId, { segments: list });
      return list;
    },
    editSegments: async (websiteId, sessionId, changes) => edit(websiteId, sessionId, editArg(changes)),
    addSegments: async (websiteId, sessionId, segments) =>
      edit(websiteId, sessionId, { add: segmentsArg(segments), remove: [] }),
    removeSegments: async (websiteId, sessionId, segments) =>
      edit(websiteId, sessionId, { add: [], remove: removalArg(segments) }),
    list: (websiteId, options) => listConversations(http, websiteId, options),
    async suggestSegments(websiteId, page = 1) {
      const path = paths.conversationSuggestions(websiteIdArg(websiteId), pageArg(page));
      return http.data({ method: "GET", path }, segmentCounts);
    },
  };
}
