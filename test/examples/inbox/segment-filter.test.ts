import { describe, expect, it } from "vitest";
import {
  conversationsQuery,
  describeFilter,
  menuItems,
  NO_FILTER,
  passes,
  peopleQuery,
  toggleSegment,
  withMatch,
} from "../../../examples/inbox/segment-filter.mjs";

const both = toggleSegment(toggleSegment(NO_FILTER, "lead"), "vip");

describe("the segment filter", () => {
  it("toggles segments in and out, in the order chosen, without changing the filter it is given", () => {
    expect(both).toEqual({ segments: ["lead", "vip"], match: "all" });
    expect(toggleSegment(both, "lead")).toEqual({ segments: ["vip"], match: "all" });
    expect(NO_FILTER.segments).toEqual([]);
  });

  it("passes rows with all of its segments, or any of them", () => {
    expect(passes(both, ["vip", "lead", "x"])).toBe(true);
    expect(passes(both, ["lead"])).toBe(false);
    const any = withMatch(both, "any");
    expect(any.match).toBe("any");
    expect(passes(any, ["lead"])).toBe(true);
    expect(passes(any, ["x"])).toBe(false);
    expect(passes(NO_FILTER, [])).toBe(true);
    expect(withMatch(both, "bogus").match).toBe("all");
  });

  it("lists the segments in use, marks the chosen ones, and keeps a chosen one nobody carries any more", () => {
    const counts = [
      { segment: "lead", count: 5 },
      { segment: "trial", count: 2 },
    ];
    expect(menuItems(counts, both)).toEqual([
      { segment: "lead", count: 5, chosen: true },
      { segment: "trial", count: 2, chosen: false },
      { segment: "vip", count: 0, chosen: true },
    ]);
  });

  it("asks conversations as crisp-api does: one segment criterion each, and/or for all of/any of", () => {
    const query = conversationsQuery(both, 20);
    expect(query.get("per_page")).toBe("20");
    expect(query.get("search_type")).toBe("filter");
    expect(query.get("search_operator")).toBe("and");
    expect(JSON.parse(query.get("search_query") ?? "")).toEqual([
      { model: "session", criterion: "segments", operator: "eq", query: ["lead"] },
      { model: "session", criterion: "segments", operator: "eq", query: ["vip"] },
    ]);
    expect(conversationsQuery(withMatch(both, "any"), 20).get("search_operator")).toBe("or");
    expect([...conversationsQuery(NO_FILTER, 50).keys()]).toEqual(["per_page"]);
  });

  it("asks contacts with search_filter and an optional text", () => {
    const query = peopleQuery(withMatch(both, "any"), 30, "  ann ");
    expect(query.get("search_text")).toBe("ann");
    expect(query.get("search_operator")).toBe("or");
    expect(JSON.parse(query.get("search_filter") ?? "")[1]).toEqual({
      model: "people",
      criterion: "segments",
      operator: "eq",
      query: ["vip"],
    });
    expect([...peopleQuery(NO_FILTER, 20, " ").keys()]).toEqual(["per_page"]);
  });

  it("says what it keeps in words", () => {
    expect(describeFilter(both)).toBe("with lead and vip");
    expect(describeFilter(withMatch(both, "any"))).toBe("with lead or vip");
    expect(describeFilter(NO_FILTER)).toBe("");
  });
});
