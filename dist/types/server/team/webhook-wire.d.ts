/**
 * The webhooks' answers in the REST API's snake_case, times in ms since the epoch: exactly these fields go out.
 * An endpoint's secret goes out once, in the answer that created it.
 */
import type { WebhookEndpoint } from "../automations/endpoints.js";
import type { Delivery } from "../automations/outbox.js";
export interface EndpointWire {
    endpoint_id: string;
    url: string;
    events: string[];
    segments: string[];
    enabled: boolean;
    /** `gone`: the service disabled it when it answered 410; null otherwise. */
    disabled_reason: "gone" | null;
    created_at: number;
}
export interface DeliveryWire {
    delivery_id: string;
    event_id: string;
    event: string;
    endpoint_id: string;
    state: string;
    attempts: number;
    started_at: number;
    next_attempt_at: number;
    last_status: number | null;
    last_error: string | null;
    created_at: number;
}
export declare function endpointWire(endpoint: WebhookEndpoint): EndpointWire;
/** The answer to a creation: the one time the secret is told. */
export declare function newEndpointWire(endpoint: WebhookEndpoint): EndpointWire & {
    secret: string;
};
export declare function deliveryWire(delivery: Delivery): DeliveryWire;
