/** `api.batch`: segments added to many conversations or contacts in one call, as Crisp's batch route does. */
import { batchSegmentsArg, idsArg, peopleIdArg, sessionIdArg, websiteIdArg } from "./arguments.js";
import { batchResult } from "./decode.js";
import type { Http } from "./http.js";
import { paths } from "./paths.js";
import type { BatchResult } from "./types.js";

export interface BatchApi {
  /** Adds the segments to each conversation; resolves which were updated, not found, or would pass 100 segments. */
  addToConversations(websiteId: string, sessionIds: string[], segments: string[]): Promise<BatchResult>;
  /** Adds the segments to each contact, likewise. */
  addToPeople(websiteId: string, peopleIds: string[], segments: string[]): Promise<BatchResult>;
}

export function batchApi(http: Http): BatchApi {
  return {
    async addToConversations(websiteId, sessionIds, segments) {
      const path = paths.batchSegments(websiteIdArg(websiteId));
      const json = { sessions: idsArg(sessionIds, "sessionIds", sessionIdArg), segments: batchSegmentsArg(segments) };
      return http.data({ method: "PATCH", path, json }, batchResult);
    },
    async addToPeople(websiteId, peopleIds, segments) {
      const path = paths.batchSegments(websiteIdArg(websiteId));
      const json = {
        people: { profiles: idsArg(peopleIds, "peopleIds", peopleIdArg) },
        segments: batchSegmentsArg(segments),
      };
      return http.data({ method: "PATCH", path, json }, batchResult);
    },
  };
}
