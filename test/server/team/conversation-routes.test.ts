// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answer, OTHER_SESSION, post, restRequest, SESSION, setup, WEBSITE } from "../../support/service";
import { sessionId, snapshot } from "../../support/team";

const meta = (session = SESSION) => `conversation/${session}/meta`;
const segmentsPath = (session = SESSION) => `conversation/${session}/segments`;

describe("REST API: a conversation's meta", () => {
  it("reads a session never seen as no segments", async () => {
    const { handler } = setup();
    expect((await answer(await handler(restRequest("GET", meta())))).body).toEqual({
      error: false,
      reason: "resolved",
      data: { segments: [] },
    });
  });

  it("merges the meta fields it keeps, ignores others, and replaces the list without touching the revision", async () => {
    const { handler, store } = setup();
    await handler(post({ revision: 4, overwrite: false, segments: ["from_sdk"] }));
    const first = { nickname: "Jane", email: "jane@example.com", data: { plan: "pro", seats: 3 }, ip: "1.2.3.4" };
    expect((await answer(await handler(restRequest("PATCH", meta(), first)))).body).toEqual({
      error: false,
      reason: "updated",
      data: {},
    });
    await handler(restRequest("PATCH", meta(), { subject: "Refund", segments: ["lead", " vip ", "lead"] }));

    const read = await answer(await handler(restRequest("GET", meta())));
    expect(read.body?.data).toEqual({
      nickname: "Jane",
      email: "jane@example.com",
      subject: "Refund",
      data: { plan: "pro", seats: 3 },
      segments: ["lead", "vip"],
    });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead", "vip"], revision: 4 });
    // The SDK's next change applies on top of the operator's list.
    const sdk = await answer(await handler(post({ revision: 5, overwrite: false, segments: ["trial"] })));
    expect(sdk.body?.data).toEqual({ segments: ["lead", "vip", "trial"], revision: 5 });
  });

  it("leaves the list alone when the body has no segments", async () => {
    const { handler, store } = setup();
    await handler(restRequest("PATCH", meta(), { segments: ["kept"] }));
    await handler(restRequest("PATCH", meta(), { nickname: "Jo" }));
    expect((await store.get(WEBSITE, SESSION)).segments).toEqual(["kept"]);
  });

  it.each<[string, unknown, number, string, RegExp]>([
    [
      "a bad segment",
      { nickname: "X", segments: ["ok", ""] },
      400,
      "invalid_segments",
      /^segments\[1\] is ""; expected 1 to 64/,
    ],
    [
      "101 segments",
      { segments: Array.from({ length: 101 }, (_, i) => `s${i}`) },
      400,
      "invalid_segments",
      /at most 100/,
    ],
    [
      "segments that are no list",
      { segments: "lead" },
      400,
      "invalid_segments",
      /^segments is "lead"; expected an array/,
    ],
    [
      "a nickname that is no string",
      { nickname: 5, segments: ["x"] },
      400,
      "invalid_request",
      /^nickname is 5; expected a string$/,
    ],
    ["data that is no object", { data: [1] }, 400, "invalid_request", /^data is \[1\]; expected an object/],
    ["a NUL in a field", { nickname: "a\u0000b" }, 400, "invalid_request", /^meta\.nickname holds a NUL character/],
    [
      "a NUL in a data key",
      { data: { "a\u0000": 1 } },
      400,
      "invalid_request",
      /^meta\.data key "a\\u0000" holds a NUL/,
    ],
    ["broken JSON", "{", 400, "invalid_json", /not valid JSON/],
    ["an array", "[]", 400, "invalid_json", /expected a JSON object/],
    ["a body over 64 KiB", { nickname: "x".repeat(70_000) }, 413, "payload_too_large", /larger than 65536 bytes/],
  ])("refuses %s and changes nothing", async (_name, body, status, reason, message) => {
    const { handler, store } = setup();
    await handler(restRequest("PATCH", meta(), { nickname: "Before", segments: ["before"] }));
    const before = await snapshot(store);
    const result = await answer(await handler(restRequest("PATCH", meta(), body)));
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ error: true, reason, data: { message: expect.stringMatching(message) } });
    expect(await snapshot(store)).toEqual(before);
  });

  it("refuses a session id that is not one, and methods it does not have", async () => {
    const { handler } = setup();
    const bad = await answer(await handler(restRequest("GET", meta("session_x"))));
    expect(bad.status).toBe(400);
    expect(bad.body?.reason).toBe("invalid_session");
    const deleted = await handler(restRequest("DELETE", meta()));
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("Allow")).toBe("GET, PATCH");
  });
});

describe("REST API: atomic segment edits (our extension)", () => {
  it("removes, then adds, in one edit, and answers the list", async () => {
    const { handler, store } = setup();
    await handler(post({ revision: 2, overwrite: false, segments: ["a", "b"] }));
    const result = await answer(await handler(restRequest("PATCH", segmentsPath(), { add: ["c"], remove: ["a"] })));
    expect(result.body).toEqual({ error: false, reason: "updated", data: { segments: ["b", "c"] } });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["b", "c"], revision: 2 });
  });

  it("refuses an edit that would pass 100 segments, changing nothing", async () => {
    const { handler, store } = setup();
    const hundred = Array.from({ length: 100 }, (_, i) => `s${i}`);
    await handler(restRequest("PATCH", segmentsPath(), { add: hundred }));
    const before = await snapshot(store);
    const result = await answer(await handler(restRequest("PATCH", segmentsPath(), { add: ["one-more"] })));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ reason: "invalid_segments", data: { message: /more than 100 segments/ } });
    expect(await snapshot(store)).toEqual(before);
    // Removing one first makes room.
    const swapped = await answer(
      await handler(restRequest("PATCH", segmentsPath(), { add: ["one-more"], remove: ["s0"] })),
    );
    expect(swapped.status).toBe(200);
  });

  it.each<[string, unknown]>([
    ["a bad segment to add", { add: ["\u0007"] }],
    ["a bad segment to remove", { remove: [42] }],
    ["add that is no list", { add: "x" }],
  ])("refuses %s with invalid_segments", async (_name, body) => {
    const { handler, store } = setup();
    const result = await answer(await handler(restRequest("PATCH", segmentsPath(), body)));
    expect(result.status).toBe(400);
    expect(result.body?.reason).toBe("invalid_segments");
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
  });
});

describe("REST API: listing conversations", () => {
  async function website(count: number) {
    const context = setup();
    for (let index = 0; index < count; index++) {
      const segments = [index % 2 === 0 ? "even" : "odd", ...(index % 3 === 0 ? ["third"] : [])];
      await context.handler(restRequest("PATCH", meta(sessionId(index)), { segments, nickname: `n${index}` }));
      context.clock.now += 1000;
    }
    const list = async (query: string) => answer(await context.handler(restRequest("GET", `conversations/${query}`)));
    return { ...context, list };
  }
  const ids = (body: unknown) =>
    ((body as { data: Array<{ session_id: string }> }).data ?? []).map((c) => c.session_id);

  it("answers Crisp's shape, the most recently changed first", async () => {
    const { list, clock } = await website(2);
    const result = await list("1");
    expect(result.body).toEqual({
      error: false,
      reason: "resolved",
      data: [
        {
          session_id: sessionId(1),
          website_id: WEBSITE,
          segments: ["odd"],
          meta: { nickname: "n1", segments: ["odd"] },
          updated_at: clock.now - 1000,
        },
        {
          session_id: sessionId(0),
          website_id: WEBSITE,
          segments: ["even", "third"],
          meta: { nickname: "n0", segments: ["even", "third"] },
          updated_at: clock.now - 2000,
        },
      ],
    });
  });

  it("pages by per_page, clamped to 20–50", async () => {
    const { list } = await website(60);
    expect(ids((await list("1")).body)).toHaveLength(20);
    expect(ids((await list("1?per_page=5")).body)).toHaveLength(20);
    expect(ids((await list("1?per_page=500")).body)).toHaveLength(50);
    expect(ids((await list("2?per_page=50")).body)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map(sessionId));
    expect(ids((await list("3?per_page=30")).body)).toEqual([]);
  });

  it("filters by one segment (search_type=segment) and by several, all of or any of (search_type=filter)", async () => {
    const { list } = await website(7);
    expect(ids((await list("1?search_type=segment&search_query=third")).body)).toEqual([6, 3, 0].map(sessionId));
    const filter = (query: string[], operator?: string) =>
      `1?search_type=filter&search_query=${encodeURIComponent(
        JSON.stringify([{ model: "session", criterion: "segments", operator: "eq", query }]),
      )}${operator ? `&search_operator=${operator}` : ""}`;
    expect(ids((await list(filter(["even", "third"], "and"))).body)).toEqual([6, 0].map(sessionId));
    expect(ids((await list(filter(["even", "third"]))).body)).toEqual([6, 0].map(sessionId));
    expect(ids((await list(filter(["odd", "third"], "or"))).body)).toEqual([6, 5, 3, 1, 0].map(sessionId));
    expect(ids((await list(filter([], "or"))).body)).toHaveLength(7);
  });

  it.each<[string, string, RegExp]>([
    ["page 0", "0", /^the page is "0"; expected a whole number from 1/],
    ["a page that is no number", "first", /^the page is "first"/],
    ["a per_page that is no number", "1?per_page=ten", /^per_page is "ten"; expected a whole number \(20 to 50\)$/],
    ["search_type=text", "1?search_type=text&search_query=x", /^search_type is "text"; expected "segment" or "filter"/],
    ["a bad segment", "1?search_type=segment&search_query=", /^search_query is ""; expected a segment$/],
    [
      "a filter that is no JSON",
      "1?search_type=filter&search_query=lead",
      /^search_query is "lead", not JSON; expected e\.g\. \[\{"model":"session"/,
    ],
    [
      "a filter on another criterion",
      `1?search_type=filter&search_query=${encodeURIComponent('[{"criterion":"email","query":["a"]}]')}`,
      /^search_query\[0\]\.criterion is "email"; expected "segments"/,
    ],
    [
      "a filter of people",
      `1?search_type=filter&search_query=${encodeURIComponent('[{"model":"people","criterion":"segments","query":["a"]}]')}`,
      /^search_query\[0\]\.model is "people"; expected "session"$/,
    ],
    [
      "another operator",
      `1?search_type=filter&search_query=${encodeURIComponent('[{"criterion":"segments","operator":"neq","query":["a"]}]')}`,
      /^search_query\[0\]\.operator is "neq"; expected "eq"$/,
    ],
    [
      "search_operator=xor",
      "1?search_type=filter&search_query=[]&search_operator=xor",
      /^search_operator is "xor"; expected "and" \(all of\) or "or" \(any of\)$/,
    ],
  ])("refuses %s with 400", async (_name, query, message) => {
    const { handler } = setup();
    const result = await answer(await handler(restRequest("GET", `conversations/${query}`)));
    expect(result.status).toBe(400);
    expect(result.body?.data.message).toMatch(message);
  });

  it("keeps websites apart", async () => {
    const { handler } = setup({ websites: { [WEBSITE]: { origins: [] }, other: { origins: [] } } });
    await handler(restRequest("PATCH", meta(OTHER_SESSION), { segments: ["elsewhere"] }, "other"));
    expect((await answer(await handler(restRequest("GET", "conversations/1")))).body?.data).toEqual([]);
  });
});
