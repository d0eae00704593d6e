/**
 * Regressions found by a review against docs/protocol.md and the README: each failed before its fix.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../src/platform/page-lifecycle";
import { browserStorage, type KeyValueStore, memoryStorage } from "../../src/platform/storage";
import type { CrispError } from "../../src/protocol/errors";
import { type ClientEnvironment, CrispClient } from "../../src/sdk/client";
import { ENDPOINT, fakeService, testEnvironment, WEBSITE, waitFor } from "../support/env";
import { lockHub, sharedStorage } from "../support/tabs";

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (status: number, reason: string): Response =>
  Response.json({ error: true, reason, data: { message: `because ${reason}` } }, { status });
const DAY = 24 * 60 * 60 * 1000;

const clients: CrispClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  vi.restoreAllMocks();
  localStorage.clear();
});

function open(overrides: Partial<ClientEnvironment> = {}) {
  const env = testEnvironment(overrides);
  const client = new CrispClient({ websiteId: WEBSITE, endpoint: ENDPOINT }, env);
  clients.push(client);
  const errors: CrispError[] = [];
  client.on("error", (error) => errors.push(error));
  const sessionId = (): string => client.get("session:identifier") as string;
  return { client, env, errors, sessionId };
}

type Service = ReturnType<typeof fakeService>;
/** Counts POSTs on the wire at once; `delay(n)` is how long the n-th POST (0-based) takes. */
function counted(service: Service, delay: (index: number) => number) {
  const stats = { inFlight: 0, maxInFlight: 0, posts: 0 };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.method !== "POST") return service.fetch(request);
    const index = stats.posts++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      await tick(delay(index));
      return await service.fetch(request);
    } finally {
      stats.inFlight--;
    }
  };
  return { fetch: fetch as typeof globalThis.fetch, stats };
}

describe("page exit (page only hidden) while the burst timer is pending", () => {
  it("keeps one request per session in flight when the page is hidden while the burst timer is pending", async () => {
    const service = fakeService();
    const { fetch, stats } = counted(service, () => 100);
    const { client, env } = open({ fetch, delayMs: 20 });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    client.run(["set", "session:segments", [["a"]]]);
    env.exit(); // visibilitychange to hidden: the page lives on
    await client.flush();
    expect(stats.maxInFlight).toBe(1);
  });

  it("reports a refused (400) change once, even when the page was hidden meanwhile", async () => {
    const service = fakeService();
    service.inject((request) => (request.method === "POST" ? failure(400, "invalid_segments") : null));
    const { fetch } = counted(service, () => 100);
    const { client, env, errors } = open({ fetch, delayMs: 20 });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    client.run(["set", "session:segments", [["a"]]]);
    env.exit();
    await tick(400);
    expect(errors.filter((error) => error.code === "change_refused")).toHaveLength(1);
  });

  it("ignores a late answer that describes an older state of the service", async () => {
    const service = fakeService();
    // The exit send's answer (handled at once by the service) reaches the page late.
    let posts = 0;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method !== "POST") return service.fetch(request);
      const first = posts++ === 0;
      const response = await service.fetch(request);
      if (first) await tick(300);
      return response;
    }) as typeof globalThis.fetch;
    const { client, env, sessionId } = open({ fetch, delayMs: 20 });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    client.run(["set", "session:segments", [["a"]]]);
    env.exit();
    await tick(60);
    client.run(["set", "session:segments", [["b"]]]);
    await client.flush();
    expect(await service.segments(sessionId())).toEqual(["a", "b"]);
    await tick(400); // the exit send's answer arrives: revision 1, list ["a"]
    expect(client.get("session:segments")).toEqual(["a", "b"]);
  });
});

describe("tabs", () => {
  it("a follower hears of the refusal of its own change, and its flush rejects", async () => {
    const service = fakeService();
    service.inject((request) => (request.method === "POST" ? failure(400, "invalid_segments") : null));
    const storage = sharedStorage();
    const hub = lockHub();
    open({ fetch: service.fetch, storage, locks: hub.tab("A"), tabId: "A" });
    const b = open({ fetch: service.fetch, storage, locks: hub.tab("B"), tabId: "B" });
    await tick(10);
    b.client.run(["set", "session:segments", [["refused"]]]);
    const outcome = await b.client.flush().then(
      () => "resolved",
      (error: CrispError) => error.code,
    );
    expect({ outcome, followerErrors: b.errors.map((error) => error.code) }).toEqual({
      outcome: "change_refused",
      followerErrors: ["change_refused"],
    });
  });

  it("storage full: a follower sends its own commands when the leader cannot read them", async () => {
    const service = fakeService();
    const sessionId = "session_0b8f4c2e-1f7a-4c3b-9d2e-5a6b7c8d9e0f";
    // The session was made on an earlier visit, before the origin's storage filled up.
    localStorage.setItem(`crisp-segments:${WEBSITE}:current`, sessionId);
    const setItem = Storage.prototype.setItem;
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(function (this: Storage, key: string, value: string) {
      if (key === "crisp-segments:probe") return setItem.call(this, key, value);
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    });
    const hub = lockHub();
    const a = open({ fetch: service.fetch, storage: browserStorage(), locks: hub.tab("A"), tabId: "A" });
    const b = open({ fetch: service.fetch, storage: browserStorage(), locks: hub.tab("B"), tabId: "B" });
    expect(b.sessionId()).toBe(sessionId);
    await tick(10);
    b.client.run(["set", "session:segments", [["from-follower"]]]);
    a.client.run(["set", "session:segments", [["from-leader"]]]);
    await a.client.flush();
    await tick(1_000);
    expect((await service.segments(sessionId)).sort()).toEqual(["from-follower", "from-leader"]);
  });

  it("never sends a closed tab's acknowledged command again, days later", async () => {
    const service = fakeService();
    const storage = sharedStorage();
    const hub = lockHub();
    const aLocks = hub.tab("A");
    const a = open({ fetch: service.fetch, storage, locks: aLocks, tabId: "A" });
    const bLocks = hub.tab("B");
    const b = open({ fetch: service.fetch, storage, locks: bLocks, tabId: "B" });
    await tick(10);
    const old = a.sessionId();
    // Tab B pushes and navigates away at once: its outbox is written, it never sees the leader fold it in.
    b.client.run(["set", "session:segments", [["x"]]]);
    await Promise.resolve();
    b.client.dispose();
    bLocks.close();
    await waitFor(async () => (await service.segments(old)).includes("x"));
    a.client.run(["set", "session:segments", [["y"]]]);
    await a.client.flush();
    // An operator takes "x" off the old session; the visitor logs out.
    await service.store.edit(WEBSITE, old, { overwrite: false, segments: [], remove: ["x"] });
    a.client.run(["do", "session:reset"]);
    await a.client.flush();
    a.client.dispose();
    aLocks.close();
    // Three days later the visitor comes back.
    const later = { ...systemClock, now: () => Date.now() + 3 * DAY };
    const c = open({ fetch: service.fetch, storage, locks: hub.tab("C"), tabId: "C", clock: later });
    await tick(10);
    await c.client.flush();
    expect(await service.segments(old)).toEqual(["y"]);
  });
});

describe("revisions", () => {
  it("a record that could not be stored does not make the next page reuse a revision the service took", async () => {
    const service = fakeService();
    const durable = memoryStorage();
    // Storage holds the small `current` key (written on the first visit) but is full for the session's record.
    const page = (): KeyValueStore => {
      const overlay = memoryStorage();
      return {
        durable: true,
        get: (key) => overlay.get(key) ?? durable.get(key),
        set: (key, value) => {
          if (key.includes(":session:")) overlay.set(key, value);
          else durable.set(key, value);
          return !key.includes(":session:");
        },
        remove: (key) => {
          overlay.remove(key);
          durable.remove(key);
        },
        keys: (prefix) => [...new Set([...overlay.keys(prefix), ...durable.keys(prefix)])],
      };
    };
    const first = open({ fetch: service.fetch, storage: page() });
    first.client.run(["set", "session:segments", [["a"]]]);
    await first.client.flush();
    first.client.dispose();
    // Next page: the service's read fails for now (it is retried in the background).
    service.inject((request) => (request.method === "GET" ? failure(503, "unavailable") : null));
    const second = open({ fetch: service.fetch, storage: page() });
    expect(second.sessionId()).toBe(first.sessionId());
    second.client.run(["set", "session:segments", [["b"]]]);
    await second.client.flush();
    expect(await service.segments(second.sessionId())).toEqual(["a", "b"]);
  });
});

describe("storage cleared by the page", () => {
  it("localStorage.clear() (a common logout step) does not lose the pending change the leader holds", async () => {
    const service = fakeService();
    // With Web Locks (every browser we support): the leader is the only writer of records.
    const { client, sessionId } = open({
      fetch: service.fetch,
      storage: browserStorage(),
      delayMs: 100,
      locks: lockHub().tab("A"),
    });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    const old = sessionId();
    client.run(["set", "session:segments", [["a"]]]);
    await tick(10); // folded into the session's record, not sent yet
    localStorage.clear();
    client.run(["do", "session:reset"]);
    await client.flush();
    expect(await service.segments(old)).toEqual(["a"]);
  });
});

describe("npm API", () => {
  it("a disposed client (Crisp.configure called again) lets go of the leader lock, so the new client sends", async () => {
    const service = fakeService();
    const hub = lockHub();
    const storage = memoryStorage();
    const first = open({ fetch: service.fetch, storage, locks: hub.tab("first"), tabId: "first" });
    await tick(200); // loaded, and its first drain is over
    first.client.dispose();
    const second = open({ fetch: service.fetch, storage, locks: hub.tab("second"), tabId: "second" });
    second.client.run(["set", "session:segments", [["after-reconfigure"]]]);
    await tick(1_000);
    expect(await service.segments(second.sessionId())).toEqual(["after-reconfigure"]);
  });
});
