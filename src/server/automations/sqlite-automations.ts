/**
 * The SQLite store's automations. Endpoints, events and deliveries live in the store's file; the recorder runs
 * inside the store's write transactions, and a claim is one IMMEDIATE transaction, so that processes sharing the
 * file never claim one delivery twice while its lease runs.
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { readList } from "../storage/sqlite-schema.js";
import { pageWindow } from "../storage/team-rules.js";
import type { AutomationsStore, SegmentsRecorder } from "./automations-store.js";
import { makeEndpoint, type WebhookEndpoint } from "./endpoints.js";
import type { EventName } from "./events.js";
import { type ClaimedDelivery, type Delivery, eventFor, type ReplayTarget } from "./outbox.js";
import { createWakeSignal } from "./wake-signal.js";

type Db = Database.Database;
type Bound = Record<string, unknown>;

interface EndpointRow {
  endpoint_id: string;
  url: string;
  secret: string;
  events: string;
  segments: string;
  enabled: number;
  disabled_reason: string | null;
  created_at: number;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  const endpoint: WebhookEndpoint = {
    endpointId: row.endpoint_id,
    url: row.url,
    secret: row.secret,
    events: readList(row.events) as EventName[],
    segments: readList(row.segments),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
  };
  if (row.disabled_reason === "gone") endpoint.disabledReason = "gone";
  return endpoint;
}

const DELIVERY = `delivery_id AS deliveryId, event_id AS eventId, event, endpoint_id AS endpointId, state, attempts,
  started_at AS startedAt, next_attempt_at AS nextAttemptAt, last_status AS lastStatus, last_error AS lastError,
  created_at AS createdAt`;

function endpointQueries(db: Db) {
  const prepare = <R>(source: string) => db.prepare<Bound, R>(source);
  const list = prepare<EndpointRow>(
    "SELECT * FROM webhook_endpoints WHERE website_id = :website ORDER BY created_at, endpoint_id",
  );
  const one = prepare<EndpointRow>("SELECT * FROM webhook_endpoints WHERE website_id = :website AND endpoint_id = :id");
  const enabled = prepare<EndpointRow>(
    "SELECT * FROM webhook_endpoints WHERE website_id = :website AND enabled = 1 ORDER BY created_at, endpoint_id",
  );
  const insert = prepare(`INSERT INTO webhook_endpoints VALUES
    (:website, :endpointId, :url, :secret, :events, :segments, :enabled, NULL, :createdAt)`);
  const setEnabled = prepare(`UPDATE webhook_endpoints SET enabled = :enabled, disabled_reason = NULL
    WHERE website_id = :website AND endpoint_id = :id`);
  const remove = prepare("DELETE FROM webhook_endpoints WHERE website_id = :website AND endpoint_id = :id");
  const removeDeliveries = prepare("DELETE FROM webhook_deliveries WHERE website_id = :website AND endpoint_id = :id");
  return {
    list: (website: string) => list.all({ website }).map(toEndpoint),
    one: (website: string, id: string) => {
      const row = one.get({ website, id });
      return row && toEndpoint(row);
    },
    enabled: (website: string) => enabled.all({ website }).map(toEndpoint),
    insert(website: string, e: WebhookEndpoint) {
      const [events, segments] = [JSON.stringify(e.events), JSON.stringify(e.segments)];
      insert.run({ website, ...e, events, segments, enabled: e.enabled ? 1 : 0 });
    },
    setEnabled: (website: string, id: string, on: boolean) =>
      setEnabled.run({ website, id, enabled: on ? 1 : 0 }).changes === 1,
    remove: db.transaction((website: string, id: string) => {
      removeDeliveries.run({ website, id });
      return remove.run({ website, id }).changes === 1;
    }),
  };
}

/** Records an event and its deliveries, inside the caller's transaction. */
function recorder(db: Db, enabledEndpoints: (website: string) => WebhookEndpoint[], tell: () => void) {
  const insertEvent = db.prepare<Bound>("INSERT INTO events VALUES (:eventId, :website, :name, :body, :createdAt)");
  const insertDelivery = db.prepare<Bound>(`INSERT INTO webhook_deliveries (delivery_id, website_id, endpoint_id,
      event_id, event, state, attempts, started_at, next_attempt_at, created_at)
    VALUES (:deliveryId, :website, :endpointId, :eventId, :name, 'pending', 0, :at, :at, :at)`);
  const record: SegmentsRecorder["record"] = (change) => {
    const endpoints = enabledEndpoints(change.websiteId);
    // The common case, a website without webhooks, costs this one indexed read.
    if (endpoints.length === 0) return;
    const found = eventFor(change, endpoints, randomUUID);
    if (found === undefined) return;
    const { event } = found.recorded;
    const common = { website: change.websiteId, eventId: event.id, name: event.event, at: event.timestamp };
    insertEvent.run({ ...common, body: found.recorded.body, createdAt: event.timestamp });
    for (const { endpointId } of found.endpoints)
      insertDelivery.run({ ...common, endpointId, deliveryId: randomUUID() });
    tell();
  };
  return record;
}

function replayWhere(target: ReplayTarget): string {
  if ("deliveryId" in target) return "AND delivery_id = :id";
  return "endpointId" in target ? "AND endpoint_id = :id" : "";
}

type DueRow = Omit<ClaimedDelivery, "claim"> & { seq: number };

function outboxQueries(db: Db, now: () => number) {
  const prepare = <R>(source: string) => db.prepare<Bound, R>(source);
  const page = (where: string) =>
    prepare<Delivery>(`SELECT ${DELIVERY} FROM webhook_deliveries WHERE website_id = :website ${where}
      ORDER BY seq DESC LIMIT :limit OFFSET :offset`);
  const lists = {
    all: page(""),
    state: page("AND state = :state"),
    endpoint: page("AND endpoint_id = :endpoint"),
    both: page("AND state = :state AND endpoint_id = :endpoint"),
  };
  const replays = new Map<string, Database.Statement<Bound>>();
  const replay = (target: ReplayTarget) => {
    const where = replayWhere(target);
    const statement =
      replays.get(where) ??
      db.prepare<Bound>(`UPDATE webhook_deliveries SET state = 'pending',
      attempts = 0, started_at = :at, next_attempt_at = :at, claim = NULL
      WHERE website_id = :website AND state = 'failed' ${where}`);
    replays.set(where, statement);
    return statement;
  };
  const pruneDelivered = prepare(
    "DELETE FROM webhook_deliveries WHERE state = 'delivered' AND next_attempt_at < :before",
  );
  const pruneEvents = prepare(`DELETE FROM events WHERE created_at < :before
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.event_id)`);
  return {
    prune: db.transaction((before: number): number => {
      const count = pruneDelivered.run({ before }).changes;
      pruneEvents.run({ before });
      return count;
    }),
    list(website: string, query: Parameters<AutomationsStore["listDeliveries"]>[1]): Delivery[] {
      const { state, endpointId: endpoint } = query;
      const which =
        state === undefined ? (endpoint === undefined ? "all" : "endpoint") : endpoint === undefined ? "state" : "both";
      return lists[which].all({ website, state, endpoint, ...pageWindow(query) });
    },
    replay(website: string, target: ReplayTarget): number {
      const id = "deliveryId" in target ? target.deliveryId : "endpointId" in target ? target.endpointId : undefined;
      return replay(target).run({ website, at: now(), ...(id === undefined ? {} : { id }) }).changes;
    },
  };
}

function claimQueries(db: Db) {
  const prepare = <R>(source: string) => db.prepare<Bound, R>(source);
  const due = prepare<DueRow>(`SELECT d.seq, d.delivery_id AS deliveryId, d.attempts + 1 AS attempts,
      d.started_at AS startedAt, d.event_id AS eventId, d.website_id AS websiteId, d.endpoint_id AS endpointId,
      e.url, e.secret, ev.body
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled = 1
    JOIN events ev ON ev.event_id = d.event_id
    WHERE d.state = 'pending' AND d.next_attempt_at <= :now ORDER BY d.next_attempt_at, d.seq LIMIT :limit`);
  const take = prepare(`UPDATE webhook_deliveries SET claim = :claim, attempts = attempts + 1,
    next_attempt_at = :until WHERE seq = :seq`);
  const settle = prepare(`UPDATE webhook_deliveries SET state = :state, last_status = :lastStatus,
    last_error = :lastError, next_attempt_at = :next, claim = NULL WHERE delivery_id = :deliveryId AND claim = :claim`);
  const gone = prepare(`UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'gone'
    WHERE website_id = :websiteId AND endpoint_id = :endpointId`);
  const next = prepare<{ at: number | null }>(`SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled = 1
    WHERE d.state = 'pending'`);
  return {
    claim: db.transaction((request: Parameters<AutomationsStore["claimDeliveries"]>[0]): ClaimedDelivery[] => {
      const { now, limit, leaseMs, claim } = request;
      const rows = due.all({ now, limit: Math.max(0, Math.floor(limit)) });
      for (const { seq } of rows) take.run({ claim, until: now + leaseMs, seq });
      return rows.map(({ seq: _seq, ...row }) => ({ ...row, claim }));
    }),
    settle: db.transaction((...[claimed, settlement, now]: Parameters<AutomationsStore["settleDelivery"]>) => {
      const nextAt = settlement.state === "pending" ? settlement.nextAttemptAt : now;
      const { state, lastStatus, lastError } = settlement;
      const { deliveryId, claim, websiteId, endpointId } = claimed;
      const stored = settle.run({ deliveryId, claim, state, lastStatus, lastError, next: nextAt }).changes === 1;
      if (stored && settlement.disableEndpoint) gone.run({ websiteId, endpointId });
      return stored;
    }),
    next: () => next.get({})?.at ?? undefined,
  };
}

export function createSqliteAutomations(db: Db, now: () => number): AutomationsStore & SegmentsRecorder {
  const endpoints = endpointQueries(db);
  const signal = createWakeSignal();
  const outbox = outboxQueries(db, now);
  const claims = claimQueries(db);
  return {
    record: recorder(db, endpoints.enabled, signal.tell),
    listEndpoints: async (websiteId) => endpoints.list(websiteId),
    async createEndpoint(websiteId, input) {
      const endpoint = makeEndpoint(input, randomUUID(), now());
      endpoints.insert(websiteId, endpoint);
      return endpoint;
    },
    async setEndpointEnabled(websiteId, endpointId, enabled) {
      if (!endpoints.setEnabled(websiteId, endpointId, enabled)) return undefined;
      if (enabled) signal.tell();
      return endpoints.one(websiteId, endpointId);
    },
    deleteEndpoint: async (websiteId, endpointId) => endpoints.remove.immediate(websiteId, endpointId),
    listDeliveries: async (websiteId, query) => outbox.list(websiteId, query),
    async replayDeliveries(websiteId, target) {
      const count = outbox.replay(websiteId, target);
      if (count > 0) signal.tell();
      return count;
    },
    claimDeliveries: async (request) => claims.claim.immediate(request),
    settleDelivery: async (claimed, settlement, at) => claims.settle.immediate(claimed, settlement, at),
    pruneDeliveries: async (before) => outbox.prune.immediate(before),
    nextDeliveryAt: async () => claims.next(),
    onDeliveries: signal.subscribe,
  };
}
