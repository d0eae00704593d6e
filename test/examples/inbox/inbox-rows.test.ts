import { describe, expect, it } from "vitest";
import {
  applyLiveChange,
  contactRow,
  conversationRow,
  type LiveChange,
  liveChange,
  putFirst,
  type Row,
  withSegments,
} from "../../../examples/inbox/inbox-rows.mjs";

const SESSION = "session_0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b";
const row = (id: string, segments: string[], updatedAt = 100): Row => ({
  id,
  name: "",
  email: "",
  label: "",
  segments,
  updatedAt,
});
const change = (id: string, segments: string[], updatedAt = 200, deleted = false): LiveChange => ({
  kind: "conversations",
  id,
  segments,
  updatedAt,
  deleted,
});
const all = () => true;
const withLead = (segments: readonly string[]) => segments.includes("lead");

describe("the inbox's rows", () => {
  it("are made from the REST lists, with a shortened session id", () => {
    expect(
      conversationRow({ session_id: SESSION, segments: ["a"], updated_at: 5, meta: { nickname: "Ann", email: "a@x" } }),
    ).toEqual({ id: SESSION, name: "Ann", email: "a@x", label: "session_0b6f4a3e…", segments: ["a"], updatedAt: 5 });
    expect(
      contactRow({ people_id: "p1", email: "b@x", person: { nickname: "Bo" }, segments: ["c"], updated_at: 9 }),
    ).toEqual({ id: "p1", name: "Bo", email: "b@x", label: "", segments: ["c"], updatedAt: 9 });
  });

  it("read the live route's events, and nothing else", () => {
    expect(
      liveChange({ event: "session", data: `{"session_id":"${SESSION}","segments":["a"],"updated_at":7}` }),
    ).toEqual(change(SESSION, ["a"], 7));
    expect(
      liveChange({ event: "people", data: '{"people_id":"p1","segments":[],"updated_at":7,"deleted":true}' }),
    ).toEqual({ kind: "contacts", id: "p1", segments: [], updatedAt: 7, deleted: true });
    expect(liveChange({ event: "ready", data: "{}" })).toBeUndefined();
    expect(liveChange({ event: "session", data: "not json" })).toBeUndefined();
    expect(liveChange({ event: "session", data: '{"session_id":"s","segments":"a","updated_at":1}' })).toBeUndefined();
  });

  it("move a changed row first with its new segments", () => {
    const rows = [row("a", []), row("b", ["x"])];
    expect(applyLiveChange(rows, change("b", ["x", "y"]), all)).toEqual({
      outcome: "moved",
      rows: [row("b", ["x", "y"], 200), row("a", [])],
    });
  });

  it("drop a row that leaves the filter or is deleted, and want one that joins it", () => {
    const rows = [row("a", ["lead"]), row("b", ["lead"])];
    expect(applyLiveChange(rows, change("a", ["other"]), withLead)).toEqual({ outcome: "removed", rows: [rows[1]] });
    expect(applyLiveChange(rows, change("b", ["lead"], 200, true), withLead).rows).toEqual([rows[0]]);
    expect(applyLiveChange(rows, change("c", ["lead"]), withLead)).toEqual({ outcome: "wanted", rows });
    expect(applyLiveChange(rows, change("c", ["other"]), withLead).outcome).toBe("ignored");
  });

  it("ignore a change older than the row shown", () => {
    const rows = [row("a", ["new"], 300)];
    expect(applyLiveChange(rows, change("a", ["old"], 200), all)).toEqual({ outcome: "ignored", rows });
  });

  it("take an operator's edit in place, and a fetched row first", () => {
    const rows = [row("a", []), row("b", [])];
    expect(withSegments(rows, "b", ["vip"])).toEqual([row("a", []), row("b", ["vip"])]);
    expect(putFirst(rows, row("b", ["z"], 300))).toEqual([row("b", ["z"], 300), row("a", [])]);
  });
});
