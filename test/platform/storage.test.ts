import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/platform/storage";

describe("storage", () => {
  it("works on plain memory storage", () => {
    const storage = memoryStorage();
    expect(storage.set("k", "v")).toBe(false);
    expect(storage.get("k")).toBe("v");
    expect(storage.keys("k")).toEqual(["k"]);
    storage.remove("k");
    expect(storage.get("k")).toBeNull();
  });
});
