// @vitest-environment node
import { describe, expect, it } from "vitest";
import { NEW_RECORD, type RefusedChange, type SessionRecord } from "../../src/session/record";
import { RefusalWatch } from "../../src/tabs/refusals";

const SESSION = "session_0b6f5d4e-2f0a-4c8e-9d1b-3a2c4e5f6a7b";
const refusal = (revision: number, from: number, to: number): RefusedChange => ({
  revision,
  status: 400,
  reason: "invalid_segments",
  message: "no",
  from: { me: from },
  to: { me: to },
});

describe("refusals per tab", () => {
  it("tells a tab of a refused change that held its commands, once", () => {
    const watch = new RefusalWatch("me");
    watch.added({ sessionId: SESSION, seq: 5 });
    let record: SessionRecord = { ...NEW_RECORD, refusal: refusal(10, 4, 5) };
    const read = (): SessionRecord => record;
    expect(watch.news(read)).toEqual([record.refusal]);
    expect(watch.news(read)).toEqual([]);
    // A later refusal of commands of other tabs only.
    record = { ...NEW_RECORD, refusal: refusal(11, 5, 5) };
    expect(watch.news(read)).toEqual([]);
  });

  it("says nothing of a refusal in a session this tab never pushed to", () => {
    const watch = new RefusalWatch("me");
    watch.added({ sessionId: SESSION, seq: 5 });
    const other = { ...NEW_RECORD, refusal: refusal(10, 0, 9) };
    expect(watch.news((sessionId) => (sessionId === SESSION ? NEW_RECORD : other))).toEqual([]);
  });
});
