// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answer, post, restRequest, SESSION, setup, WEBSITE } from "../../support/service";
import { sessionId, snapshot } from "../../support/team";

describe("REST API: batch segments", () => {
  it("adds segments to many conversations at once, never touching their revisions", async () => {
    const { handler, store } = setup();
    await handler(post({ revision: 7, overwrite: false, segments: ["lead"] }));
    const full = Array.from({ length: 100 }, (_, i) => `s${i}`);
    await handler(restRequest("PATCH", `conversation/${sessionId(2)}/meta`, { segments: full }));
    const sessions = [SESSION, sessionId(1), sessionId(2), SESSION];
    const result = await answer(await handler(restRequest("PATCH", "batch/segments", { sessions, segments: ["vip"] })));
    expect(result.body).toEqual({
      error: false,
      reason: "updated",
      data: { updated: [SESSION, sessionId(1)], not_found: [], too_many: [sessionId(2)] },
    });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead", "vip"], revision: 7 });
    expect((await store.get(WEBSITE, sessionId(1))).segments).toEqual(["vip"]);
    expect((await store.get(WEBSITE, sessionId(2))).segments).toEqual(full);
  });

  it("adds segments to many contacts at once, and names those it does not know", async () => {
    const { handler, store } = setup();
    const create = async (email: string) =>
      String((await answer(await handler(restRequest("POST", "people/profile", { email })))).body?.data.people_id);
    const [jane, joe] = [await create("jane@x.y"), await create("joe@x.y")];
    const unknown = "00000000-0000-4000-8000-000000000000";
    const body = { people: { profiles: [jane, unknown, joe] }, segments: ["newsletter", "vip"] };
    const result = await answer(await handler(restRequest("PATCH", "batch/segments", body)));
    expect(result.body?.data).toEqual({ updated: [jane, joe], not_found: [unknown], too_many: [] });
    expect((await store.getContact(WEBSITE, jane))?.segments).toEqual(["newsletter", "vip"]);
  });

  it.each<[string, unknown, string, RegExp]>([
    ["no segments", { sessions: [SESSION] }, "invalid_segments", /^segments is undefined; expected an array/],
    [
      "an empty list of segments",
      { sessions: [SESSION], segments: [] },
      "invalid_segments",
      /^segments is \[\]; expected a segment to add$/,
    ],
    ["a bad segment", { sessions: [SESSION], segments: ["\u0000"] }, "invalid_segments", /^segments\[0\] is/],
    ["neither sessions nor people", { segments: ["x"] }, "invalid_request", /^send either "sessions"/],
    [
      "both sessions and people",
      { sessions: [], people: { profiles: [] }, segments: ["x"] },
      "invalid_request",
      /not both$/,
    ],
    [
      "a session id that is not one",
      { sessions: [SESSION, "session_x"], segments: ["x"] },
      "invalid_session",
      /^sessions\[1\] is "session_x"; expected session_/,
    ],
    [
      "more than 1,000 sessions",
      { sessions: Array.from({ length: 1001 }, () => SESSION), segments: ["x"] },
      "invalid_request",
      /expected an array of at most 1000 ids$/,
    ],
    [
      "a people search",
      { people: { search: "jane" }, segments: ["x"] },
      "invalid_request",
      /^people\.search is not supported here: list the contacts' ids in people\.profiles$/,
    ],
    [
      "a people id that is not one",
      { people: { profiles: ["jane"] }, segments: ["x"] },
      "invalid_request",
      /^people\.profiles\[0\] is "jane"; expected a lowercase UUID/,
    ],
    [
      "people that are no object",
      { people: ["x"], segments: ["x"] },
      "invalid_request",
      /^people is \["x"\]; expected \{"profiles"/,
    ],
  ])("refuses %s whole, changing nothing", async (_name, body, reason, message) => {
    const { handler, store } = setup();
    await handler(restRequest("PATCH", `conversation/${SESSION}/meta`, { segments: ["before"] }));
    const before = await snapshot(store);
    const result = await answer(await handler(restRequest("PATCH", "batch/segments", body)));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: true, reason, data: { message: expect.stringMatching(message) } });
    expect(await snapshot(store)).toEqual(before);
  });
});
