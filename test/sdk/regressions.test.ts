import { expect, it } from "vitest";
import { localLocks } from "../../src/platform/locks";
import { CrispClient } from "../../src/sdk/client";
import { newSessionId } from "../../src/session/session-id";
import { SessionStore } from "../../src/session/store";
import { ENDPOINT, fakeService, newClient, testEnvironment, WEBSITE, waitFor } from "../support/env";
import { lockHub, sharedStorage } from "../support/tabs";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const failure = (status: number) => Response.json({ error: true, reason: "x", data: { message: "x" } }, { status });

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
  service.inject((request) => (request.method === "GET" && failed++ < 2 ? failure(503) : null));
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

it("without Web Locks, two tabs pushing in the same task both reach the record", async () => {
  const storage = sharedStorage();
  const open = (tabId: string) =>
    new SessionStore({ websiteId: "site_1", storage, locks: localLocks(), tabId, newSessionId, now: Date.now });
  const a = open("A");
  const b = open("B");
  a.segments();
  b.segments();
  a.apply({ kind: "add", segments: ["a"] });
  b.apply({ kind: "add", segments: ["b"] });
  await tick(20);
  expect(open("C").record(a.sessionId).open?.segments).toEqual(["a", "b"]);
});

it("the leader keeps an old session's pending change after a storage event", async () => {
  const store = new SessionStore({
    websiteId: "site_1",
    storage: sharedStorage(),
    locks: localLocks(),
    tabId: "t",
    newSessionId,
    now: Date.now,
  });
  const old = store.sessionId;
  store.apply({ kind: "add", segments: ["a"] });
  store.reset();
  await tick(0);
  expect(store.sessionsWithWork()).toEqual([old]);
  await tick(20); // the storage events of the store's own writes
  expect(store.sessionsWithWork()).toEqual([old]);
});
