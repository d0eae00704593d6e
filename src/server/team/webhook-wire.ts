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

export function endpointWire(endpoint: WebhookEndpoint): EndpointWire {
  return {
    endpoint_id: endpoint.endpointId,
    url: endpoint.url,
    events: endpoint.events,
    segments: endpoint.segments,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason ?? null,
    created_at: endpoint.createdAt,
  };
}

/** The answer to a creation: the one time the secret is told. */
export function newEndpointWire(endpoint: WebhookEndpoint): EndpointWire & { secret: string } {
  return { ...endpointWire(endpoint), secret: endpoint.secret };
}

export function deliveryWire(delivery: Delivery): DeliveryWire {
  return {
    delivery_id: delivery.deliveryId,
    event_id: delivery.eventId,
    event: delivery.event,
    endpoint_id: delivery.endpointId,
    state: delivery.state,
    attempts: delivery.attempts,
    started_at: delivery.startedAt,
    next_attempt_at: delivery.nextAttemptAt,
    last_status: delivery.lastStatus,
    last_error: delivery.lastError,
    created_at: delivery.createdAt,
  };
}
