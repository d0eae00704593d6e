import type { EventsMap } from "crisp-api";
import { describe, expect, it } from "vitest";
import { segmentsEvent, webhookBody } from "../../../src/server/automations/events";

const AT = 1_700_000_000_000;

describe("segments events", () => {
  it("shapes a session's change as Crisp's session:set_segments, with what it added and removed", () => {
    const event = segmentsEvent(
      { websiteId: "w", sessionId: "session_1", before: ["lead", "trial"], after: ["lead", "bug"], at: AT },
      "evt-1",
    );
    expect(event).toEqual({
      id: "evt-1",
      event: "session:set_segments",
      timestamp: AT,
      data: {
        website_id: "w",
        session_id: "session_1",
        inbox_id: null,
        segments: ["lead", "bug"],
        added: ["bug"],
        removed: ["trial"],
      },
    });
    // Crisp's own type for the event's data accepts ours (a receiver using crisp-api can type it so).
    const crisp: EventsMap["session:set_segments"] | undefined =
      event?.event === "session:set_segments" ? event.data : undefined;
    expect(crisp?.segments).toEqual(["lead", "bug"]);
  });

  it("shapes a contact's change as people:set_segments, keyed by people_id", () => {
    const event = segmentsEvent({ websiteId: "w", peopleId: "p1", before: [], after: ["vip"], at: AT }, "evt-2");
    expect(event?.event).toBe("people:set_segments");
    expect(event?.data).toEqual({ website_id: "w", people_id: "p1", segments: ["vip"], added: ["vip"], removed: [] });
  });

  it("records nothing for a list left as it was, and an event for a list only reordered", () => {
    const change = { websiteId: "w", sessionId: "s", at: AT };
    expect(segmentsEvent({ ...change, before: ["a", "b"], after: ["a", "b"] }, "x")).toBeUndefined();
    expect(segmentsEvent({ ...change, before: [], after: [] }, "x")).toBeUndefined();
    const reordered = segmentsEvent({ ...change, before: ["a", "b"], after: ["b", "a"] }, "x");
    expect(reordered?.data).toMatchObject({ segments: ["b", "a"], added: [], removed: [] });
  });

  it("wraps an event in Crisp's web hook body: website_id, event, data, timestamp, and the event's id", () => {
    const event = segmentsEvent({ websiteId: "w", peopleId: "p1", before: ["a"], after: [], at: AT }, "evt-3");
    if (event === undefined) throw new Error("no event");
    expect(webhookBody(event)).toEqual({
      website_id: "w",
      event: "people:set_segments",
      id: "evt-3",
      data: event.data,
      timestamp: AT,
    });
  });
});
