import { describe, expect, it } from "vitest";
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
});
