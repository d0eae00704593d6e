/**
 * Zapier's sample for a REST hook trigger: recent webhooks as they would be delivered, built from the website's
 * newest conversations and contacts that carry segments (as if each had just been given its whole list), so that
 * a Zap can be mapped without waiting for a change. A website with none gets one example, marked by its ids.
 */
import {
  type EventName,
  type SegmentsChange,
  segmentsEvent,
  type WebhookBody,
  webhookBody,
} from "../automations/events.js";
import type { TeamStore } from "../storage/team-store.js";

export const SAMPLE_SIZE = 3;
/** The example's ids: a session and a contact no store makes (all zeros). */
export const EXAMPLE_SESSION = "session_00000000-0000-4000-8000-000000000000";
export const EXAMPLE_PEOPLE = "00000000-0000-4000-8000-000000000000";

export interface SampleRequest {
  websiteId: string;
  /** Absent: both events. */
  event?: EventName;
  /** Only lists that hold it; absent: any list with a segment. */
  segment?: string;
}

type SampleStore = Pick<TeamStore, "listConversations" | "listContacts">;

function asBody(change: SegmentsChange): WebhookBody | undefined {
  // Ids of their own (Zapier tells samples apart by `id`), never one a delivery has.
  const event = segmentsEvent(change, `sample_${"sessionId" in change ? change.sessionId : change.peopleId}`);
  return event === undefined ? undefined : webhookBody(event);
}

async function recentChanges(store: SampleStore, request: SampleRequest): Promise<SegmentsChange[]> {
  const { websiteId, event, segment } = request;
  const query = {
    page: 1,
    perPage: SAMPLE_SIZE,
    ...(segment ? { filter: { segments: [segment], match: "all" as const } } : {}),
  };
  const changes: SegmentsChange[] = [];
  if (event !== "people:set_segments") {
    for (const one of await store.listConversations(websiteId, query)) {
      changes.push({ websiteId, before: [], after: one.segments, at: one.updatedAt, sessionId: one.sessionId });
    }
  }
  if (event !== "session:set_segments") {
    for (const one of await store.listContacts(websiteId, query)) {
      changes.push({ websiteId, before: [], after: one.segments, at: one.updatedAt, peopleId: one.peopleId });
    }
  }
  return changes;
}

/** Newest first, at most SAMPLE_SIZE; the example when the website has nothing to show. */
export async function sampleEvents(store: SampleStore, request: SampleRequest, now: number): Promise<WebhookBody[]> {
  const bodies = (await recentChanges(store, request))
    .sort((a, b) => b.at - a.at)
    .map(asBody)
    .filter((body): body is WebhookBody => body !== undefined)
    .slice(0, SAMPLE_SIZE);
  if (bodies.length > 0) return bodies;
  const after = [request.segment ?? "bug"];
  const { websiteId } = request;
  const example: SegmentsChange =
    request.event === "people:set_segments"
      ? { websiteId, before: [], after, at: now, peopleId: EXAMPLE_PEOPLE }
      : { websiteId, before: [], after, at: now, sessionId: EXAMPLE_SESSION };
  return [asBody(example)].filter((body): body is WebhookBody => body !== undefined);
}
