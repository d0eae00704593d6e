import { describe, expect, it } from "vitest";
import { chromiumPlan } from "../../scripts/chromium.mjs";

const DEFAULT = "/usr/bin/chromium";

describe("the test command's Chromium", () => {
  it("uses Chromium where it is", () => {
    expect(chromiumPlan({ path: DEFAULT, exists: true, isRoot: false, hasAptGet: false })).toEqual({
      action: "use",
      path: DEFAULT,
    });
  });

  it("installs Debian's package when it is missing and the machine lets it (root, apt-get)", () => {
    const plan = chromiumPlan({ path: DEFAULT, exists: false, isRoot: true, hasAptGet: true });
    expect(plan.action).toBe("install");
  });

  it("says in one line how to install it where it cannot install it itself", () => {
    const plan = chromiumPlan({ path: DEFAULT, exists: false, isRoot: false, hasAptGet: true });
    expect(plan).toEqual({
      action: "fail",
      message: expect.stringContaining("sudo apt-get install -y chromium"),
    });
    expect(plan.action === "fail" && plan.message.includes("\n")).toBe(false);
  });

  it("never installs over a CHROMIUM_PATH that points nowhere", () => {
    const plan = chromiumPlan({ path: "/opt/chrome/chrome", exists: false, isRoot: true, hasAptGet: true });
    expect(plan).toEqual({ action: "fail", message: expect.stringContaining("/opt/chrome/chrome") });
  });
});
