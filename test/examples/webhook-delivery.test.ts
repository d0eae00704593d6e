// @vitest-environment node
/**
 * Webhooks end to end through the HTTP service: the demo on a SQLite file, changes made as a page and a backend
 * make them, a receiver on loopback that verifies every signature and fails its first answers (down, then a
 * dropped connection), and a restart of the demo in the middle. Every event arrives, none forged, none lost.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type RunningDemo, startDemo } from "../../examples/demo-server.mjs";
import { newSecret } from "../../src/server/automations/endpoints";
import { startReceiver } from "../server/automations/receiver";
import { waitFor } from "../support/wait";

vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const WEBSITE = "demo-website";
const OPERATOR = { identifier: "demo-backend", key: "demo-operator-key-123" };
const AUTH = { Authorization: `Basic ${btoa(`${OPERATOR.identifier}:${OPERATOR.key}`)}`, "X-Crisp-Tier": "plugin" };
// Short backoff and lease, so that the retries of the test take milliseconds.
const WORKER = { backoff: { firstDelayMs: 10, maxDelayMs: 100, retryForMs: 60_000, jitter: 0.25 }, pollMs: 50 };
const session = (index: number) => `session_00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A page's push and a backend's new contact: two changes, two events, named by `index`. */
async function changeBoth(demo: RunningDemo, index: number): Promise<void> {
  const pushed = await fetch(`${demo.url}/v1/website/${WEBSITE}/session/${session(index)}/segments`, {
    method: "POST",
    headers: { Origin: demo.url },
    body: JSON.stringify({ revision: 1, overwrite: false, segments: [`s${index}`] }),
  });
  const created = await fetch(`${demo.url}/v1/website/${WEBSITE}/people/profile`, {
    method: "POST",
    headers: { ...AUTH, "Content-Type": "application/json" },
    body: JSON.stringify({ email: `c${index}@example.com`, segments: [`c${index}`] }),
  });
  expect([pushed.status, created.status]).toEqual([200, 200]);
}

describe("webhooks through the demo's HTTP service", () => {
  it("delivers every event, verified, once the receiver is up, across a restart of the demo", {
    timeout: 60_000,
  }, async () => {
    const secret = newSecret();
    let up = false;
    const droppedOnce = new Set<string>();
    // Down (503) at first; once up, each event's first answer is a dropped connection, then 200.
    const receiver = await startReceiver(secret, (id) => {
      if (!up) return 503;
      if (droppedOnce.has(id)) return 200;
      droppedOnce.add(id);
      return "drop";
    });
    cleanups.push(receiver.close);
    const dataDir = mkdtempSync(join(tmpdir(), "crisp-segments-webhook-e2e-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let running: RunningDemo | undefined;
    cleanups.push(() => running?.close());
    const start = async () => {
      running = await startDemo({
        port: 0,
        dataDir,
        operator: OPERATOR,
        webhook: { url: receiver.url, secret },
        deliveryWorker: WORKER,
      });
      return running;
    };

    const first = await start();
    for (let index = 0; index < 5; index++) await changeBoth(first, index);
    await waitFor(() => new Set(receiver.received.map((r) => r.id)).size >= 10, 20_000);
    expect(receiver.delivered()).toEqual([]);
    await first.close();
    running = undefined;

    const second = await start();
    expect(second.webhook?.endpointId).toBe(first.webhook?.endpointId);
    expect(await second.store.listEndpoints(WEBSITE)).toHaveLength(1);
    up = true;
    for (let index = 5; index < 10; index++) await changeBoth(second, index);
    await waitFor(() => new Set(receiver.delivered()).size >= 20, 30_000);

    expect(receiver.forged).toEqual([]);
    expect(receiver.received.filter((r) => r.body.id !== r.id)).toEqual([]);
    // The receiver counts an answer as it sends it; the worker stores the outcome once it has it.
    const recorded = () => second.store.listDeliveries(WEBSITE, { page: 1, perPage: 100 });
    await waitFor(async () => (await recorded()).every((delivery) => delivery.state === "delivered"), 10_000);
    expect(await recorded()).toHaveLength(20);
    expect(new Set(receiver.delivered())).toEqual(new Set((await recorded()).map((delivery) => delivery.eventId)));
    const added = receiver.received
      .filter((r) => r.answered === 200)
      .map((r) => `${r.body.event} ${(r.body.data.added as string[]).join()}`)
      .sort();
    const expected = [...Array(10).keys()].flatMap((i) => [`people:set_segments c${i}`, `session:set_segments s${i}`]);
    expect(added).toEqual(expected.sort());
  });
});
