import { afterEach, describe, expect, it, vi } from "vitest";
import { localLocks } from "../../src/platform/locks";
import { browserStorage, memoryStorage } from "../../src/platform/storage";
import type { Operation } from "../../src/protocol/change";
import { NEW_RECORD } from "../../src/session/record";
import { newSessionId } from "../../src/session/session-id";
import { SessionStore, type StoreOptions } from "../../src/session/store";
import { lockHub, sharedStorage } from "../support/tabs";

const SITE = "site_1";
const PREFIX = `crisp-segments:${SITE}:`;
const SESSION_ID = /^session_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const add = (...segments: string[]): Operation => ({ kind: "add", segments });
const remove = (...segments: string[]): Operation => ({ kind: "remove", segments });
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const opened: SessionStore[] = [];
let tabs = 0;
function openStore(overrides: Partial<StoreOptions> = {}): SessionStore {
  const store = new SessionStore({
    websiteId: SITE,
    storage: memoryStorage(),
    locks: localLocks(),
    tabId: `tab${++tabs}`,
    newSessionId,
    now: () => Date.now(),
    ...overrides,
  });
  opened.push(store);
  return store;
}

afterEach(() => {
  for (const store of opened.splice(0)) store.dispose();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe("session store", () => {
  it("starts a session with a protocol session id and an empty list", () => {
    const store = openStore();
    expect(store.sessionId).toMatch(SESSION_ID);
    expect(store.segments()).toEqual([]);
    expect(store.synced()).toBe(true);
  });

  it("applies operations at once and answers copies", () => {
    const store = openStore();
    expect(store.apply(add("a", "b"))).toBe(true);
    store.apply(remove("a"));
    store.apply(add("c"));
    const list = store.segments();
    expect(list).toEqual(["b", "c"]);
    list.push("mutated");
    expect(store.segments()).toEqual(["b", "c"]);
    expect(store.synced()).toBe(false);
  });

  it("refuses an operation that would pass 100 segments, changing nothing", () => {
    const store = openStore();
    const hundred = Array.from({ length: 100 }, (_, index) => `s${index}`);
    expect(store.apply(add(...hundred))).toBe(true);
    expect(store.apply(add("one too many"))).toBe(false);
    expect(store.segments()).toEqual(hundred);
    expect(store.apply(add("s0"))).toBe(true); // already held: still 100
  });

  it("keeps the session id and the pending change across a reload", async () => {
    const storage = memoryStorage();
    const first = openStore({ storage });
    first.apply(add("a", "b"));
    first.apply(remove("a"));
    await settle();
    first.dispose();
    const reloaded = openStore({ storage });
    expect(reloaded.sessionId).toBe(first.sessionId);
    expect(reloaded.segments()).toEqual(["b"]);
    expect(reloaded.synced()).toBe(false);
    expect(reloaded.sessionsWithWork()).toEqual([first.sessionId]);
    expect(reloaded.record(first.sessionId).open).toEqual({ overwrite: false, segments: ["b"], remove: ["a"] });
  });

  it("keeps the session in localStorage through browserStorage()", async () => {
    const first = openStore({ storage: browserStorage() });
    first.apply(add("a"));
    await settle();
    expect(localStorage.getItem(`${PREFIX}current`)).toBe(first.sessionId);
    const reloaded = openStore({ storage: browserStorage() });
    expect(reloaded.sessionId).toBe(first.sessionId);
    expect(reloaded.segments()).toEqual(["a"]);
  });

  it("works in memory when localStorage refuses every write from the start", async () => {
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    const store = openStore({ storage: browserStorage() });
    expect(store.sessionId).toMatch(SESSION_ID);
    store.apply(add("a"));
    await settle();
    store.apply(add("b"));
    await settle();
    expect(store.segments()).toEqual(["a", "b"]);
    expect(store.sessionsWithWork()).toEqual([store.sessionId]);
    expect(store.record(store.sessionId).open).toEqual({ overwrite: false, segments: ["a", "b"], remove: [] });
  });

  it("works in memory when localStorage becomes full after opening", async () => {
    const storage = browserStorage();
    const store = openStore({ storage });
    const sessionId = store.sessionId;
    const setItem = vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    store.apply(add("a"));
    await settle();
    expect(setItem).toHaveBeenCalled();
    expect(store.segments()).toEqual(["a"]);
    expect(storage.set("x", "y")).toBe(false);
    expect(storage.get("x")).toBe("y");
    // What storage refused lives on for the page.
    expect(store.record(sessionId).open).toEqual({ overwrite: false, segments: ["a"], remove: [] });
    expect(store.sessionsWithWork()).toEqual([sessionId]);
  });

  it("works when localStorage cannot be read", async () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    const store = openStore({ storage: browserStorage() });
    store.apply(add("a"));
    await settle();
    expect(store.segments()).toEqual(["a"]);
    expect(store.sessionsWithWork()).toEqual([store.sessionId]);
  });

  it("works on plain memory storage", () => {
    const storage = memoryStorage();
    expect(storage.set("k", "v")).toBe(false);
    expect(storage.get("k")).toBe("v");
    expect(storage.keys("k")).toEqual(["k"]);
    storage.remove("k");
    expect(storage.get("k")).toBeNull();
  });

  it("survives corrupted storage and writes a usable record over it", async () => {
    const storage = memoryStorage();
    const sessionId = newSessionId();
    storage.set(`${PREFIX}current`, sessionId);
    storage.set(`${PREFIX}session:${sessionId}`, '{"acked": ["a"], "revision": "seven"');
    storage.set(`${PREFIX}session:not-a-session`, "[]");
    storage.set(`${PREFIX}outbox:dead`, "not json");
    storage.set(`${PREFIX}outbox:other`, JSON.stringify([{ seq: "x" }, null, 7]));
    const store = openStore({ storage });
    await settle();
    expect(store.sessionId).toBe(sessionId);
    expect(store.segments()).toEqual([]);
    store.apply(add("b"));
    await settle();
    const reloaded = openStore({ storage });
    await settle();
    expect(reloaded.segments()).toEqual(["b"]);
    expect(reloaded.sessionsWithWork()).toEqual([sessionId]);
  });

  it("starts a new session when the stored id is not a session id", () => {
    const storage = memoryStorage();
    storage.set(`${PREFIX}current`, "session_../../admin");
    const store = openStore({ storage });
    expect(store.sessionId).toMatch(SESSION_ID);
    expect(storage.get(`${PREFIX}current`)).toBe(store.sessionId);
  });
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
    await settle();
    return { storage, hub, locksA, locksB, tabA, tabB };
  }
  const waitForEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

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
    await settle();
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

describe("reset", () => {
  it("starts a new session id and keeps the old session's pending change to deliver", async () => {
    const storage = memoryStorage();
    const store = openStore({ storage });
    const old = store.sessionId;
    store.apply(add("a"));
    store.reset();
    expect(store.sessionId).toMatch(SESSION_ID);
    expect(store.sessionId).not.toBe(old);
    expect(store.segments()).toEqual([]);
    await settle();
    expect(store.sessionsWithWork()).toEqual([old]);
    expect(store.record(old).open).toEqual({ overwrite: false, segments: ["a"], remove: [] });
    store.apply(add("b"));
    await settle();
    expect(store.sessionsWithWork()).toEqual([old, store.sessionId]);
    const reloaded = openStore({ storage });
    expect(reloaded.sessionId).toBe(store.sessionId);
    expect(reloaded.segments()).toEqual(["b"]);
    expect([...reloaded.sessionsWithWork()].sort()).toEqual([old, store.sessionId].sort());
  });
});

describe("outboxes left behind", () => {
  const outbox = (sessionId: string, ...entries: [number, object][]): string =>
    JSON.stringify(entries.map(([seq, change]) => ({ seq, sessionId, change })));

  it("a new leader folds in the outbox of a tab that closed first, exactly once", async () => {
    const storage = memoryStorage();
    const sessionId = newSessionId();
    storage.set(`${PREFIX}current`, sessionId);
    storage.set(`${PREFIX}session:${sessionId}`, JSON.stringify({ ...NEW_RECORD, acked: ["x", "z"] }));
    // "remove x, add x" moves x to the end: folding it in twice would move it again.
    storage.set(
      `${PREFIX}outbox:dead`,
      outbox(
        sessionId,
        [5, { overwrite: false, segments: ["x"], remove: ["x"] }],
        [6, { overwrite: false, segments: ["y"], remove: [] }],
      ),
    );
    const first = openStore({ storage });
    await settle();
    expect(first.segments()).toEqual(["z", "x", "y"]);
    first.apply(add("w"));
    await settle();
    first.dispose();
    const second = openStore({ storage });
    await settle();
    expect(second.segments()).toEqual(["z", "x", "y", "w"]);
    second.apply(remove("w"));
    second.apply(add("w"));
    await settle();
    expect(openStore({ storage }).segments()).toEqual(["z", "x", "y", "w"]);
  });

  it("drops the outbox of a closed tab once it is folded in, and leaves a live tab's alone", async () => {
    const storage = memoryStorage();
    const sessionId = newSessionId();
    storage.set(`${PREFIX}current`, sessionId);
    storage.set(`${PREFIX}outbox:dead`, outbox(sessionId, [1, { overwrite: false, segments: ["d"], remove: [] }]));
    const hub = lockHub();
    const alive = hub.tab("alive");
    alive.holdForever(`${PREFIX}tab:alive`);
    alive.holdForever(`${PREFIX}leader`);
    storage.set(`${PREFIX}outbox:alive`, outbox(sessionId, [1, { overwrite: false, segments: ["l"], remove: [] }]));
    const survivor = openStore({ storage, locks: hub.tab("survivor"), tabId: "survivor" });
    await settle();
    // The live tab still leads: nothing is folded by the newcomer.
    expect(survivor.leader).toBe(false);
    alive.close();
    await settle();
    await settle();
    expect(survivor.leader).toBe(true);
    expect(survivor.segments().sort()).toEqual(["d", "l"]);
    expect(storage.keys(`${PREFIX}outbox:`)).toEqual([]);
  });

  it("forgets the marks of closed tabs in the records, so that a record does not grow with every page load", async () => {
    const storage = memoryStorage();
    const sessionId = newSessionId();
    storage.set(`${PREFIX}current`, sessionId);
    const hub = lockHub();
    for (const tabId of ["one", "two", "three"]) {
      const locks = hub.tab(tabId);
      const tab = openStore({ storage, locks, tabId });
      await settle();
      tab.apply(add(tabId));
      await settle();
      tab.dispose();
      locks.close();
      await settle();
    }
    const record = JSON.parse(storage.get(`${PREFIX}session:${sessionId}`) ?? "{}") as {
      merged: Record<string, number>;
    };
    expect(Object.keys(record.merged)).toEqual(["three"]);
    const last = openStore({ storage, locks: hub.tab("last"), tabId: "last" });
    await settle();
    await settle();
    expect(last.segments()).toEqual(["one", "two", "three"]);
    const pruned = JSON.parse(storage.get(`${PREFIX}session:${sessionId}`) ?? "{}") as {
      merged: Record<string, number>;
    };
    expect(pruned.merged).toEqual({});
  });
});
