import { afterEach, describe, expect, it, vi } from "vitest";
import { browserStorage, memoryStorage } from "../../src/platform/storage";
import { newSessionId } from "../../src/session/session-id";
import { add, closeStores, openStore, PREFIX, remove } from "../support/stores";
import { tick } from "../support/wait";

const SESSION_ID = /^session_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  closeStores();
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
    await tick();
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
    await tick();
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
    await tick();
    store.apply(add("b"));
    await tick();
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
    await tick();
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
    await tick();
    expect(store.segments()).toEqual(["a"]);
    expect(store.sessionsWithWork()).toEqual([store.sessionId]);
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
    await tick();
    expect(store.sessionId).toBe(sessionId);
    expect(store.segments()).toEqual([]);
    store.apply(add("b"));
    await tick();
    const reloaded = openStore({ storage });
    await tick();
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
    await tick();
    expect(store.sessionsWithWork()).toEqual([old]);
    expect(store.record(old).open).toEqual({ overwrite: false, segments: ["a"], remove: [] });
    store.apply(add("b"));
    await tick();
    expect(store.sessionsWithWork()).toEqual([old, store.sessionId]);
    const reloaded = openStore({ storage });
    expect(reloaded.sessionId).toBe(store.sessionId);
    expect(reloaded.segments()).toEqual(["b"]);
    expect([...reloaded.sessionsWithWork()].sort()).toEqual([old, store.sessionId].sort());
  });
});
