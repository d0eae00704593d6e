/**
 * The automations' side of a store: webhook endpoints per website, and the outbox of their deliveries. The
 * memory, SQLite and PostgreSQL stores implement it on the same objects that hold the sessions, and record each
 * segments change's event and deliveries in the transaction of the change itself.
 */
import type { Settlement } from "./delivery-outcome.js";
import type { NewEndpoint, WebhookEndpoint } from "./endpoints.js";
import type { SegmentsChange } from "./events.js";
import type { ClaimedDelivery, ClaimRequest, Delivery, DeliveryQuery, ReplayTarget } from "./outbox.js";

export interface AutomationsStore {
  /** Oldest first. */
  listEndpoints(websiteId: string): Promise<WebhookEndpoint[]>;
  /** `endpoint` is checked already (endpoints.ts' checkEndpoint). */
  createEndpoint(websiteId: string, endpoint: NewEndpoint): Promise<WebhookEndpoint>;
  /** Enables (pending deliveries then go out) or disables it; undefined when there is no such endpoint. */
  setEndpointEnabled(websiteId: string, endpointId: string, enabled: boolean): Promise<WebhookEndpoint | undefined>;
  /** Deletes it with its deliveries; false when there was no such endpoint. */
  deleteEndpoint(websiteId: string, endpointId: string): Promise<boolean>;
  /** Newest first. */
  listDeliveries(websiteId: string, query: DeliveryQuery): Promise<Delivery[]>;
  /** Makes failed deliveries pending again, due at once, with their attempts and retry period begun anew; answers how many. */
  replayDeliveries(websiteId: string, target: ReplayTarget): Promise<number>;
  /** Claims up to `limit` due deliveries of enabled endpoints, oldest due first, none claimed by another worker. */
  claimDeliveries(request: ClaimRequest): Promise<ClaimedDelivery[]>;
  /** Stores an attempt's outcome; false (nothing stored) when the claim was lost: its lease ran out and another worker took it. */
  settleDelivery(claimed: ClaimedDelivery, settlement: Settlement, now: number): Promise<boolean>;
  /**
   * Deletes the deliveries delivered before `before`, then the events older than that which no delivery needs any
   * more (failed deliveries stay, replayable, until their endpoint is deleted); answers how many deliveries went.
   */
  pruneDeliveries(before: number): Promise<number>;
  /** When the next pending delivery of an enabled endpoint is due; undefined when none is pending. */
  nextDeliveryAt(): Promise<number | undefined>;
  /** Called when deliveries may have become due: recorded or replayed (PostgreSQL: by any instance). */
  onDeliveries(listener: () => void): Promise<() => Promise<void>>;
}

/**
 * What the memory and SQLite stores call inside the transaction of each write that changes a list, after the
 * write: it records the change's event and one delivery per endpoint that wants it, or nothing when no endpoint
 * does. (PostgreSQL records with triggers on its tables instead: postgres-automations-schema.ts.)
 */
export interface SegmentsRecorder {
  record(change: SegmentsChange): void;
}
