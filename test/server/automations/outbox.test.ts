// @vitest-environment node
/**
 * The outbox on each store: claims lease deliveries (a claimed one is not claimed again until its lease ends),
 * outcomes are stored only under the claim that made the attempt, failed deliveries replay, 410 disables the
 * endpoint, deleting an endpoint drops its deliveries, and delivered ones are pruned.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF } from "../../../src/server/automations/backoff";
import { settle } from "../../../src/server/automations/delivery-outcome";
import type { ClaimedDelivery } from "../../../src/server/automations/outbox";
import { SESSION, WEBSITE } from "../../support/service";
import { type Store, stores } from "./automation-stores";

const T = 10_000;
const add = (...segments: string[]) => ({ overwrite: false as const, segments, remove: [] });

async function withDeliveries(make: (now: () => number) => Promise<{ store: Store }>, count: number) {
  let clock = T;
  const { store } = await make(() => clock);
  const endpoint = await store.createEndpoint(WEBSITE, { url: "https://hooks.example/" });
  for (let index = 1; index <= count; index++) {
    clock = T + index;
    await store.applyChange(WEBSITE, SESSION, index, add(`s${index}`));
  }
  const claim = (now: number, claimId = `claim-${now}`, limit = 10) =>
    store.claimDeliveries({ now, limit, leaseMs: 1_000, claim: claimId });
  const answer = (delivery: ClaimedDelivery, status: number, now: number) =>
    store.settleDelivery(delivery, settle({ status }, delivery, now, DEFAULT_BACKOFF, 0), now);
  return { store, endpoint, claim, answer, setClock: (at: number) => (clock = at) };
}

describe.each(stores)("%s store's outbox", (_name, make) => {
  it("claims due deliveries oldest first, each once while its lease runs, then again with one more attempt", async () => {
    const { store, claim } = await withDeliveries(make, 3);
    expect(await store.nextDeliveryAt()).toBe(T + 1);
    expect(await claim(T + 1)).toHaveLength(1);
    const rest = await claim(T + 100, "second", 1);
    expect(rest.map((delivery) => [delivery.attempts, delivery.claim])).toEqual([[1, "second"]]);
    expect(await claim(T + 100, "third")).toHaveLength(1);
    expect(await claim(T + 100, "fourth")).toEqual([]);
    const again = await claim(T + 1 + 1_000, "after-lease");
    expect(again.map((delivery) => delivery.attempts)).toEqual([2]);
  });

  it("stores an outcome under its own claim alone", async () => {
    const { store, claim, answer } = await withDeliveries(make, 1);
    const [first] = await claim(T + 1);
    const [second] = await claim(T + 1 + 1_000, "second");
    expect(await answer(first!, 200, T + 1_500)).toBe(false);
    expect(await answer(second!, 200, T + 1_500)).toBe(true);
    const [delivery] = await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 });
    expect(delivery).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 200, eventId: first!.eventId });
    expect(await store.nextDeliveryAt()).toBeUndefined();
    expect(await claim(T + 99_999)).toEqual([]);
  });

  it("stores outcomes told at once each by its own claim: delivered, retried, lost, gone", async () => {
    const { store, claim, answer } = await withDeliveries(make, 4);
    const claimed = await claim(T + 4);
    // The lease of the first ran out and another worker took it: its first claim's outcome is not stored.
    const [again] = await claim(T + 4 + 1_000, "again", 1);
    expect(again?.deliveryId).toBe(claimed[0]?.deliveryId);
    const at = T + 1_010;
    const told = await Promise.all([
      answer(claimed[0]!, 200, at),
      answer(claimed[1]!, 503, at),
      answer(claimed[2]!, 200, at),
      answer(again!, 204, at),
    ]);
    expect(told).toEqual([false, true, true, true]);
    const byId = new Map(
      (await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 })).map((delivery) => [
        delivery.deliveryId,
        delivery,
      ]),
    );
    expect(byId.get(again!.deliveryId)).toMatchObject({ state: "delivered", lastStatus: 204, attempts: 2 });
    expect(byId.get(claimed[1]!.deliveryId)).toMatchObject({ state: "pending", lastStatus: 503 });
    expect(byId.get(claimed[2]!.deliveryId)).toMatchObject({ state: "delivered", lastStatus: 200 });
    expect(await answer(claimed[3]!, 410, at)).toBe(true);
    expect((await store.listEndpoints(WEBSITE))[0]).toMatchObject({ enabled: false, disabledReason: "gone" });
  });

  it("waits a failed attempt's backoff, and keeps one webhook id across attempts", async () => {
    const { store, claim, answer } = await withDeliveries(make, 1);
    const [first] = await claim(T + 1);
    expect(await answer(first!, 503, T + 5)).toBe(true);
    expect(await store.nextDeliveryAt()).toBe(T + 5 + 1_000);
    expect(await claim(T + 1_004)).toEqual([]);
    const [second] = await claim(T + 1_005);
    expect(second).toMatchObject({ attempts: 2, eventId: first!.eventId, body: first!.body });
    const [listed] = await store.listDeliveries(WEBSITE, { state: "pending", page: 1, perPage: 10 });
    expect(listed).toMatchObject({ lastStatus: 503, attempts: 2 });
  });

  it("replays failed deliveries anew, one, one endpoint's, or all", async () => {
    const { store, endpoint, claim, answer, setClock } = await withDeliveries(make, 3);
    const day = 24 * 3_600_000;
    for (const delivery of await claim(T + day)) await answer(delivery, 500, T + day + 10);
    const failed = await store.listDeliveries(WEBSITE, { state: "failed", page: 1, perPage: 10 });
    expect(failed).toHaveLength(3);
    setClock(T + 2 * day);
    expect(await store.replayDeliveries(WEBSITE, { deliveryId: failed[0]!.deliveryId })).toBe(1);
    expect(await store.replayDeliveries("other-website", { all: true })).toBe(0);
    expect(await store.replayDeliveries(WEBSITE, { endpointId: endpoint.endpointId })).toBe(2);
    expect(await store.replayDeliveries(WEBSITE, { all: true })).toBe(0);
    const replayed = await claim(T + 2 * day);
    expect(replayed.map((delivery) => [delivery.attempts, delivery.startedAt])).toEqual([
      [1, T + 2 * day],
      [1, T + 2 * day],
      [1, T + 2 * day],
    ]);
  });

  it("disables an endpoint that answers 410, holding its deliveries until it is enabled again", async () => {
    const { store, endpoint, claim, answer } = await withDeliveries(make, 2);
    const [gone] = await claim(T + 1);
    await answer(gone!, 410, T + 2);
    expect(await store.listEndpoints(WEBSITE)).toEqual([{ ...endpoint, enabled: false, disabledReason: "gone" }]);
    expect(await claim(T + 50)).toEqual([]);
    expect(await store.nextDeliveryAt()).toBeUndefined();
    await store.applyChange(WEBSITE, SESSION, 10, add("while_disabled"));
    expect(await store.setEndpointEnabled(WEBSITE, endpoint.endpointId, true)).toEqual(endpoint);
    expect((await claim(T + 50)).map((delivery) => JSON.parse(delivery.body).data.added)).toEqual([["s2"]]);
    expect(await store.setEndpointEnabled(WEBSITE, "no-such-endpoint", true)).toBeUndefined();
  });

  it("deletes an endpoint with its deliveries, and lists deliveries newest first by state and endpoint", async () => {
    const { store, endpoint, claim, answer } = await withDeliveries(make, 2);
    const other = await store.createEndpoint(WEBSITE, { url: "https://other.example/" });
    await store.applyChange(WEBSITE, SESSION, 3, add("both"));
    const [first] = await claim(T + 1);
    await answer(first!, 200, T + 2);
    const page = (query: object) => store.listDeliveries(WEBSITE, { page: 1, perPage: 10, ...query });
    const added = async (query: object) =>
      (await page(query)).map((delivery) => [delivery.endpointId === other.endpointId, delivery.state]);
    expect(await added({})).toEqual([
      [true, "pending"],
      [false, "pending"],
      [false, "pending"],
      [false, "delivered"],
    ]);
    expect(await added({ state: "delivered" })).toEqual([[false, "delivered"]]);
    expect(await added({ endpointId: other.endpointId, state: "pending" })).toEqual([[true, "pending"]]);
    expect(await page({ page: 2, perPage: 3 })).toHaveLength(1);
    expect(await store.deleteEndpoint(WEBSITE, endpoint.endpointId)).toBe(true);
    expect(await store.deleteEndpoint(WEBSITE, endpoint.endpointId)).toBe(false);
    expect(await added({})).toEqual([[true, "pending"]]);
    expect(await store.listEndpoints(WEBSITE)).toEqual([other]);
  });

  it("prunes delivered deliveries past their keeping, keeping the failed ones and their events for replay", async () => {
    const { store, claim, answer } = await withDeliveries(make, 3);
    const day = 24 * 3_600_000;
    const [delivered, failed] = await claim(T + day + 10);
    await answer(delivered!, 200, T + day + 10);
    await answer(failed!, 500, T + day + 10);
    expect(await store.pruneDeliveries(T + day + 10)).toBe(0);
    expect(await store.pruneDeliveries(T + day + 11)).toBe(1);
    const left = await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 });
    expect(left.map((delivery) => delivery.state)).toEqual(["pending", "failed"]);
    await store.replayDeliveries(WEBSITE, { all: true });
    const [replayed] = await claim(T + 3 * day, "replayed", 1);
    expect(replayed).toMatchObject({ eventId: failed!.eventId, body: failed!.body });
  });
});
