/** The memory store's automations: endpoints, events and deliveries in Maps, each call atomic on one thread. */
import { randomUUID } from "node:crypto";
import { pageWindow } from "../storage/team-rules.js";
import type { AutomationsStore, SegmentsRecorder } from "./automations-store.js";
import { makeEndpoint, type WebhookEndpoint } from "./endpoints.js";
import { type ClaimedDelivery, type Delivery, eventFor, isReplayed, type RecordedEvent } from "./outbox.js";
import { createWakeSignal, type WakeSignal } from "./wake-signal.js";

interface DeliveryRow extends Delivery {
  websiteId: string;
  claim: string | null;
}

interface Tables {
  /** website id → endpoint id → endpoint, in the order created. */
  endpoints: Map<string, Map<string, WebhookEndpoint>>;
  events: Map<string, RecordedEvent>;
  /** In the order recorded. */
  deliveries: Map<string, DeliveryRow>;
  signal: WakeSignal;
}

const endpointsOf = (t: Tables, websiteId: string) => [...(t.endpoints.get(websiteId)?.values() ?? [])];
const endpointOf = (t: Tables, row: DeliveryRow) => t.endpoints.get(row.websiteId)?.get(row.endpointId);

function copyEndpoint(endpoint: WebhookEndpoint): WebhookEndpoint {
  return { ...endpoint, events: endpoint.events.slice(), segments: endpoint.segments.slice() };
}

function copyDelivery(row: DeliveryRow): Delivery {
  const { websiteId: _website, claim: _claim, ...delivery } = row;
  return delivery;
}

function recorder(t: Tables): SegmentsRecorder {
  return {
    record(change) {
      const found = eventFor(change, endpointsOf(t, change.websiteId), randomUUID);
      if (found === undefined) return;
      const { event } = found.recorded;
      t.events.set(event.id, found.recorded);
      const at = event.timestamp;
      for (const { endpointId } of found.endpoints) {
        const deliveryId = randomUUID();
        t.deliveries.set(deliveryId, {
          deliveryId,
          eventId: event.id,
          event: event.event,
          endpointId,
          websiteId: change.websiteId,
          state: "pending",
          attempts: 0,
          startedAt: at,
          nextAttemptAt: at,
          createdAt: at,
          lastStatus: null,
          lastError: null,
          claim: null,
        });
      }
      t.signal.tell();
    },
  };
}

type EndpointMethods = "listEndpoints" | "createEndpoint" | "setEndpointEnabled" | "deleteEndpoint";

function endpointMethods(t: Tables, now: () => number): Pick<AutomationsStore, EndpointMethods> {
  return {
    listEndpoints: async (websiteId) => endpointsOf(t, websiteId).map(copyEndpoint),
    async createEndpoint(websiteId, input) {
      const endpoint = makeEndpoint(input, randomUUID(), now());
      const map = t.endpoints.get(websiteId) ?? new Map<string, WebhookEndpoint>();
      t.endpoints.set(websiteId, map.set(endpoint.endpointId, endpoint));
      return copyEndpoint(endpoint);
    },
    async setEndpointEnabled(websiteId, endpointId, enabled) {
      const endpoint = t.endpoints.get(websiteId)?.get(endpointId);
      if (endpoint === undefined) return undefined;
      endpoint.enabled = enabled;
      delete endpoint.disabledReason;
      if (enabled) t.signal.tell();
      return copyEndpoint(endpoint);
    },
    async deleteEndpoint(websiteId, endpointId) {
      if (!t.endpoints.get(websiteId)?.delete(endpointId)) return false;
      for (const [id, row] of t.deliveries) {
        if (row.websiteId === websiteId && row.endpointId === endpointId) t.deliveries.delete(id);
      }
      return true;
    },
  };
}

type ListMethods = "listDeliveries" | "replayDeliveries" | "pruneDeliveries";

function listMethods(t: Tables, now: () => number): Pick<AutomationsStore, ListMethods> {
  return {
    async listDeliveries(websiteId, query) {
      const { limit, offset } = pageWindow(query);
      const kept = (row: DeliveryRow) =>
        row.websiteId === websiteId &&
        (query.state ?? row.state) === row.state &&
        (query.endpointId ?? row.endpointId) === row.endpointId;
      return [...t.deliveries.values()]
        .filter(kept)
        .reverse()
        .slice(offset, offset + limit)
        .map(copyDelivery);
    },
    async replayDeliveries(websiteId, target) {
      const at = now();
      let count = 0;
      for (const row of t.deliveries.values()) {
        if (row.websiteId !== websiteId || !isReplayed(row, target)) continue;
        Object.assign(row, { state: "pending", attempts: 0, startedAt: at, nextAttemptAt: at, claim: null });
        count++;
      }
      if (count > 0) t.signal.tell();
      return count;
    },
    async pruneDeliveries(before) {
      let count = 0;
      for (const [id, row] of t.deliveries) {
        if (row.state === "delivered" && row.nextAttemptAt < before && t.deliveries.delete(id)) count++;
      }
      const needed = new Set([...t.deliveries.values()].map((row) => row.eventId));
      for (const [id, { event }] of t.events) if (event.timestamp < before && !needed.has(id)) t.events.delete(id);
      return count;
    },
  };
}

type ClaimMethods = "claimDeliveries" | "settleDelivery" | "nextDeliveryAt";

function claimMethods(t: Tables): Pick<AutomationsStore, ClaimMethods> {
  // Stable sort: deliveries due at the same time keep the order recorded.
  const due = (at: number) =>
    [...t.deliveries.values()]
      .filter((row) => row.state === "pending" && row.nextAttemptAt <= at && endpointOf(t, row)?.enabled)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  const claimOne = (row: DeliveryRow, claim: string, until: number): ClaimedDelivery => {
    Object.assign(row, { claim, attempts: row.attempts + 1, nextAttemptAt: until });
    const { url, secret } = endpointOf(t, row) as WebhookEndpoint;
    const { deliveryId, attempts, startedAt, eventId, websiteId, endpointId } = row;
    const body = t.events.get(eventId)?.body ?? "";
    return { deliveryId, claim, attempts, startedAt, eventId, websiteId, endpointId, url, secret, body };
  };
  return {
    async claimDeliveries({ now, limit, leaseMs, claim }) {
      return due(now)
        .slice(0, Math.max(0, limit))
        .map((row) => claimOne(row, claim, now + leaseMs));
    },
    async settleDelivery(claimed, settlement, at) {
      const row = t.deliveries.get(claimed.deliveryId);
      if (row === undefined || row.claim !== claimed.claim) return false;
      const nextAttemptAt = settlement.state === "pending" ? settlement.nextAttemptAt : at;
      const { state, lastStatus, lastError } = settlement;
      Object.assign(row, { state, lastStatus, lastError, nextAttemptAt, claim: null });
      const endpoint = endpointOf(t, row);
      if (settlement.disableEndpoint && endpoint) Object.assign(endpoint, { enabled: false, disabledReason: "gone" });
      return true;
    },
    nextDeliveryAt: async () => due(Number.POSITIVE_INFINITY)[0]?.nextAttemptAt,
  };
}

export function createMemoryAutomations(now: () => number): AutomationsStore & SegmentsRecorder {
  const t: Tables = { endpoints: new Map(), events: new Map(), deliveries: new Map(), signal: createWakeSignal() };
  return {
    ...recorder(t),
    ...endpointMethods(t, now),
    ...listMethods(t, now),
    ...claimMethods(t),
    onDeliveries: t.signal.subscribe,
  };
}
