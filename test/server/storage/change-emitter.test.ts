import { afterEach, describe, expect, it, vi } from "vitest";
import { createChangeEmitter } from "../../../src/server/storage/change-emitter";
import type { SessionChange } from "../../../src/server/storage/segments-store";

const change: SessionChange = { websiteId: "w", sessionId: "s", segments: ["a"], revision: 1, updatedAt: 0 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("change emitter", () => {
  it("keeps telling the other listeners when one throws, and rethrows that error apart", async () => {
    const rethrown: Array<() => void> = [];
    vi.spyOn(globalThis, "queueMicrotask").mockImplementation((task) => rethrown.push(task));
    const emitter = createChangeEmitter();
    const heard: SessionChange[] = [];
    await emitter.subscribe(() => {
      throw new Error("listener bug");
    });
    await emitter.subscribe((told) => heard.push(told));
    expect(() => emitter.emit(change)).not.toThrow();
    expect(heard).toEqual([change]);
    expect(rethrown).toHaveLength(1);
    expect(() => rethrown[0]?.()).toThrow("listener bug");
  });

  it("treats one function subscribed twice as two listeners, each stopped on its own", async () => {
    const emitter = createChangeEmitter();
    const heard: SessionChange[] = [];
    const listener = (told: SessionChange) => heard.push(told);
    const stopFirst = await emitter.subscribe(listener);
    await emitter.subscribe(listener);
    emitter.emit(change);
    await stopFirst();
    emitter.emit(change);
    expect(heard).toHaveLength(3);
  });
});
