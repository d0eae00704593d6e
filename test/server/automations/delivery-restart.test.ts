// @vitest-environment node
/**
 * Nothing is lost across a crash, and instances share the work: a receiver on loopback that fails its first
 * answers and verifies every signature counts every event arriving, none forged, across a SQLite store and worker
 * crashing in the middle; two instances on one PostgreSQL database deliver each event once.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AutomationsStore } from "../../../src/server/automations/automations-store";
import { createDeliveryWorker } from "../../../src/server/automations/delivery-worker";
import { newSecret } from "../../../src/server/automations/endpoints";
import { createSqliteStore } from "../../../src/server/storage/sqlite-store";
import { postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import { SESSION, WEBSITE } from "../../support/service";
import { waitFor } from "../../support/wait";
import { tempFolder } from "../storage/store-factories";
import type { Store } from "./automation-stores";
import { type Answer, startReceiver } from "./receiver";

const FAST = { firstDelayMs: 10, maxDelayMs: 50, retryForMs: 60_000, jitter: 0.25 };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startWorker(store: AutomationsStore, errors: unknown[]) {
  // A crashed worker's claims come back when their lease ends: a short one keeps the test short.
  const short = { timeoutMs: 1_000, leaseMs: 2_000 };
  const worker = createDeliveryWorker({ store, backoff: FAST, pollMs: 50, ...short, onError: (e) => errors.push(e) });
  cleanups.push(worker.stop);
  return worker.start().then(() => worker);
}

/** Changes a session's and a contact's list: two events, whose `added` names them by `index`. */
async function changeBoth(store: Store, index: number): Promise<void> {
  await store.applyChange(WEBSITE, `${SESSION}_${index}`, 1, { overwrite: false, segments: [`s${index}`], remove: [] });
  await store.createContact(WEBSITE, { email: `c${index}@example.com`, segments: [`c${index}`] });
}

const delivered = async (store: AutomationsStore) =>
  store.listDeliveries(WEBSITE, { state: "delivered", page: 1, perPage: 100 });

describe("delivery across a crash (SQLite file)", () => {
  it("delivers every event, none forged, after the store and worker crash in the middle", {
    timeout: 30_000,
  }, async () => {
    const secret = newSecret();
    const plan: Answer[] = [503, "drop"];
    const receiver = await startReceiver(secret, (_id, attempt) => plan[attempt - 1] ?? 200);
    cleanups.push(receiver.close);
    const filename = join(tempFolder(), "segments.db");
    const errors: unknown[] = [];
    const first = createSqliteStore({ filename });
    await first.createEndpoint(WEBSITE, { url: receiver.url, secret });
    const crashing = await startWorker(first, errors);
    for (let index = 0; index < 5; index++) await changeBoth(first, index);
    await waitFor(() => new Set(receiver.delivered()).size >= 3, 10_000);
    first.close(); // the crash: whatever the worker had in flight cannot be stored
    await crashing.stop();

    const second = createSqliteStore({ filename });
    cleanups.push(() => second.close());
    await startWorker(second, []);
    for (let index = 5; index < 10; index++) await changeBoth(second, index);
    await waitFor(async () => (await delivered(second)).length === 20, 15_000);

    expect(receiver.forged).toEqual([]);
    const ids = (await delivered(second)).map((delivery) => delivery.eventId);
    expect(new Set(receiver.delivered())).toEqual(new Set(ids));
    const added = new Set(receiver.received.map((r) => (r.body.data.added as string[])[0]));
    expect([...added].sort()).toEqual([...Array(10).keys()].flatMap((i) => [`c${i}`, `s${i}`]).sort());
    for (const id of ids)
      expect(new Set(receiver.received.filter((r) => r.id === id).map((r) => JSON.stringify(r.body))).size).toBe(1);
  });
});

describe.skipIf(!postgresReachable)("two instances on one PostgreSQL database", () => {
  it("deliver each event once in the normal case", { timeout: 30_000 }, async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret, () => ({ delayMs: 5, status: 200 }));
    cleanups.push(receiver.close);
    const schema = testSchema();
    const instances = [await postgresStore(schema), await postgresStore(schema)];
    await instances[0]!.createEndpoint(WEBSITE, { url: receiver.url, secret });
    const errors: unknown[] = [];
    for (const instance of instances) await startWorker(instance, errors);
    await Promise.all(
      instances.map(async (instance, which) => {
        for (let index = which * 15; index < (which + 1) * 15; index++) await changeBoth(instance, index);
      }),
    );
    await waitFor(async () => (await delivered(instances[1]!)).length === 60, 15_000);
    expect(receiver.forged).toEqual([]);
    expect(receiver.received).toHaveLength(60);
    expect(new Set(receiver.delivered()).size).toBe(60);
    expect(errors).toEqual([]);
  });
});
