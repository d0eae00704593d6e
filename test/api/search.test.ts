import { describe, expect, it } from "vitest";
import { conversationSearch, peopleSearch } from "../../src/api/search";

describe("list queries", () => {
  it("spells a conversation filter as crisp-api does: one JSON parameter and an operator", () => {
    const params = conversationSearch({ segments: ["vip", "bug"], match: "any", perPage: 20 });
    expect(params.get("per_page")).toBe("20");
    expect(params.get("search_type")).toBe("filter");
    expect(params.get("search_operator")).toBe("or");
    expect(JSON.parse(params.get("search_query") ?? "")).toEqual([
      { model: "session", criterion: "segments", operator: "eq", query: ["vip"] },
      { model: "session", criterion: "segments", operator: "eq", query: ["bug"] },
    ]);
  });

  it("filters nothing when no segment is given", () => {
    expect([...conversationSearch({ segments: [], match: "all" }).keys()]).toEqual([]);
  });

  it("spells a people filter with search_filter, all of as and, and the text", () => {
    const params = peopleSearch({ segments: ["lead"], match: "all", text: "ann" });
    expect(params.get("search_operator")).toBe("and");
    expect(params.get("search_text")).toBe("ann");
    expect(JSON.parse(params.get("search_filter") ?? "")).toEqual([
      { model: "people", criterion: "segments", operator: "eq", query: ["lead"] },
    ]);
  });
});
