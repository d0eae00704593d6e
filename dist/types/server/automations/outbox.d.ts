/**
 * The outbox's records, and the pure rules every store shares: which endpoints an event goes to, and which
 * deliveries a replay takes back. A delivery is one event for one endpoint; its attempts are made by a worker
 * (delivery-worker.ts) that claims it for a lease, so that two workers never send it at the same moment.
 */
import { type WebhookEndpoint } from "./endpoints.js";
import { type EventName, type SegmentsChange, type SegmentsEvent } from "./events.js";
export type DeliveryState = "pending" | "delivered" | "failed";
export interface Delivery {
    /** A UUID, made by the store. */
    deliveryId: string;
    /** The event's id: the `webhook-id` of every attempt. */
    eventId: string;
    event: EventName;
    endpointId: string;
    state: DeliveryState;
    /** Attempts made since its attempts began (a replay starts them again). */
    attempts: number;
    /** When its attempts began: when its event was recorded, or when it was last replayed. */
    startedAt: number;
    /** When a pending delivery is due (or its claim's lease ends); the time it was settled otherwise. */
    nextAttemptAt: number;
    lastStatus: number | null;
    lastError: string | null;
    createdAt: number;
}
/** A delivery claimed by a worker: what to send, and the claim its outcome must name to be stored. */
export interface ClaimedDelivery {
    deliveryId: string;
    claim: string;
    /** Attempts made, the one about to be made included. */
    attempts: number;
    startedAt: number;
    eventId: string;
    websiteId: string;
    endpointId: string;
    url: string;
    secret: string;
    /** The webhook's JSON body, as recorded: the same bytes at every attempt. */
    body: string;
}
export interface ClaimRequest {
    /** The worker's clock: deliveries due by then are claimed. */
    now: number;
    limit: number;
    /** A claimed delivery is due again after this, should its worker never tell its outcome (a crash). */
    leaseMs: number;
    /** A token unique to this claim. */
    claim: string;
}
export interface DeliveryQuery {
    state?: DeliveryState;
    endpointId?: string;
    /** Page 1 is the newest; `perPage` is clamped to 1–100. */
    page: number;
    perPage: number;
}
/** Which failed deliveries of a website a replay takes back: one, one endpoint's, or all. */
export type ReplayTarget = {
    deliveryId: string;
} | {
    endpointId: string;
} | {
    all: true;
};
/** An event as the outbox keeps it. */
export interface RecordedEvent {
    event: SegmentsEvent;
    /** The webhook body, serialised once so that every attempt signs the same bytes. */
    body: string;
}
/**
 * The event a change records and the endpoints it goes to; undefined when it records nothing (no endpoint wants
 * it, or it is no event). An endpoint wants it by its filters when the list changed, or when a rule sends it there
 * (`sendTo`, enabled endpoints only). `newId` is called only for an event that is recorded.
 */
export declare function eventFor(change: SegmentsChange, endpoints: readonly WebhookEndpoint[], newId: () => string): {
    recorded: RecordedEvent;
    endpoints: WebhookEndpoint[];
} | undefined;
export declare function isReplayed(delivery: Pick<Delivery, "state" | "deliveryId" | "endpointId">, target: ReplayTarget): boolean;
