/**
 * Zapier's REST hook subscription, `{"target_url": …, "event"?: …, "segments"?: […]}`, as an endpoint (the
 * endpoints' rules, with Zapier's names in the messages), and the sample route's query. Pure.
 */
import { preview } from "../../protocol/preview.js";
import { normalizeSegment } from "../../protocol/segments.js";
import { checkEndpoint, type NewEndpoint } from "../automations/endpoints.js";
import { EVENT_NAMES, type EventName, isEventName } from "../automations/events.js";
import { type Body, field } from "../http/parse-body.js";
import { accept, type Checked, refuse } from "./checked.js";
import type { QueryParam } from "./list-query.js";

const EVENTS = `${EVENT_NAMES.map((name) => JSON.stringify(name)).join(" or ")}, or none for both`;

function checkEvent(value: unknown): Checked<EventName | undefined> {
  if (value === undefined || isEventName(value)) return accept(value);
  return refuse("invalid_request", `event is ${preview(value)}; expected ${EVENTS}`);
}

export function parseSubscription(body: Body): Checked<NewEndpoint & { event?: EventName }> {
  const event = checkEvent(field(body, "event"));
  if (!event.ok) return event;
  const events = event.value === undefined ? undefined : [event.value];
  const checked = checkEndpoint({ url: field(body, "target_url"), events, segments: field(body, "segments") });
  if (!checked.ok) {
    const message = checked.field === "url" ? `target_${checked.message}` : checked.message;
    return refuse(checked.field === "segments" ? "invalid_segments" : "invalid_request", message);
  }
  return accept({ ...checked.endpoint, ...(event.value ? { event: event.value } : {}) });
}

export function sampleQuery(param: QueryParam): Checked<{ event?: EventName; segment?: string }> {
  const given = param("event");
  const event = checkEvent(given === "" ? undefined : given);
  if (!event.ok) return event;
  const segmentParam = param("segment");
  if (segmentParam === undefined || segmentParam === "") return accept({ event: event.value });
  const segment = normalizeSegment(segmentParam);
  if (typeof segment !== "string") {
    return refuse("invalid_segments", `segment is ${preview(segmentParam)}; expected ${segment.expected}`);
  }
  return accept({ event: event.value, segment });
}
