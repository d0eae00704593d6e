/**
 * The events a segments change records, pure. Their data follows Crisp's web hook events: `session:set_segments`
 * is Crisp's own (website_id, session_id, inbox_id, segments), with `added` and `removed` besides;
 * `people:set_segments`, which Crisp does not have, takes the shape of its people events (website_id, people_id).
 * A webhook's body is Crisp's envelope, `{website_id, event, data, timestamp}`, timestamp in ms, with the event's
 * `id` besides (Crisp's has none; a field more leaves its shape as its readers know it).
 */

export const EVENT_NAMES = ["session:set_segments", "people:set_segments"] as const;
export type EventName = (typeof EVENT_NAMES)[number];

interface SegmentsDelta {
  website_id: string;
  /** The list as stored after the change. */
  segments: string[];
  /** In the new list's order. */
  added: string[];
  /** In the old list's order. */
  removed: string[];
  /** The id of the rule whose change this is; absent for a change made any other way. */
  rule_id?: string;
}

export interface SessionSegmentsData extends SegmentsDelta {
  session_id: string;
  /** Crisp's inbox of the conversation; this service has none. */
  inbox_id: null;
}

export interface PeopleSegmentsData extends SegmentsDelta {
  people_id: string;
}

export type SegmentsEvent =
  | { id: string; event: "session:set_segments"; timestamp: number; data: SessionSegmentsData }
  | { id: string; event: "people:set_segments"; timestamp: number; data: PeopleSegmentsData };

/** A stored change of a conversation's or a contact's list, as a store knows it inside its transaction. */
export type SegmentsChange = {
  websiteId: string;
  before: readonly string[];
  after: readonly string[];
  /** Milliseconds since the epoch of the change. */
  at: number;
  /** The rule whose firing made this change (rule-run.ts); rules never run on such a change again. */
  rule?: string;
  /**
   * Endpoints that rules' `send_webhook` actions send this event to, whatever their filters; with any, the event
   * is recorded even when the list did not change (added and removed then empty).
   */
  sendTo?: readonly string[];
} & ({ sessionId: string } | { peopleId: string });

export interface WebhookBody {
  website_id: string;
  event: EventName;
  /** The event's id, the `webhook-id` header's: what a receiver drops a repeat by, from the body it verified. */
  id: string;
  data: SessionSegmentsData | PeopleSegmentsData;
  timestamp: number;
}

export function isEventName(value: unknown): value is EventName {
  return (EVENT_NAMES as readonly unknown[]).includes(value);
}

export function eventNameOf(change: SegmentsChange): EventName {
  return "sessionId" in change ? "session:set_segments" : "people:set_segments";
}

/** True when the list is the same, order included: such a write changed no segment and records nothing. */
export function sameList(before: readonly string[], after: readonly string[]): boolean {
  return before.length === after.length && before.every((segment, index) => after[index] === segment);
}

/** The segments `after` has that `before` has not, in `after`'s order. */
export function addedSegments(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  return after.filter((segment) => !was.has(segment));
}

/** Whether `change` is an event at all: its list changed, or a rule sends it to an endpoint. */
export function isEventful(change: SegmentsChange): boolean {
  return !sameList(change.before, change.after) || (change.sendTo?.length ?? 0) > 0;
}

/** The event `change` records, with id `id`; undefined when it is no event (see `isEventful`). */
export function segmentsEvent(change: SegmentsChange, id: string): SegmentsEvent | undefined {
  const { websiteId, before, after, at } = change;
  if (!isEventful(change)) return undefined;
  const delta = {
    segments: after.slice(),
    added: addedSegments(before, after),
    removed: addedSegments(after, before),
    ...(change.rule === undefined ? {} : { rule_id: change.rule }),
  };
  // Crisp's field order: the ids first.
  return "sessionId" in change
    ? {
        id,
        event: "session:set_segments",
        timestamp: at,
        data: { website_id: websiteId, session_id: change.sessionId, inbox_id: null, ...delta },
      }
    : {
        id,
        event: "people:set_segments",
        timestamp: at,
        data: { website_id: websiteId, people_id: change.peopleId, ...delta },
      };
}

export function webhookBody(event: SegmentsEvent): WebhookBody {
  const { id, data, timestamp } = event;
  return { website_id: data.website_id, event: event.event, id, data, timestamp };
}
