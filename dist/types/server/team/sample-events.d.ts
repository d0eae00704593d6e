/**
 * Zapier's sample for a REST hook trigger: recent webhooks as they would be delivered, built from the website's
 * newest conversations and contacts that carry segments (as if each had just been given its whole list), so that
 * a Zap can be mapped without waiting for a change. A website with none gets one example, marked by its ids.
 */
import { type EventName, type WebhookBody } from "../automations/events.js";
import type { TeamStore } from "../storage/team-store.js";
export declare const SAMPLE_SIZE = 3;
/** The example's ids: a session and a contact no store makes (all zeros). */
export declare const EXAMPLE_SESSION = "session_00000000-0000-4000-8000-000000000000";
export declare const EXAMPLE_PEOPLE = "00000000-0000-4000-8000-000000000000";
export interface SampleRequest {
    websiteId: string;
    /** Absent: both events. */
    event?: EventName;
    /** Only lists that hold it; absent: any list with a segment. */
    segment?: string;
}
type SampleStore = Pick<TeamStore, "listConversations" | "listContacts">;
/** Newest first, at most SAMPLE_SIZE; the example when the website has nothing to show. */
export declare function sampleEvents(store: SampleStore, request: SampleRequest, now: number): Promise<WebhookBody[]>;
export {};
