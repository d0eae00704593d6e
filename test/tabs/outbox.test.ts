// @vitest-environment node
import { describe, expect, it } from "vitest";
import { type KeyValueStore, memoryStorage } from "../../src/platform/storage";
import { Outbox, type OutboxEntry, parseOutbox } from "../../src/tabs/outbox";

const SESSION = "session_0b6f5d4e-2f0a-4c8e-9d1b-3a2c4e5f6a7b";
const OTHER = "session_1c7a6e5f-3a1b-4d9f-8e2c-4b3d5f6a7b8c";

function outbox(storage: KeyValueStore = memoryStorage(), merged = new Set<number>()) {
  const added: OutboxEntry[] = [];
  const box = new Outbox({
    storage,
    key: "outbox:me",
    now: () => 1_000,
    isMerged: (entry) => merged.has(entry.seq),
    added: (entry) => added.push(entry),
  });
  return { box, storage, merged, added };
}

/** Storage that keeps what it is given, as `localStorage` with room to spare. */
function durable(): KeyValueStore {
  const inner = memoryStorage();
  return {
    ...inner,
    set(key, value) {
      inner.set(key, value);
      return true;
    },
  };
}

describe("outbox", () => {
  it("folds a task's operations into one entry, with sequence numbers that always grow", () => {
    const { box, added } = outbox();
    box.add(SESSION, { kind: "add", segments: ["a"] });
    box.add(SESSION, { kind: "remove", segments: ["b"] });
    expect(box.entries).toEqual([]);
    box.endTask();
    box.add(SESSION, { kind: "add", segments: ["c"] });
    box.endTask();
    expect(box.entries.map((entry) => entry.change)).toEqual([
      { overwrite: false, segments: ["a"], remove: ["b"] },
      { overwrite: false, segments: ["c"], remove: [] },
    ]);
    expect(box.entries.map((entry) => entry.seq)).toEqual([1_001, 1_002]);
    expect(added).toEqual(box.entries);
  });

  it("starts a new entry when the session changes within a task", () => {
    const { box } = outbox();
    box.add(SESSION, { kind: "add", segments: ["a"] });
    box.add(OTHER, { kind: "add", segments: ["b"] });
    expect(box.entries.map((entry) => entry.sessionId)).toEqual([SESSION]);
    expect(box.holds(OTHER)).toBe(true);
    expect(box.changes(OTHER)).toEqual([{ overwrite: false, segments: ["b"], remove: [] }]);
  });

  it("writes what is not merged to its key, drops what is, and removes the key once empty", () => {
    const { box, storage, merged } = outbox(durable());
    box.add(SESSION, { kind: "add", segments: ["a"] });
    box.endTask();
    expect(box.write()).toBe(true);
    expect(parseOutbox(storage.get("outbox:me"))).toEqual(box.entries);
    merged.add(1_001);
    expect(box.settled()).toBe(true);
    expect(box.holds(SESSION)).toBe(false);
    box.write();
    expect(storage.get("outbox:me")).toBeNull();
  });

  it("says when storage refused the entries, and writes them again once the key was lost", () => {
    const storage = memoryStorage(); // keeps values in memory, and says it could not store them
    const { box } = outbox(storage);
    box.add(SESSION, { kind: "add", segments: ["a"] });
    box.endTask();
    expect(box.write()).toBe(false);
    storage.remove("outbox:me");
    expect(box.write()).toBe(true); // nothing new to write
    box.lost();
    box.write();
    expect(parseOutbox(storage.get("outbox:me"))).toHaveLength(1);
  });

  it("reads a stored outbox, skipping what is not a well-formed entry", () => {
    const good = { seq: 3, sessionId: SESSION, change: { overwrite: true, segments: ["a"] } };
    expect(parseOutbox(JSON.stringify([good, { seq: "x" }, { ...good, sessionId: "nope" }, 7]))).toEqual([good]);
    expect(parseOutbox(JSON.stringify([good, null]))).toEqual([]);
    expect(parseOutbox("not json")).toEqual([]);
    expect(parseOutbox(null)).toEqual([]);
    expect(parseOutbox("{}")).toEqual([]);
  });
});
