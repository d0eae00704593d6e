/**
 * The events a segments change records, pure. Their data follows Crisp's web hook events: `session:set_segments`
 * is Crisp's own (website_id, session_id, inbox_id, segments), with `added` and `removed` besides;
 * `people:set_segments`, which Crisp does not have, takes the shape of its people events (website_id, people_id).
 * A webhook's body is Crisp's envelope, `{website_id, event, data, timestamp}`, timestamp in ms, with the event's
 * `id` besides (Crisp's has none; a field more leaves its shape as its readers know it).
 */
export declare const EVENT_NAMES: readonly ["session:set_segments", "people:set_segments"];
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
export type SegmentsEvent = {
    id: string;
    event: "session:set_segments";
    timestamp: number;
    data: SessionSegmentsData;
} | {
    id: string;
    event: "people:set_segments";
    timestamp: number;
    data: PeopleSegmentsData;
};
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
} & ({
    sessionId: string;
} | {
    peopleId: string;
});
export interface WebhookBody {
    website_id: string;
    event: EventName;
    /** The event's id, the `webhook-id` header's: what a receiver drops a repeat by, from the body it verified. */
    id: string;
    data: SessionSegmentsData | PeopleSegmentsData;
    timestamp: number;
}
export declare function isEventName(value: unknown): value is EventName;
export declare function eventNameOf(change: SegmentsChange): EventName;
/** True when the list is the same, order included: such a write changed no segment and records nothing. */
export declare function sameList(before: readonly string[], after: readonly string[]): boolean;
/** The segments `after` has that `before` has not, in `after`'s order. */
export declare function addedSegments(before: readonly string[], after: readonly string[]): string[];
/** Whether `change` is an event at all: its list changed, or a rule sends it to an endpoint. */
export declare function isEventful(change: SegmentsChange): boolean;
/** The event `change` records, with id `id`; undefined when it is no event (see `isEventful`). */
export declare function segmentsEvent(change: SegmentsChange, id: string): SegmentsEvent | undefined;
export declare function webhookBody(event: SegmentsEvent): WebhookBody;
export {};
