import type { Http } from "./http.js";
import type { BatchResult } from "./types.js";
export interface BatchApi {
    /** Adds the segments to each conversation; resolves which were updated, not found, or would pass 100 segments. */
    addToConversations(websiteId: string, sessionIds: string[], segments: string[]): Promise<BatchResult>;
    /** Adds the segments to each contact, likewise. */
    addToPeople(websiteId: string, peopleIds: string[], segments: string[]): Promise<BatchResult>;
}
export declare function batchApi(http: Http): BatchApi;
