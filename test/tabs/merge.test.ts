// @vitest-environment node
import { describe, expect, it } from "vitest";
import { NEW_RECORD, type SessionRecord } from "../../src/session/record";
import { mergeOutboxes } from "../../src/tabs/merge";

const SESSION = "session_0b6f5d4e-2f0a-4c8e-9d1b-3a2c4e5f6a7b";
const entry = (seq: number, segments: string[]) => ({
  seq,
  sessionId: SESSION,
  change: { overwrite: false as const, segments, remove: [] },
});

describe("merging outboxes", () => {
  it("merges each tab's entries in order, tab after tab, and marks how far each tab was merged", () => {
    const changed = mergeOutboxes(
      new Map([
        ["A", [entry(1, ["a1"]), entry(2, ["a2"])]],
        ["B", [entry(7, ["b1"])]],
      ]),
      () => NEW_RECORD,
    );
    expect(changed.get(SESSION)).toMatchObject({
      open: { overwrite: false, segments: ["a1", "a2", "b1"], remove: [] },
      merged: { A: 2, B: 7 },
    });
  });

  it("merges an entry once: what the marks say is in already changes nothing", () => {
    const record: SessionRecord = { ...NEW_RECORD, merged: { A: 2 } };
    expect(mergeOutboxes(new Map([["A", [entry(1, ["x"]), entry(2, ["y"])]]]), () => record).size).toBe(0);
  });
});
