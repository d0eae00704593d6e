import { describe, expect, it } from "vitest";
import {
  countSegments,
  decideCreate,
  emailKey,
  matchesFilter,
  matchesText,
  mergeMeta,
  pageWindow,
  readMeta,
} from "../../../src/server/storage/team-rules";

describe("team rules", () => {
  it("reads the meta fields it keeps, drops unknown ones and names a wrong type", () => {
    expect(readMeta({ nickname: "Ada", segments: ["x"], ip: "1.2.3.4", data: { plan: "pro", seats: 2 } })).toEqual({
      ok: true,
      meta: { nickname: "Ada", data: { plan: "pro", seats: 2 } },
    });
    expect(readMeta({ email: 42 })).toEqual({ ok: false, field: "email", expected: "a string" });
    expect(readMeta({ data: { nested: {} } })).toMatchObject({ ok: false, field: "data" });
    expect(readMeta([])).toMatchObject({ ok: false, field: "meta" });
  });

  it("merges a meta field by field, keeping no field it does not know", () => {
    const patch = { email: "a@b.c", data: { x: 1 }, unknown: "kept out" } as never;
    expect(mergeMeta({ nickname: "Ada", data: { y: 2 } }, patch)).toEqual({
      nickname: "Ada",
      email: "a@b.c",
      data: { x: 1 },
    });
  });

  it("clamps pages to 1 and rows to 1–100", () => {
    expect(pageWindow({ page: 3, perPage: 20 })).toEqual({ limit: 20, offset: 40 });
    expect(pageWindow({ page: 0, perPage: 1_000 })).toEqual({ limit: 100, offset: 0 });
    expect(pageWindow({ page: Number.NaN, perPage: -5 })).toEqual({ limit: 1, offset: 0 });
  });

  it("matches all of or any of a filter's segments, an empty filter matching everything", () => {
    expect(matchesFilter(["a", "b"], { segments: ["a", "c"], match: "all" })).toBe(false);
    expect(matchesFilter(["a", "b"], { segments: ["a", "c"], match: "any" })).toBe(true);
    expect(matchesFilter([], { segments: [], match: "all" })).toBe(true);
  });

  it("finds text in email or nickname whatever the case, and compares emails without it", () => {
    expect(matchesText({ email: "Ada@Example.com", nickname: "Lovelace" }, "LOVE")).toBe(true);
    expect(matchesText({ email: "ada@example.com", nickname: "" }, "bob")).toBe(false);
    expect(emailKey("  Ada@Example.COM ")).toBe("ada@example.com");
  });

  it("counts segments most used first, ties by name", () => {
    expect(countSegments([["b", "a"], ["a"], ["c"]])).toEqual([
      { segment: "a", count: 2 },
      { segment: "b", count: 1 },
      { segment: "c", count: 1 },
    ]);
  });

  it("creates no contact over an email already held", () => {
    expect(decideCreate({ email: "a@b.c" }, "id", 0, "holder")).toEqual({
      result: { reason: "email_taken", peopleId: "holder" },
    });
    expect(decideCreate({ email: " a@b.c " }, "id", 5, undefined).next).toEqual({
      peopleId: "id",
      email: "a@b.c",
      nickname: "",
      segments: [],
      createdAt: 5,
      updatedAt: 5,
    });
  });
});
