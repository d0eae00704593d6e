/**
 * The stores the automations' tests run on: memory, a SQLite file in a temporary folder, and PostgreSQL in a
 * schema of its own where a server is reachable (test/support/postgres.ts drops it after each test).
 */

import { join } from "node:path";
import { expect } from "vitest";
import type { AutomationsStore } from "../../../src/server/automations/automations-store";
import type { ClaimedDelivery } from "../../../src/server/automations/outbox";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import type { ChangeFeed, SegmentsStore } from "../../../src/server/storage/segments-store";
import { createSqliteStore } from "../../../src/server/storage/sqlite-store";
import type { TeamStore } from "../../../src/server/storage/team-store";
import { postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import { tempFolder } from "../storage/store-factories";

export type Store = SegmentsStore & ChangeFeed & TeamStore & AutomationsStore;

export interface Made {
  store: Store;
  /** The SQLite file or PostgreSQL schema, for tests that reach under the store. */
  where: string;
}

export const stores: Array<[string, (now: () => number) => Promise<Made>]> = [
  ["memory", async (now) => ({ store: createMemoryStore({ now }), where: "" })],
  [
    "sqlite",
    async (now) => {
      const filename = join(tempFolder(), "segments.db");
      return { store: createSqliteStore({ filename, now }), where: filename };
    },
  ],
];
if (postgresReachable) {
  stores.push([
    "postgres",
    async (now) => {
      const schema = testSchema();
      return { store: await postgresStore(schema, now), where: schema };
    },
  ]);
}

export const FAR_FUTURE = 8_000_000_000_000;

/** Claims every delivery due by `now` (far in the future by default) for a short lease. */
export function claimAll(store: AutomationsStore, now = FAR_FUTURE): Promise<ClaimedDelivery[]> {
  return store.claimDeliveries({ now, limit: 100, leaseMs: 1_000, claim: `claim-${Math.random()}` });
}

/** The webhook bodies due, parsed, in the order claimed (by due time, then as stored). */
export async function dueBodies(store: AutomationsStore): Promise<unknown[]> {
  const claimed = await claimAll(store);
  return claimed.map((delivery) => {
    const body = JSON.parse(delivery.body);
    // The body names its event by the id every attempt's webhook-id header carries.
    expect(body.id).toBe(delivery.eventId);
    return body;
  });
}
