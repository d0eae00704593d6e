// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Change } from "../../../src/protocol/change";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import type { SessionState } from "../../../src/server/storage/segments-store";
import { decideChange, decideEdit } from "../../../src/server/storage/session-update";
import { SESSION, WEBSITE } from "../../support/service";

const add = (...segments: string[]): Change => ({ overwrite: false, segments, remove: [] });
const full = () => ({ segments: Array.from({ length: 100 }, (_, index) => `s${index}`), revision: 4 });

// A store hands its result to whoever called it (a route, a backend's own code); the memory store keeps the state
// it read as its row. A caller that changes the list it was answered with must change nothing stored.
describe("a decision's result is the caller's to keep", () => {
  it.each([
    ["a stale change", { segments: ["a"], revision: 4 }, (state: SessionState) => decideChange(state, 4, add("b"))],
    ["a change over the cap", full(), (state: SessionState) => decideChange(state, 5, add("extra"))],
    ["an edit over the cap", full(), (state: SessionState) => decideEdit(state, add("extra"))],
  ])("%s: changing the result's list leaves the stored state as it was", (_name, state, decide) => {
    const stored = structuredClone(state);
    const { result, next } = decide(state);
    expect(next).toBeUndefined();
    expect(result.segments).toEqual(stored.segments);
    result.segments.push("changed by the caller");
    expect(state).toEqual(stored);
  });

  it.each([
    ["an applied change", () => decideChange({ segments: ["a"], revision: 4 }, 5, add("b"))],
    ["an applied edit", () => decideEdit({ segments: ["a"], revision: 4 }, add("b"))],
  ])("%s: changing the result's list leaves what is to be stored as it was", (_name, decide) => {
    const { result, next } = decide();
    result.segments.push("changed by the caller");
    expect(next?.segments).toEqual(["a", "b"]);
  });

  it("in the memory store: a caller that changes a stale answer's list does not change the session", async () => {
    const store = createMemoryStore({ now: () => 0 });
    await store.applyChange(WEBSITE, SESSION, 2, add("lead"));
    const stale = await store.applyChange(WEBSITE, SESSION, 2, add("trial"));
    expect(stale.reason).toBe("stale");
    stale.segments.push("changed by the caller");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead"], revision: 2 });
  });
});
