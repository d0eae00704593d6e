import { describe, expect, it, vi } from "vitest";
import { afterThisTask } from "../../src/platform/page-lifecycle";

describe("afterThisTask", () => {
  it("runs the callback in a later task, after the current one's promises, once", async () => {
    const order: string[] = [];
    afterThisTask(() => order.push("task"));
    await Promise.resolve();
    order.push("microtask");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["microtask", "task"]);
  });

  it("runs the callbacks of one task in the order given, in one later task", async () => {
    const order: string[] = [];
    const channels = vi.spyOn(globalThis, "MessageChannel");
    afterThisTask(() => order.push("first"));
    afterThisTask(() => order.push("second"));
    expect(channels).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    afterThisTask(() => order.push("next task"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["first", "second", "next task"]);
    expect(channels).toHaveBeenCalledTimes(2);
    channels.mockRestore();
  });
});
