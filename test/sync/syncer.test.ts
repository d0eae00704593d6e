import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../src/platform/page-lifecycle";
import { type KeyValueStore, memoryStorage } from "../../src/platform/storage";
import { applyOperation, type Operation } from "../../src/protocol/change";
import type { CrispError } from "../../src/protocol/errors";
import { CrispClient } from "../../src/sdk/client";
import { newSessionId } from "../../src/session/session-id";
import { REFRESH_MS } from "../../src/sync/reads";
import {
  disposeClients,
  ENDPOINT,
  fakeService,
  newClient,
  onlineNetwork,
  openClient,
  testEnvironment,
  WEBSITE,
} from "../support/env";
import { failure } from "../support/responses";
import { lockHub, sharedStorage } from "../support/tabs";
import { tick, waitFor } from "../support/wait";

const clients: CrispClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  disposeClients();
  vi.restoreAllMocks();
  localStorage.clear();
});

type Service = ReturnType<typeof fakeService>;

/** The service's fetch, with a delay on POSTs and a count of the requests on the wire at once. */
function instrumented(service: Service, postDelayMs = 0, online = () => true) {
  const stats = { inFlight: 0, maxInFlight: 0, posts: [] as { at: number; body: unknown; keepalive: boolean }[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (!online()) throw new TypeError("Failed to fetch");
    const request = new Request(input, init);
    if (request.method !== "POST") return service.fetch(request);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    stats.posts.push({ at: Date.now(), body: JSON.parse(await request.clone().text()), keepalive: request.keepalive });
    try {
      await tick(postDelayMs);
      return await service.fetch(request);
    } finally {
      stats.inFlight--;
    }
  };
  return { fetch: fetch as typeof globalThis.fetch, stats };
}

function start(overrides: Parameters<typeof newClient>[0] = {}) {
  const made = newClient(overrides);
  clients.push(made.client);
  const sessionId = (): string => made.client.get("session:identifier") as string;
  return { ...made, sessionId };
}

/** A deterministic stream of commands over a small alphabet. */
function randomCommands(count: number, seed: number): { commands: unknown[]; operations: Operation[] } {
  let state = seed;
  const next = (modulo: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % modulo;
  };
  const pick = (): string[] => Array.from({ length: 1 + next(3) }, () => `seg${next(20)}`);
  const commands: unknown[] = [];
  const operations: Operation[] = [];
  for (let index = 0; index < count; index++) {
    const segments = pick();
    const unique = [...new Set(segments)];
    const kind = next(50);
    if (kind === 0) {
      commands.push(["set", "session:segments", [segments, true]]);
      operations.push({ kind: "replace", segments: unique });
    } else if (kind < 15) {
      commands.push(["do", "session:segments:remove", [segments]]);
      operations.push({ kind: "remove", segments: unique });
    } else {
      commands.push(["set", "session:segments", [segments]]);
      operations.push({ kind: "add", segments: unique });
    }
  }
  return { commands, operations };
}

describe("sync: batching and ordering", () => {
  it("a burst of 1,000 commands is one request whose result equals applying them one by one", async () => {
    const service = fakeService();
    const { client, sessionId } = start({ fetch: service.fetch });
    const { commands, operations } = randomCommands(1_000, 7);
    for (const command of commands) client.run(command);
    const expected = operations.reduce<string[]>(applyOperation, []);
    expect(expected.length).toBeGreaterThan(3);
    expect(client.get("session:segments")).toEqual(expected);
    await client.flush();
    expect(service.posts()).toHaveLength(1);
    expect(await service.segments(sessionId())).toEqual(expected);
    expect(client.get("session:segments")).toEqual(expected);
  });

  it("sends the first request within about delayMs of the first command", async () => {
    const service = fakeService();
    const { fetch, stats } = instrumented(service);
    const { client } = start({ fetch, delayMs: 400 });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    const pushedAt = Date.now();
    client.run(["set", "session:segments", [["a"]]]);
    client.run(["set", "session:segments", [["b"]]]);
    await waitFor(() => stats.posts.length > 0);
    const elapsed = stats.posts[0]!.at - pushedAt;
    // Loose on the upper side: a loaded machine runs timers late.
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(2_000);
    expect(stats.posts[0]!.body).toMatchObject({ segments: ["a", "b"] });
  });

  it("in a hidden page, where timers wait for the browser's next second, sends without the burst timer", async () => {
    const service = fakeService();
    const { fetch, stats } = instrumented(service);
    const { client } = start({ fetch, delayMs: 5_000, hidden: () => true });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    const pushedAt = Date.now();
    client.run(["set", "session:segments", [["a"]]]);
    client.run(["set", "session:segments", [["b"]]]);
    await waitFor(() => stats.posts.length > 0);
    expect(stats.posts[0]!.at - pushedAt).toBeLessThan(2_500);
    expect(stats.posts[0]!.body).toMatchObject({ segments: ["a", "b"] });
  });

  it("keeps one request in flight; what arrives meanwhile goes in the next one, never into the one on the wire", async () => {
    const service = fakeService();
    const { fetch, stats } = instrumented(service, 80);
    const { client, sessionId } = start({ fetch });
    client.run(["set", "session:segments", [["a"]]]);
    await waitFor(() => stats.inFlight === 1);
    client.run(["do", "session:segments:remove", [["a"]]]);
    client.run(["set", "session:segments", [["b", "a"]]]);
    await tick(30);
    client.run(["set", "session:segments", [["c"]]]);
    await client.flush();
    expect(stats.maxInFlight).toBe(1);
    const [first, second] = stats.posts.map((post) => post.body as { revision: number });
    expect(second!.revision).toBeGreaterThan(first!.revision);
    expect(stats.posts.map((post) => ({ ...(post.body as object), revision: undefined }))).toEqual([
      { revision: undefined, overwrite: false, segments: ["a"], remove: [] },
      { revision: undefined, overwrite: false, segments: ["b", "a", "c"], remove: ["a"] },
    ]);
    expect(await service.segments(sessionId())).toEqual(["b", "a", "c"]);
    expect(client.get("session:segments")).toEqual(["b", "a", "c"]);
  });

  it("keeps one request in flight across two tabs of the website: only the leader sends", async () => {
    const service = fakeService();
    const { fetch, stats } = instrumented(service, 40);
    const storage = sharedStorage();
    const hub = lockHub();
    const tabA = new CrispClient(
      { websiteId: WEBSITE, endpoint: ENDPOINT },
      testEnvironment({ fetch, storage, locks: hub.tab("A"), tabId: "A" }),
    );
    const tabB = new CrispClient(
      { websiteId: WEBSITE, endpoint: ENDPOINT },
      testEnvironment({ fetch, storage, locks: hub.tab("B"), tabId: "B" }),
    );
    clients.push(tabA, tabB);
    const sessionId = tabA.get("session:identifier") as string;
    expect(tabB.get("session:identifier")).toBe(sessionId);
    for (let round = 0; round < 5; round++) {
      tabA.run(["set", "session:segments", [[`a${round}`]]]);
      tabB.run(["set", "session:segments", [[`b${round}`]]]);
      await tick(15);
    }
    await waitFor(async () => (await service.segments(sessionId)).length === 10);
    await tabA.flush();
    expect(stats.maxInFlight).toBe(1);
    expect([...(await service.segments(sessionId))].sort()).toEqual([
      "a0",
      "a1",
      "a2",
      "a3",
      "a4",
      "b0",
      "b1",
      "b2",
      "b3",
      "b4",
    ]);
    await tick(30);
    expect(tabA.get("session:segments")).toEqual(await service.segments(sessionId));
    expect(tabB.get("session:segments")).toEqual(await service.segments(sessionId));
  });
});

describe("sync: failures", () => {
  it("retries 5xx answers and delivers", async () => {
    const service = fakeService();
    let failed = 0;
    service.inject((request) => (request.method === "POST" && failed++ < 3 ? failure(503, "unavailable") : null));
    const { client, sessionId, errors } = start({ fetch: service.fetch });
    client.run(["set", "session:segments", [["a"]]]);
    await client.flush();
    expect(service.posts().length).toBe(4);
    expect(new Set(service.posts().map((post) => post.body)).size).toBe(1);
    expect(await service.segments(sessionId())).toEqual(["a"]);
    expect(errors).toEqual([]);
  });

  it("retries dropped connections and delivers", async () => {
    const service = fakeService();
    let failed = 0;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === "POST" && failed++ < 2) throw new TypeError("Failed to fetch");
      return service.fetch(request);
    }) as typeof globalThis.fetch;
    const { client, sessionId } = start({ fetch });
    client.run(["set", "session:segments", [["a"]]]);
    await client.flush();
    expect(failed).toBe(3);
    expect(await service.segments(sessionId())).toEqual(["a"]);
  });

  it("drops a change the service refuses (400), reports it once, rejects flush, and delivers later changes", async () => {
    const service = fakeService();
    let refused = 0;
    service.inject((request) =>
      request.method === "POST" && refused++ === 0 ? failure(400, "invalid_segments") : null,
    );
    const { client, sessionId, errors, env } = start({ fetch: service.fetch });
    client.run(["set", "session:segments", [["refused"]]]);
    await expect(client.flush()).rejects.toMatchObject({
      code: "change_refused",
      status: 400,
      reason: "invalid_segments",
    });
    expect(errors.filter((error) => error.code === "change_refused")).toHaveLength(1);
    expect(env.errors).toHaveLength(1);
    client.run(["set", "session:segments", [["later"]]]);
    await client.flush();
    await tick(50);
    expect(errors).toHaveLength(1);
    expect(service.posts()).toHaveLength(2);
    expect(await service.segments(sessionId())).toEqual(["later"]);
    expect(client.get("session:segments")).toEqual(["later"]);
  });

  it("drops a change refused as too large (413)", async () => {
    const service = fakeService();
    service.inject((request) => (request.method === "POST" ? failure(413, "payload_too_large") : null));
    const { client, errors } = start({ fetch: service.fetch });
    client.run(["set", "session:segments", [["a"]]]);
    await expect(client.flush()).rejects.toMatchObject({ code: "change_refused", status: 413 });
    expect(service.posts()).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(client.is("session:synced")).toBe(true);
  });

  it("stops syncing a website the service does not know (404), reports it once and keeps the local list", async () => {
    const service = fakeService();
    const env = testEnvironment({ fetch: service.fetch });
    const client = new CrispClient({ websiteId: "unknown-website", endpoint: ENDPOINT }, env);
    clients.push(client);
    const errors: CrispError[] = [];
    client.on("error", (error) => errors.push(error));
    await waitFor(() => errors.length > 0);
    client.run(["set", "session:segments", [["a"]]]);
    client.run(["set", "session:segments", [["b"]]]);
    await expect(client.flush()).rejects.toMatchObject({
      code: "website_refused",
      status: 404,
      reason: "website_not_found",
    });
    await tick(80);
    expect(errors.map((error) => error.code)).toEqual(["website_refused"]);
    expect(env.errors).toHaveLength(1);
    expect(service.posts()).toHaveLength(0);
    expect(client.get("session:segments")).toEqual(["a", "b"]);
  });

  it("stops on a 403 to a change, too", async () => {
    const service = fakeService();
    service.inject((request) => (request.method === "POST" ? failure(403, "origin_not_allowed") : null));
    const { client, errors } = start({ fetch: service.fetch });
    client.run(["set", "session:segments", [["a"]]]);
    await expect(client.flush()).rejects.toMatchObject({ code: "website_refused", status: 403 });
    client.run(["set", "session:segments", [["b"]]]);
    await tick(80);
    expect(service.posts()).toHaveLength(1);
    expect(errors.map((error) => error.code)).toEqual(["website_refused"]);
    expect(client.get("session:segments")).toEqual(["a", "b"]);
  });

  it("sends nothing while offline, and delivers once back online", async () => {
    const service = fakeService();
    const network = onlineNetwork();
    const { fetch, stats } = instrumented(service, 0, network.isOnline);
    const { client, sessionId } = start({ fetch, network });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    network.setOnline(false);
    client.run(["set", "session:segments", [["a"]]]);
    const flushed = client.flush();
    await tick(150);
    expect(stats.posts).toHaveLength(0);
    network.setOnline(true);
    await flushed;
    expect(await service.segments(sessionId())).toEqual(["a"]);
  });

  it("waits Retry-After after a 429 before sending again", async () => {
    const service = fakeService();
    let limited = 0;
    service.inject((request) =>
      request.method === "POST" && limited++ === 0 ? failure(429, "rate_limited", { "Retry-After": "1" }) : null,
    );
    const { client, sessionId } = start({ fetch: service.fetch });
    client.run(["set", "session:segments", [["a"]]]);
    const started = Date.now();
    await client.flush();
    const posts = service.posts();
    expect(posts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await service.segments(sessionId())).toEqual(["a"]);
  });

  it("honours a Retry-After on page exit and on the next page load", async () => {
    const service = fakeService();
    service.inject((request) =>
      request.method === "POST" ? failure(429, "rate_limited", { "Retry-After": "5" }) : null,
    );
    const storage = memoryStorage();
    const first = start({ fetch: service.fetch, storage });
    first.client.run(["set", "session:segments", [["a"]]]);
    await waitFor(() => service.posts().length === 1);
    await tick(30);
    first.env.exit();
    await tick(50);
    expect(service.posts()).toHaveLength(1);
    service.inject(null);
    const second = start({ fetch: service.fetch, storage });
    expect(second.sessionId()).toBe(first.sessionId());
    await tick(300);
    expect(service.posts()).toHaveLength(1);
  });
});

describe("sync: page lifecycle and sessions", () => {
  it("on page exit sends the pending change at once, with keepalive", async () => {
    const service = fakeService();
    const { fetch, stats } = instrumented(service);
    const { client, env, sessionId } = start({ fetch, delayMs: 5_000 });
    await new Promise((resolve) => client.on("session:loaded", resolve));
    client.run(["set", "session:segments", [["leaving"]]]);
    env.exit();
    await waitFor(() => stats.posts.length > 0, 200);
    expect(stats.posts[0]!.keepalive).toBe(true);
    await waitFor(async () => (await service.segments(sessionId())).length > 0, 200);
    expect(await service.segments(sessionId())).toEqual(["leaving"]);
  });

  it("delivers on load a change left pending by a previous page", async () => {
    const service = fakeService();
    const storage = memoryStorage();
    const network = onlineNetwork();
    network.setOnline(false);
    const offline = instrumented(service, 0, network.isOnline);
    const first = start({ fetch: offline.fetch, network, storage });
    first.client.run(["set", "session:segments", [["from-last-page"]]]);
    await tick(60);
    first.client.dispose();
    expect(offline.stats.posts).toHaveLength(0);

    const second = start({ fetch: service.fetch, storage });
    expect(second.sessionId()).toBe(first.sessionId());
    await waitFor(async () => (await service.segments(second.sessionId())).length > 0);
    expect(await service.segments(second.sessionId())).toEqual(["from-last-page"]);
    await waitFor(() => second.client.is("session:synced"));
    expect(second.client.get("session:segments")).toEqual(["from-last-page"]);
  });

  it("after a reset, delivers the old session's change to the old session and new commands to the new one", async () => {
    const service = fakeService();
    const { client, sessionId } = start({ fetch: service.fetch });
    const old = sessionId();
    client.run(["set", "session:segments", [["old-a", "old-b"]]]);
    client.run(["do", "session:reset"]);
    client.run(["set", "session:segments", [["new"]]]);
    expect(sessionId()).not.toBe(old);
    expect(client.get("session:segments")).toEqual(["new"]);
    await client.flush();
    expect(await service.segments(old)).toEqual(["old-a", "old-b"]);
    expect(await service.segments(sessionId())).toEqual(["new"]);
  });
});

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

describe("sync: the load's read and tabs that follow", () => {
  it("page exit while the first read is on the wire sends the change", async () => {
    const service = fakeService();
    const slowRead = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === "GET") await tick(300);
      return service.fetch(request);
    }) as typeof globalThis.fetch;
    const { client, env } = newClient({ fetch: slowRead, delayMs: 5_000 });
    client.run(["set", "session:segments", [["leaving"]]]);
    await tick(20);
    env.exit();
    await tick(100);
    expect(service.posts()).toHaveLength(1);
  });

  it("a failed first read is retried in the background", async () => {
    const sessionId = newSessionId();
    const service = fakeService();
    await service.store.edit(WEBSITE, sessionId, { overwrite: true, segments: ["set-by-operator"] });
    let failed = 0;
    service.inject((request) => (request.method === "GET" && failed++ < 2 ? failure(503, "unavailable") : null));
    const { client } = newClient({ fetch: service.fetch, newSessionId: () => sessionId });
    await waitFor(() => (client.get("session:segments") as string[]).length > 0, 1_500);
  });

  it("a follower tab's flush waits for its change to be acknowledged", async () => {
    const service = fakeService();
    const storage = sharedStorage();
    const hub = lockHub();
    const a = new CrispClient(
      { websiteId: WEBSITE, endpoint: ENDPOINT },
      testEnvironment({ fetch: service.fetch, storage, locks: hub.tab("A"), tabId: "A" }),
    );
    const b = new CrispClient(
      { websiteId: WEBSITE, endpoint: ENDPOINT },
      testEnvironment({ fetch: service.fetch, storage, locks: hub.tab("B"), tabId: "B" }),
    );
    await tick(10);
    b.run(["set", "session:segments", [["from-follower"]]]);
    await b.flush();
    expect(await service.segments(b.get("session:identifier") as string)).toEqual(["from-follower"]);
    void a;
  });
});

describe("page exit (page only hidden) while the burst timer is pending", () => {
  it("keeps one request per session in flight when the page is hidden while the burst timer is pending", async () => {
    const service = fakeService();
    const { fetch, stats } = counted(service, () => 100);
    const { client, env } = openClient({ fetch, delayMs: 20 });
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
    const { client, env, errors } = openClient({ fetch, delayMs: 20 });
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
    const { client, env, sessionId } = openClient({ fetch, delayMs: 20 });
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

describe("revisions", () => {
  it("a record that could not be stored does not make the next page reuse a revision the service took", async () => {
    const service = fakeService();
    const durable = memoryStorage();
    // Storage holds the small `current` key (written on the first visit) but is full for the session's record.
    const page = (): KeyValueStore => {
      const overlay = memoryStorage();
      return {
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
    const first = openClient({ fetch: service.fetch, storage: page() });
    first.client.run(["set", "session:segments", [["a"]]]);
    await first.client.flush();
    first.client.dispose();
    // Next page: the service's read fails for now (it is retried in the background).
    service.inject((request) => (request.method === "GET" ? failure(503, "unavailable") : null));
    const second = openClient({ fetch: service.fetch, storage: page() });
    expect(second.sessionId()).toBe(first.sessionId());
    second.client.run(["set", "session:segments", [["b"]]]);
    await second.client.flush();
    expect(await service.segments(second.sessionId())).toEqual(["a", "b"]);
  });
});

/** The system clock, except that the minute's refresh timers wait for `minute()`. */
function minuteClock() {
  const due = new Map<number, () => void>();
  let next = 0;
  const clock = {
    now: systemClock.now,
    setTimeout(callback: () => void, ms: number): unknown {
      if (ms !== REFRESH_MS) return systemClock.setTimeout(callback, ms);
      due.set(++next, callback);
      return `minute-${next}`;
    },
    clearTimeout(handle: unknown): void {
      if (typeof handle === "string" && handle.startsWith("minute-")) due.delete(Number(handle.slice(7)));
      else systemClock.clearTimeout(handle);
    },
  };
  const minute = (): void => {
    const callbacks = [...due.values()];
    due.clear();
    for (const callback of callbacks) callback();
  };
  return { clock, minute };
}

describe("sync: operator changes reach an open page", () => {
  async function operatorSetup(overrides: Parameters<typeof newClient>[0] = {}) {
    const service = fakeService();
    const { clock, minute } = minuteClock();
    let hidden = false;
    const network = onlineNetwork();
    const made = start({ fetch: service.fetch, clock, network, hidden: () => hidden, ...overrides });
    const changed = vi.fn();
    made.client.on("session:segments:changed", changed);
    await waitFor(() => service.requests.length === 1);
    await tick(20);
    const operator = (segments: string[]) =>
      service.store.edit(WEBSITE, made.sessionId(), { overwrite: true, segments });
    const gets = () => service.requests.filter((request) => request.method === "GET").length;
    return { ...made, service, minute, changed, operator, gets, network, hide: (next: boolean) => (hidden = next) };
  }

  it("a visible page reads its session every minute: an operator's change lands and fires the event", async () => {
    const { client, minute, changed, operator, gets } = await operatorSetup();
    await operator(["from-operator"]);
    minute();
    await waitFor(() => changed.mock.calls.length > 0);
    expect(client.get("session:segments")).toEqual(["from-operator"]);
    expect(changed).toHaveBeenCalledWith(["from-operator"]);
    expect(gets()).toBe(2);
    minute();
    await tick(20);
    expect(gets()).toBe(3);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("reads again when the page regains focus or becomes visible", async () => {
    const { client, changed, operator, gets } = await operatorSetup();
    await operator(["focus"]);
    window.dispatchEvent(new Event("focus"));
    await waitFor(() => changed.mock.calls.length > 0);
    expect(client.get("session:segments")).toEqual(["focus"]);
    await operator(["visible"]);
    document.dispatchEvent(new Event("visibilitychange"));
    await waitFor(() => changed.mock.calls.length > 1);
    expect(client.get("session:segments")).toEqual(["visible"]);
    expect(gets()).toBe(3);
  });

  it("reads nothing while hidden, offline, or while a change is pending", async () => {
    const { client, minute, gets, network, hide, service } = await operatorSetup({ delayMs: 5_000 });
    hide(true);
    minute();
    hide(false);
    network.setOnline(false);
    minute();
    network.setOnline(true);
    client.run(["set", "session:segments", [["pending"]]]);
    minute();
    window.dispatchEvent(new Event("focus"));
    await tick(30);
    expect(gets()).toBe(1);
    expect(service.posts()).toHaveLength(0);
  });

  it("a visible tab that does not lead reads for itself while the leading tab is hidden", async () => {
    const service = fakeService();
    const storage = sharedStorage();
    const hub = lockHub();
    const leader = openClient({ fetch: service.fetch, storage, locks: hub.tab("A"), tabId: "A", hidden: () => true });
    await tick(50);
    const follower = openClient({ fetch: service.fetch, storage, locks: hub.tab("B"), tabId: "B" });
    await tick(50);
    const sessionId = follower.sessionId();
    expect(leader.sessionId()).toBe(sessionId);
    const gets = () => service.requests.filter((request) => request.method === "GET").length;
    const loaded = gets();
    await service.store.edit(WEBSITE, sessionId, { overwrite: true, segments: ["from-operator"] });
    window.dispatchEvent(new Event("focus"));
    await waitFor(() => (follower.client.get("session:segments") as string[]).length > 0);
    expect(follower.client.get("session:segments")).toEqual(["from-operator"]);
    expect(gets()).toBe(loaded + 1);
  });
});
