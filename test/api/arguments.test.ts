import { describe, expect, it } from "vitest";
import {
  editArg,
  filterArg,
  idsArg,
  metaArg,
  peopleIdArg,
  perPageArg,
  segmentsArg,
  sessionIdArg,
  websiteIdArg,
} from "../../src/api/arguments";

const SESSION = "session_0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b";

describe("arguments", () => {
  it("passes valid ids through and names a bad one with the rule", () => {
    expect(websiteIdArg("demo-website")).toBe("demo-website");
    expect(sessionIdArg(SESSION)).toBe(SESSION);
    expect(peopleIdArg("0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b")).toBe("0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b");
    expect(() => websiteIdArg("a/b")).toThrow(
      new TypeError('crisp-segments/api: websiteId is "a/b"; expected 1 to 64 characters of A-Z a-z 0-9 _ -'),
    );
    expect(() => sessionIdArg("session_123")).toThrow(/sessionId is "session_123"; expected session_ followed by/);
    expect(() => peopleIdArg("0B6F4A3E-6C1D-4E8A-9F2B-3C4D5E6F7A8B")).toThrow(
      /peopleId is "0B6F.*"; expected a lowercase UUID/,
    );
  });

  it("normalises segments with the SDK's rules and names the first bad one", () => {
    expect(segmentsArg([" vip ", "vip", "Cafe\u0301"])).toEqual(["vip", "Café"]);
    expect(() => segmentsArg(["ok", ""])).toThrow(
      new TypeError('crisp-segments/api: segments[1] is ""; expected 1 to 64 characters after trimming white space'),
    );
    expect(() => segmentsArg("vip")).toThrow(/segments is "vip"; expected an array of segment strings/);
    const tooMany = Array.from({ length: 101 }, (_, index) => `s${index}`);
    expect(() => segmentsArg(tooMany)).toThrow(/expected at most 100 distinct segments/);
  });

  it("checks both lists of an edit under their own names", () => {
    expect(editArg({ add: ["a"] })).toEqual({ add: ["a"], remove: [] });
    expect(() => editArg({ add: ["a"], remove: [7 as unknown as string] })).toThrow(
      /remove\[0\] is 7; expected a string/,
    );
  });

  it("refuses meta fields of the wrong type, naming the field", () => {
    expect(metaArg({ nickname: "Ann", extra: 1 })).toEqual({ nickname: "Ann" });
    expect(() => metaArg({ data: { nested: {} } })).toThrow(/meta\.data is \{"nested":\{\}\}; expected an object of/);
    expect(() => metaArg(null)).toThrow(/meta is null; expected an object/);
  });

  it("keeps perPage within 20 to 50 and match to all or any", () => {
    expect(perPageArg()).toBe(50);
    expect(perPageArg(20)).toBe(20);
    expect(() => perPageArg(19)).toThrow(/perPage is 19; expected a whole number from 20 to 50/);
    expect(() => perPageArg(51)).toThrow(/perPage is 51/);
    expect(filterArg({})).toEqual({ segments: [], match: "all" });
    expect(() => filterArg({ match: "some" as "any" })).toThrow(/match is "some"; expected "all" or "any"/);
  });

  it("wants a non-empty list of ids and names the bad one by index", () => {
    expect(() => idsArg([], "sessionIds", sessionIdArg)).toThrow(
      /sessionIds is \[\]; expected an array of 1 to 1000 ids/,
    );
    expect(() => idsArg([SESSION, "x"], "sessionIds", sessionIdArg)).toThrow(/sessionIds\[1\] is "x"/);
  });
});
