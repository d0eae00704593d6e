/**
 * The PostgreSQL store's automations. A claim is one statement that picks due deliveries `FOR UPDATE SKIP
 * LOCKED` and leases them (moves their due time past the lease), so that instances sharing the database never
 * claim one delivery twice while its lease runs; workers are woken through LISTEN "<schema>.outbox".
 */
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { pageWindow } from "../storage/team-rules.js";
import type { AutomationsStore } from "./automations-store.js";
import { makeEndpoint, type WebhookEndpoint } from "./endpoints.js";
import type { EventName } from "./events.js";
import type { ClaimedDelivery, Delivery, ReplayTarget } from "./outbox.js";

interface Tables {
  sql: postgres.Sql;
  endpoints: postgres.Helper<string>;
  events: postgres.Helper<string>;
  deliveries: postgres.Helper<string>;
  channel: string;
}

interface EndpointRow {
  endpoint_id: string;
  url: string;
  secret: string;
  events: string[];
  segments: string[];
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  const endpoint: WebhookEndpoint = {
    endpointId: row.endpoint_id,
    url: row.url,
    secret: row.secret,
    events: row.events as EventName[],
    segments: row.segments,
    enabled: row.enabled,
    createdAt: Number(row.created_at),
  };
  if (row.disabled_reason === "gone") endpoint.disabledReason = "gone";
  return endpoint;
}

type DeliveryRow = Omit<Delivery, "startedAt" | "nextAttemptAt" | "createdAt"> &
  Record<"startedAt" | "nextAttemptAt" | "createdAt", string>;

function toDelivery(row: DeliveryRow): Delivery {
  return {
    ...row,
    startedAt: Number(row.startedAt),
    nextAttemptAt: Number(row.nextAttemptAt),
    createdAt: Number(row.createdAt),
  };
}

const ENDPOINT = "endpoint_id, url, secret, events, segments, enabled, disabled_reason, created_at";

function endpointQueries({ sql, endpoints, channel }: Tables) {
  const columns = sql.unsafe(ENDPOINT);
  return {
    async list(websiteId: string): Promise<WebhookEndpoint[]> {
      const rows = await sql<EndpointRow[]>`SELECT ${columns} FROM ${endpoints} WHERE website_id = ${websiteId}
        ORDER BY created_at, endpoint_id`;
      return rows.map(toEndpoint);
    },
    async create(websiteId: string, e: WebhookEndpoint): Promise<void> {
      await sql`INSERT INTO ${endpoints} (website_id, endpoint_id, url, secret, events, segments, enabled, created_at)
        VALUES (${websiteId}, ${e.endpointId}, ${e.url}, ${e.secret}, ${e.events}::text[], ${e.segments}::text[],
          ${e.enabled}, ${e.createdAt})`;
    },
    async setEnabled(websiteId: string, endpointId: string, enabled: boolean): Promise<WebhookEndpoint | undefined> {
      const [row] = await sql<EndpointRow[]>`
        WITH changed AS (
          UPDATE ${endpoints} SET enabled = ${enabled}, disabled_reason = NULL
          WHERE website_id = ${websiteId} AND endpoint_id = ${endpointId} RETURNING ${columns}
        )
        SELECT changed.*, CASE WHEN changed.enabled THEN pg_notify(${channel}, '') END FROM changed`;
      return row && toEndpoint(row);
    },
    async remove(websiteId: string, endpointId: string): Promise<boolean> {
      const rows = await sql`DELETE FROM ${endpoints} WHERE website_id = ${websiteId} AND endpoint_id = ${endpointId}
        RETURNING 1`;
      return rows.length === 1;
    },
  };
}

const DELIVERY = `delivery_id AS "deliveryId", event_id AS "eventId", event, endpoint_id AS "endpointId", state,
  attempts, started_at AS "startedAt", next_attempt_at AS "nextAttemptAt", last_status AS "lastStatus",
  last_error AS "lastError", created_at AS "createdAt"`;

function outboxQueries({ sql, deliveries, events }: Tables, now: () => number) {
  const columns = sql.unsafe(DELIVERY);
  const replayed = (target: ReplayTarget) => {
    if ("deliveryId" in target) return sql`AND delivery_id = ${target.deliveryId}`;
    return "endpointId" in target ? sql`AND endpoint_id = ${target.endpointId}` : sql``;
  };
  return {
    async list(websiteId: string, query: Parameters<AutomationsStore["listDeliveries"]>[1]): Promise<Delivery[]> {
      const { limit, offset } = pageWindow(query);
      const rows = await sql<DeliveryRow[]>`SELECT ${columns} FROM ${deliveries} WHERE website_id = ${websiteId}
        ${query.state === undefined ? sql`` : sql`AND state = ${query.state}`}
        ${query.endpointId === undefined ? sql`` : sql`AND endpoint_id = ${query.endpointId}`}
        ORDER BY seq DESC LIMIT ${limit} OFFSET ${offset}`;
      return rows.map(toDelivery);
    },
    async prune(before: number): Promise<number> {
      return sql.begin(async (tx) => {
        const gone = await tx`DELETE FROM ${deliveries} WHERE state = 'delivered' AND next_attempt_at < ${before}`;
        await tx`DELETE FROM ${events} e WHERE e.created_at < ${before}
          AND NOT EXISTS (SELECT 1 FROM ${deliveries} d WHERE d.event_id = e.event_id)`;
        return gone.count;
      });
    },
    async replay(websiteId: string, target: ReplayTarget): Promise<number> {
      const at = now();
      const rows = await sql`UPDATE ${deliveries} SET state = 'pending', attempts = 0, started_at = ${at},
          next_attempt_at = ${at}, claim = NULL
        WHERE website_id = ${websiteId} AND state = 'failed' ${replayed(target)} RETURNING 1`;
      return rows.length;
    },
  };
}

type DueRow = Omit<ClaimedDelivery, "startedAt"> & { startedAt: string; due_at: string; seq: string };

function claimQueries({ sql, endpoints, events, deliveries }: Tables) {
  return {
    async claim(request: Parameters<AutomationsStore["claimDeliveries"]>[0]): Promise<ClaimedDelivery[]> {
      const { now, limit, leaseMs, claim } = request;
      const rows = await sql<DueRow[]>`
        WITH due AS (
          SELECT d.seq, d.next_attempt_at AS due_at FROM ${deliveries} d
          JOIN ${endpoints} e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled
          WHERE d.state = 'pending' AND d.next_attempt_at <= ${now}
          ORDER BY d.next_attempt_at, d.seq LIMIT ${Math.max(0, Math.floor(limit))}
          FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE ${deliveries} d SET claim = ${claim}, attempts = d.attempts + 1, next_attempt_at = ${now + leaseMs}
        FROM due, ${endpoints} e, ${events} ev
        WHERE d.seq = due.seq AND e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id
          AND ev.event_id = d.event_id
        RETURNING due.due_at, due.seq, d.delivery_id AS "deliveryId", d.claim, d.attempts, d.started_at AS "startedAt",
          d.event_id AS "eventId", d.website_id AS "websiteId", d.endpoint_id AS "endpointId", e.url, e.secret, ev.body`;
      // RETURNING keeps no order: sorted again as picked, oldest due first.
      rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq));
      return rows.map(({ due_at: _due, seq: _seq, ...row }) => ({ ...row, startedAt: Number(row.startedAt) }));
    },
    async settle(...[claimed, settlement, now]: Parameters<AutomationsStore["settleDelivery"]>): Promise<boolean> {
      const next = settlement.state === "pending" ? settlement.nextAttemptAt : now;
      const { state, lastStatus, lastError } = settlement;
      const gone = settlement.disableEndpoint;
      const rows = await sql`
        WITH settled AS (
          UPDATE ${deliveries} SET state = ${state}, last_status = ${lastStatus}, last_error = ${lastError},
            next_attempt_at = ${next}, claim = NULL
          WHERE delivery_id = ${claimed.deliveryId} AND claim = ${claimed.claim}
          RETURNING website_id, endpoint_id
        ), disabled AS (
          UPDATE ${endpoints} e SET enabled = false, disabled_reason = 'gone' FROM settled
          WHERE ${gone} AND e.website_id = settled.website_id AND e.endpoint_id = settled.endpoint_id
        )
        SELECT 1 FROM settled`;
      return rows.length === 1;
    },
    async next(): Promise<number | undefined> {
      const [row] = await sql<{ at: string | null }[]>`SELECT min(d.next_attempt_at) AS at FROM ${deliveries} d
        JOIN ${endpoints} e ON e.website_id = d.website_id AND e.endpoint_id = d.endpoint_id AND e.enabled
        WHERE d.state = 'pending'`;
      return row?.at == null ? undefined : Number(row.at);
    },
  };
}

export function createPostgresAutomations(sql: postgres.Sql, schema: string, now: () => number): AutomationsStore {
  const tables: Tables = {
    sql,
    endpoints: sql(`${schema}.webhook_endpoints`),
    events: sql(`${schema}.events`),
    deliveries: sql(`${schema}.webhook_deliveries`),
    channel: `${schema}.outbox`,
  };
  const endpoints = endpointQueries(tables);
  const outbox = outboxQueries(tables, now);
  const claims = claimQueries(tables);
  return {
    listEndpoints: endpoints.list,
    async createEndpoint(websiteId, input) {
      const endpoint = makeEndpoint(input, randomUUID(), now());
      await endpoints.create(websiteId, endpoint);
      return endpoint;
    },
    setEndpointEnabled: endpoints.setEnabled,
    deleteEndpoint: endpoints.remove,
    listDeliveries: outbox.list,
    replayDeliveries: outbox.replay,
    claimDeliveries: claims.claim,
    settleDelivery: claims.settle,
    pruneDeliveries: outbox.prune,
    nextDeliveryAt: claims.next,
    async onDeliveries(listener) {
      const { unlisten } = await sql.listen(tables.channel, () => listener());
      return unlisten;
    },
  };
}
