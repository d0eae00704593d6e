import { afterEach, describe, expect, it, vi } from "vitest";
import { localLocks } from "../../src/platform/locks";
import { systemClock } from "../../src/platform/page-lifecycle";
import { browserStorage } from "../../src/platform/storage";
import type { CrispError } from "../../src/protocol/errors";
import { newSessionId } from "../../src/session/session-id";
import { SessionStore } from "../../src/session/store";
import { disposeClients, fakeService, openClient, WEBSITE } from "../support/env";
import { failure } from "../support/responses";
import { add, closeStores, openStore, PREFIX, remove } from "../support/stores";
import { lockHub, sharedStorage } from "../support/tabs";
import { tick, waitFor } from "../support/wait";

const DAY = 24 * 60 * 60 * 1000;

afterEach(() => {
  closeStores();
  disposeClients();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe("tabs sharing one storage", () => {
  /** Two tabs of one website, with Web Locks and storage events as a browser gives them. */
  async function twoTabs() {
    const storage = sharedStorage();
    const hub = lockHub();
    const locksA = hub.tab("A");
    const locksB = hub.tab("B");
    const tabA = openStore({ storage, locks: locksA, tabId: "A" });
    const tabB = openStore({ storage, locks: locksB, tabId: "B" });
    await tick();
    return { storage, hub, locksA, locksB, tabA, tabB };
  }
  const waitForEvents = (): Promise<void> => tick(20);

  it("share one session; one of them leads", async () => {
    const { tabA, tabB } = await twoTabs();
    expect(tabB.sessionId).toBe(tabA.sessionId);
    expect([tabA.leader, tabB.leader]).toEqual([true, false]);
  });

  it("both tabs' commands, pushed at once, end up in the shared record, each once, in order", async () => {
    const { storage, tabA, tabB } = await twoTabs();
    tabA.apply(add("a1"));
    tabB.apply(add("b1"));
    tabB.apply(remove("a1"));
    tabA.apply(add("a2"));
    await waitForEvents();
    tabB.apply(add("b2"));
    await waitForEvents();
    // The leader folds its own commands first, then the follower's as its outbox lands.
    expect(tabA.record(tabA.sessionId).open).toEqual({
      overwrite: false,
      segments: ["a2", "b1", "b2"],
      remove: ["a1"],
    });
    expect(tabA.segments()).toEqual(["a2", "b1", "b2"]);
    expect(tabB.segments()).toEqual(["a2", "b1", "b2"]);
    expect(storage.keys(`${PREFIX}outbox:`)).toEqual([]);
  });

  it("each tab sees the other's commands after storage events", async () => {
    const { tabA, tabB } = await twoTabs();
    const heardA = vi.fn();
    const heardB = vi.fn();
    tabA.subscribe(heardA);
    tabB.subscribe(heardB);
    tabA.apply(add("from-a"));
    await waitForEvents();
    tabB.apply(add("from-b"));
    await waitForEvents();
    expect(tabA.segments()).toEqual(["from-a", "from-b"]);
    expect(tabB.segments()).toEqual(["from-a", "from-b"]);
    expect(heardA).toHaveBeenCalled();
    expect(heardB).toHaveBeenCalled();
    expect(tabB.synced()).toBe(false);
  });

  it("a follower's command shows in its own list at once", async () => {
    const { tabB } = await twoTabs();
    tabB.apply(add("mine"));
    expect(tabB.segments()).toEqual(["mine"]);
    await tick();
    expect(tabB.segments()).toEqual(["mine"]);
  });

  it("when the leader closes, the next tab leads and folds in what was waiting", async () => {
    const { storage, locksA, tabA, tabB } = await twoTabs();
    tabA.dispose();
    // The leader is gone before it heard of the follower's command.
    locksA.close();
    tabB.apply(add("while-no-leader"));
    await waitForEvents();
    expect(tabB.leader).toBe(true);
    expect(tabB.record(tabB.sessionId).open).toEqual({ overwrite: false, segments: ["while-no-leader"], remove: [] });
    expect(tabB.sessionsWithWork()).toEqual([tabB.sessionId]);
    expect(storage.keys(`${PREFIX}outbox:`)).toEqual([]);
  });

  it("without Web Locks every tab leads, and tabs pushing in turn see each other's commands", async () => {
    const storage = sharedStorage();
    const tabA = openStore({ storage, locks: localLocks(), tabId: "A" });
    const tabB = openStore({ storage, locks: localLocks(), tabId: "B" });
    expect([tabA.leader, tabB.leader]).toEqual([true, true]);
    tabA.apply(add("a"));
    await waitForEvents();
    tabB.apply(add("b"));
    await waitForEvents();
    tabA.apply(remove("b"));
    tabA.apply(add("b"));
    await waitForEvents();
    expect(tabA.segments()).toEqual(["a", "b"]);
    expect(tabB.segments()).toEqual(["a", "b"]);
    expect(openStore({ storage }).record(tabA.sessionId).open).toEqual({
      overwrite: false,
      segments: ["a", "b"],
      remove: ["b"],
    });
  });

  it("ignores storage events of other keys", async () => {
    const tab = openStore();
    const heard = vi.fn();
    tab.subscribe(heard);
    window.dispatchEvent(new StorageEvent("storage", { key: "someone-else:key" }));
    expect(heard).not.toHaveBeenCalled();
  });

  it("follows another tab's reset", async () => {
    const { tabA, tabB } = await twoTabs();
    tabA.apply(add("old"));
    await waitForEvents();
    tabB.reset();
    await waitForEvents();
    expect(tabA.sessionId).toBe(tabB.sessionId);
    expect(tabA.segments()).toEqual([]);
    expect(tabB.segments()).toEqual([]);
  });
});

describe("tabs: regressions of the record writers", () => {
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
});

describe("tabs", () => {
  it("a follower hears of the refusal of its own change, and its flush rejects", async () => {
    const service = fakeService();
    service.inject((request) => (request.method === "POST" ? failure(400, "invalid_segments") : null));
    const storage = sharedStorage();
    const hub = lockHub();
    openClient({ fetch: service.fetch, storage, locks: hub.tab("A"), tabId: "A" });
    const b = openClient({ fetch: service.fetch, storage, locks: hub.tab("B"), tabId: "B" });
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
    const a = openClient({ fetch: service.fetch, storage: browserStorage(), locks: hub.tab("A"), tabId: "A" });
    const b = openClient({ fetch: service.fetch, storage: browserStorage(), locks: hub.tab("B"), tabId: "B" });
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
    const a = openClient({ fetch: service.fetch, storage, locks: aLocks, tabId: "A" });
    const bLocks = hub.tab("B");
    const b = openClient({ fetch: service.fetch, storage, locks: bLocks, tabId: "B" });
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
    const c = openClient({ fetch: service.fetch, storage, locks: hub.tab("C"), tabId: "C", clock: later });
    await tick(10);
    await c.client.flush();
    expect(await service.segments(old)).toEqual(["y"]);
  });
});

describe("storage cleared by the page", () => {
  it("the leader writes its records back after localStorage.clear(), so that other tabs and pages still see them", async () => {
    const leader = openStore({ storage: browserStorage(), locks: lockHub().tab("A"), tabId: "A" });
    await tick();
    expect(leader.leader).toBe(true);
    leader.apply(add("a"));
    await tick(); // merged into the session's record, not sent
    const sessionId = leader.sessionId;
    localStorage.clear();
    // jsdom tells no tab of its own clear(); a browser tells every other tab, with a null key.
    window.dispatchEvent(new StorageEvent("storage", { key: null }));
    expect(localStorage.getItem(`${PREFIX}current`)).toBe(sessionId);
    const nextPage = openStore({ storage: browserStorage(), tabId: "B" });
    expect(nextPage.sessionId).toBe(sessionId);
    expect(nextPage.record(sessionId).open).toEqual({ overwrite: false, segments: ["a"], remove: [] });
    expect(nextPage.segments()).toEqual(["a"]);
  });

  it("localStorage.clear() (a common logout step) does not lose the pending change the leader holds", async () => {
    const service = fakeService();
    // With Web Locks (every browser we support): the leader is the only writer of records.
    const { client, sessionId } = openClient({
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
