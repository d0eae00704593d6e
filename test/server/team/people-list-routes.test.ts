// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answer, operatorHeaders, restRequest, restUrl, setup } from "../../support/service";

async function contacts(count: number) {
  const context = setup();
  for (let index = 0; index < count; index++) {
    const segments = [index % 2 === 0 ? "even" : "odd", ...(index % 3 === 0 ? ["third"] : [])];
    const nickname = index === 4 ? '=HYPERLINK("http://evil")' : `Person ${index}`;
    await context.handler(
      restRequest("POST", "people/profile", { email: `p${index}@example.com`, person: { nickname }, segments }),
    );
    context.clock.now += 1000;
  }
  const list = async (query: string) => answer(await context.handler(restRequest("GET", `people/profiles/${query}`)));
  const emails = async (query: string) =>
    (((await list(query)).body?.data ?? []) as unknown as Array<{ email: string }>).map((contact) => contact.email);
  const csv = (query: string, accept = "text/csv") =>
    context.handler(
      new Request(restUrl(`people/profiles/${query}`), { headers: { ...operatorHeaders(), Accept: accept } }),
    );
  return { ...context, list, emails, csv };
}
const filter = (query: string[]) =>
  encodeURIComponent(JSON.stringify([{ model: "people", criterion: "segments", operator: "eq", query }]));
const at = (...indexes: number[]) => indexes.map((index) => `p${index}@example.com`);

describe("REST API: listing contacts", () => {
  it("answers profiles in Crisp's shape, the most recently changed first, 20 to 50 a page", async () => {
    const { list, emails } = await contacts(55);
    const first = await list("1");
    expect(first.body?.reason).toBe("resolved");
    expect(((first.body?.data ?? []) as unknown as unknown[])[0]).toEqual({
      people_id: expect.any(String),
      email: "p54@example.com",
      person: { nickname: "Person 54" },
      segments: ["even", "third"],
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    expect(await emails("1")).toHaveLength(20);
    expect(await emails("2?per_page=50")).toEqual(at(4, 3, 2, 1, 0));
    expect(await emails("1?per_page=1")).toHaveLength(20);
  });

  it("answers the next page's cursor in X-Next-Cursor, and the rows after it for ?cursor=, page numbers aside", async () => {
    const { list, emails } = await contacts(45);
    const first = await list("1");
    const cursor = first.headers.get("X-Next-Cursor") ?? "";
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await emails(`7?cursor=${cursor}`)).toEqual(await emails("2"));
    const last = await list(`1?per_page=50&cursor=${cursor}`);
    expect(last.headers.get("X-Next-Cursor")).toBeNull(); // a page shorter than asked for ends the list
    expect(((last.body?.data ?? []) as unknown as unknown[]).length).toBe(25);
    const bad = await list("1?cursor=not*a*cursor");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: true, reason: "invalid_request" });
    expect(String(bad.body?.data?.message ?? bad.body?.data)).toMatch(
      /cursor is "not\*a\*cursor"; expected the X-Next-Cursor/,
    );
  });

  it("filters by segments, all of (and) or any of (or), and by text", async () => {
    const { emails } = await contacts(7);
    expect(await emails(`1?search_filter=${filter(["even", "third"])}&search_operator=and`)).toEqual(at(6, 0));
    expect(await emails(`1?search_filter=${filter(["odd", "third"])}&search_operator=or`)).toEqual(at(6, 5, 3, 1, 0));
    expect(await emails("1?search_text=PERSON%205")).toEqual(at(5));
    expect(await emails(`1?search_text=p6@&search_filter=${filter(["even"])}`)).toEqual(at(6));
    expect(await emails(`1?search_text=p6@&search_filter=${filter(["odd"])}`)).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    [
      "a filter that is no JSON",
      "1?search_filter=lead",
      /^search_filter is "lead", not JSON; expected e\.g\. \[\{"model":"people"/,
    ],
    [
      "a filter of sessions",
      `1?search_filter=${encodeURIComponent('[{"model":"session","criterion":"segments","query":["a"]}]')}`,
      /^search_filter\[0\]\.model is "session"; expected "people"$/,
    ],
    [
      "a filter with a bad segment",
      `1?search_filter=${filter(["\u0001"])}`,
      /^search_filter's segments\[0\] is "\\u0001"; expected no control characters$/,
    ],
    [
      "a filter that is no array",
      `1?search_filter=${encodeURIComponent('{"criterion":"segments"}')}`,
      /^search_filter is \{"criterion":"segments"\}; expected an array/,
    ],
    ["search_operator=both", "1?search_operator=both", /^search_operator is "both"/],
    [
      "a text over 256 characters",
      `1?search_text=${"x".repeat(257)}`,
      /^search_text is 257 characters long; expected at most 256$/,
    ],
    ["page -1", "-1", /^the page is "-1"/],
  ])("refuses %s with 400", async (_name, query, message) => {
    const { list } = await contacts(0);
    const result = await list(query);
    expect(result.status).toBe(400);
    expect(result.body?.data.message).toMatch(message);
  });

  it("exports the whole filtered list as CSV with Accept: text/csv, formulas made inert", async () => {
    const { csv } = await contacts(250);
    const response = await csv(`1?search_filter=${filter(["even"])}&per_page=20`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="people.csv"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("people_id,email,nickname,segments,created_at,updated_at");
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1);
    // Every even contact of 250, across the store's pages of 100, each once.
    expect(rows).toHaveLength(125);
    expect(new Set(rows.map((row) => row.split(",")[1])).size).toBe(125);
    expect(rows.at(-1)).toMatch(/^[0-9a-f-]{36},p0@example\.com,Person 0,even;third,\d{4}-\d\d-\d\dT/);
    expect(rows.find((row) => row.includes("p4@example.com"))).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("answers JSON when CSV is not asked for, and refuses a bad filter before any CSV", async () => {
    const { csv } = await contacts(1);
    const json = await csv("1", "application/json");
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const refused = await csv("1?search_operator=xor");
    expect(refused.status).toBe(400);
    expect(refused.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  });
});
