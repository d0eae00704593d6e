// @vitest-environment node
/**
 * The delivery worker against a receiver on loopback that verifies every signature: retries with backoff under
 * one webhook id, a late 2xx seen twice, 410 disabling the endpoint, stop waiting for attempts in flight.
 * Backoffs are milliseconds here; the clock is the real one, which the receiver's signature check needs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createDeliveryWorker, type DeliveryWorker } from "../../../src/server/automations/delivery-worker";
import { newSecret } from "../../../src/server/automations/endpoints";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import { SESSION, WEBSITE } from "../../support/service";
import { waitFor } from "../../support/wait";
import { type Answer, startReceiver } from "./receiver";

const FAST = { firstDelayMs: 10, maxDelayMs: 40, retryForMs: 60_000, jitter: 0.25 };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  answer: (id: string, attempt: number) => Answer,
  options: { concurrency?: number; timeoutMs?: number } = {},
) {
  const secret = newSecret();
  const receiver = await startReceiver(secret, answer);
  const store = createMemoryStore();
  const endpoint = await store.createEndpoint(WEBSITE, { url: receiver.url, secret });
  const errors: unknown[] = [];
  const worker: DeliveryWorker = createDeliveryWorker({
    store,
    backoff: FAST,
    pollMs: 50,
    onError: (error) => errors.push(error),
    ...options,
  });
  cleanups.push(receiver.close, worker.stop);
  await worker.start();
  const change = (index: number) =>
    store.applyChange(WEBSITE, `${SESSION}_${index}`, 1, { overwrite: false, segments: [`s${index}`], remove: [] });
  return { receiver, store, endpoint, worker, errors, change };
}

describe("the delivery worker", () => {
  it("delivers every event through failed answers and dropped connections, under one webhook id", async () => {
    const plan: Answer[] = [503, "drop", 200];
    const { receiver, store, errors, change } = await setup((_id, attempt) => plan[attempt - 1] ?? 200);
    for (let index = 0; index < 5; index++) await change(index);
    const delivered = async () => store.listDeliveries(WEBSITE, { state: "delivered", page: 1, perPage: 10 });
    await waitFor(async () => (await delivered()).length === 5, 10_000);
    expect(receiver.forged).toEqual([]);
    // The verified body names the event by the webhook-id header's id.
    expect(receiver.received.filter((r) => r.body.id !== r.id)).toEqual([]);
    const ids = new Set(receiver.received.map((r) => r.id));
    for (const id of ids) {
      const attempts = receiver.received.filter((r) => r.id === id);
      expect(attempts.map((r) => r.answered)).toEqual(plan);
      expect(new Set(attempts.map((r) => JSON.stringify(r.body))).size).toBe(1);
    }
    const added = receiver.received.filter((r) => r.answered === 200).map((r) => r.body.data.added);
    expect(added.sort()).toEqual([["s0"], ["s1"], ["s2"], ["s3"], ["s4"]]);
    const deliveries = await delivered();
    expect(deliveries.map((d) => [d.state, d.attempts, d.lastStatus])).toEqual(Array(5).fill(["delivered", 3, 200]));
    expect(errors).toEqual([]);
  });

  it("retries an attempt not answered in time; the receiver then sees the event twice, under one id", async () => {
    // The first attempt is answered only once the second came: only the worker's timeout can bring the second.
    let secondCame = () => {};
    const second = new Promise<void>((resolve) => {
      secondCame = resolve;
    });
    const { receiver, store, change } = await setup(
      (_id, attempt) => {
        if (attempt === 1) return { until: second, status: 200 };
        secondCame();
        return 200;
      },
      { timeoutMs: 1_000 },
    );
    await change(1);
    await waitFor(() => receiver.delivered().length === 2, 10_000);
    await waitFor(
      async () => (await store.listDeliveries(WEBSITE, { state: "delivered", page: 1, perPage: 1 })).length === 1,
    );
    const [first, again] = receiver.delivered();
    expect(first).toBe(again);
    const [delivery] = await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 });
    expect(delivery).toMatchObject({ state: "delivered", attempts: 2 });
  });

  it("stops sending to an endpoint that answers 410 Gone, disabling it", async () => {
    const { receiver, store, endpoint, worker, change } = await setup(() => 410, { concurrency: 1 });
    await change(1);
    await change(2);
    await waitFor(async () => (await store.listEndpoints(WEBSITE))[0]?.enabled === false, 5_000);
    // One more look at the store, then stop: the stop waits for that look and for any attempt it made.
    worker.wake();
    await worker.stop();
    expect(receiver.received).toHaveLength(1);
    expect(await store.listEndpoints(WEBSITE)).toEqual([{ ...endpoint, enabled: false, disabledReason: "gone" }]);
    const states = (await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 })).map((d) => d.state);
    expect(states).toEqual(["pending", "failed"]);
  });

  it("stops once the attempts in flight have their outcomes stored", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { receiver, store, worker, change } = await setup(() => ({ until: released, status: 204 }));
    await change(1);
    await waitFor(() => receiver.arrived.length === 1);
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    // The stop waits for the answer: the attempt is still in flight however long the test waits here.
    await waitFor(async () => (await store.listDeliveries(WEBSITE, { page: 1, perPage: 1 }))[0]?.attempts === 1);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(receiver.delivered()).toHaveLength(1);
    const [delivery] = await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 });
    expect(delivery).toMatchObject({ state: "delivered", lastStatus: 204 });
  });
});
