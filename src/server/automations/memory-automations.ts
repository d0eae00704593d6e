/** The memory store's automations: endpoints, events and deliveries in Maps, each call atomic on one thread. */
import { randomUUID } from "node:crypto";
import { pageWindow } from "../storage/team-rules.js";
import type { AutomationsStore, SegmentsRecorder } from "./automations-store.js";
import { makeEndpoint, type WebhookEndpoint } from "./endpoints.js";
import { type ClaimedDelivery, type Delivery, eventFor, isReplayed, type RecordedEvent } from "./outbox.js";
import { createWakeSignal } from "./wake-signal.js";

interface DeliveryRow extends Delivery {
  websiteId: string;
  claim: string | null;
}

export function createMemoryAutomations(now: () => number): AutomationsStore & SegmentsRecorder {
  const endpoints = new Map<string, Map<string, WebhookEndpoint>>();
  const events = new Map<string, RecordedEvent>();
  const deliveries = new Map<string, DeliveryRow>();
  const recorded = createWakeSignal();
  const endpointOf = (row: DeliveryRow) => endpoints.get(row.websiteId)?.get(row.endpointId);
  const copy = (row: DeliveryRow): Delivery => {
    const { websiteId: _website, claim: _claim, ...delivery } = row;
    return delivery;
  };
  const due = (at: number) =>
    [...deliveries.values()]
      .filter((row) => row.state === "pending" && endpointOf(row)?.enabled)
      .filter((row) => row.nextAttemptAt <= at)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);

  return {
    record(change) {
      const found = eventFor(change, [...(endpoints.get(change.websiteId)?.values() ?? [])], randomUUID);
      if (found === undefined) return;
      const { event } = found.recorded;
      events.set(event.id, found.recorded);
      for (const { endpointId } of found.endpoints) {
        const deliveryId = randomUUID();
        const at = event.timestamp;
        deliveries.set(deliveryId, {
          ...{ deliveryId, eventId: event.id, event: event.event, endpointId, websiteId: change.websiteId },
          ...{ state: "pending", attempts: 0, startedAt: at, nextAttemptAt: at, createdAt: at },
          ...{ lastStatus: null, lastError: null, claim: null },
        });
      }
      recorded.tell();
    },
    listEndpoints: async (websiteId) => [...(endpoints.get(websiteId)?.values() ?? [])].map(copyEndpoint),
    async createEndpoint(websiteId, input) {
      const endpoint = makeEndpoint(input, randomUUID(), now());
      const map = endpoints.get(websiteId) ?? new Map<string, WebhookEndpoint>();
      endpoints.set(websiteId, map.set(endpoint.endpointId, endpoint));
      return copyEndpoint(endpoint);
    },
    async setEndpointEnabled(websiteId, endpointId, enabled) {
      const endpoint = endpoints.get(websiteId)?.get(endpointId);
      if (endpoint === undefined) return undefined;
      endpoint.enabled = enabled;
      delete endpoint.disabledReason;
      if (enabled) recorded.tell();
      return copyEndpoint(endpoint);
    },
    async deleteEndpoint(websiteId, endpointId) {
      if (!endpoints.get(websiteId)?.delete(endpointId)) return false;
      for (const [id, row] of deliveries)
        if (row.websiteId === websiteId && row.endpointId === endpointId) deliveries.delete(id);
      return true;
    },
    async listDeliveries(websiteId, query) {
      const { limit, offset } = pageWindow(query);
      const rows = [...deliveries.values()]
        .filter((row) => row.websiteId === websiteId)
        .filter(
          (row) => (query.state ?? row.state) === row.state && (query.endpointId ?? row.endpointId) === row.endpointId,
        )
        .reverse();
      return rows.slice(offset, offset + limit).map(copy);
    },
    async replayDeliveries(websiteId, target) {
      const at = now();
      let count = 0;
      for (const row of deliveries.values()) {
        if (row.websiteId !== websiteId || !isReplayed(row, target)) continue;
        Object.assign(row, { state: "pending", attempts: 0, startedAt: at, nextAttemptAt: at, claim: null });
        count++;
      }
      if (count > 0) recorded.tell();
      return count;
    },
    async claimDeliveries({ now: at, limit, leaseMs, claim }) {
      return due(at)
        .slice(0, Math.max(0, limit))
        .map((row): ClaimedDelivery => {
          Object.assign(row, { claim, attempts: row.attempts + 1, nextAttemptAt: at + leaseMs });
          const endpoint = endpointOf(row) as WebhookEndpoint;
          const { deliveryId, attempts, startedAt, eventId, websiteId, endpointId } = row;
          const body = events.get(eventId)?.body ?? "";
          return {
            deliveryId,
            claim,
            attempts,
            startedAt,
            eventId,
            websiteId,
            endpointId,
            body,
            ...endpointTarget(endpoint),
          };
        });
    },
    async settleDelivery(claimed, settlement, at) {
      const row = deliveries.get(claimed.deliveryId);
      if (row === undefined || row.claim !== claimed.claim) return false;
      const nextAttemptAt = settlement.state === "pending" ? settlement.nextAttemptAt : at;
      const { state, lastStatus, lastError } = settlement;
      Object.assign(row, { state, lastStatus, lastError, nextAttemptAt, claim: null });
      const endpoint = endpointOf(row);
      if (settlement.disableEndpoint && endpoint) Object.assign(endpoint, { enabled: false, disabledReason: "gone" });
      return true;
    },
    async nextDeliveryAt() {
      return due(Number.POSITIVE_INFINITY)[0]?.nextAttemptAt;
    },
    onDeliveries: recorded.subscribe,
  };
}

function endpointTarget(endpoint: WebhookEndpoint): { url: string; secret: string } {
  return { url: endpoint.url, secret: endpoint.secret };
}

function copyEndpoint(endpoint: WebhookEndpoint): WebhookEndpoint {
  return { ...endpoint, events: endpoint.events.slice(), segments: endpoint.segments.slice() };
}
