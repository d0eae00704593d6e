import { afterEach, describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/platform/storage";
import { NEW_RECORD } from "../../src/session/record";
import { newSessionId } from "../../src/session/session-id";
import { add, closeStores, openStore, PREFIX, remove } from "../support/stores";
import { lockHub } from "../support/tabs";
import { tick } from "../support/wait";

afterEach(closeStores);

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
    await tick();
    expect(first.segments()).toEqual(["z", "x", "y"]);
    first.apply(add("w"));
    await tick();
    first.dispose();
    const second = openStore({ storage });
    await tick();
    expect(second.segments()).toEqual(["z", "x", "y", "w"]);
    second.apply(remove("w"));
    second.apply(add("w"));
    await tick();
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
    await tick();
    // The live tab still leads: nothing is folded by the newcomer.
    expect(survivor.leader).toBe(false);
    alive.close();
    await tick();
    await tick();
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
      await tick();
      tab.apply(add(tabId));
      await tick();
      tab.dispose();
      locks.close();
      await tick();
    }
    const record = JSON.parse(storage.get(`${PREFIX}session:${sessionId}`) ?? "{}") as {
      merged: Record<string, number>;
    };
    expect(Object.keys(record.merged)).toEqual(["three"]);
    const last = openStore({ storage, locks: hub.tab("last"), tabId: "last" });
    await tick();
    await tick();
    expect(last.segments()).toEqual(["one", "two", "three"]);
    const pruned = JSON.parse(storage.get(`${PREFIX}session:${sessionId}`) ?? "{}") as {
      merged: Record<string, number>;
    };
    expect(pruned.merged).toEqual({});
  });
});
