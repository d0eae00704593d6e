// @vitest-environment node
/**
 * What the REST API refuses, it refuses before any store sees it, on every store alike: PostgreSQL cannot hold NUL
 * in text or JSON, and would answer such a write with an error (a 500) rather than a 400.
 */
import { describe, expect, it } from "vitest";
import { createSegmentsHandler } from "../../../src/server/http/handler";
import { answer, OPERATOR, restRequest, SESSION, WEBSITE } from "../../support/service";
import { snapshot } from "../../support/team";
import { factories } from "../storage/store-factories";

describe.each(factories)("REST API on the %s store", (_name, make) => {
  it("refuses NUL anywhere it could reach the store, with 400, changing nothing", async () => {
    const store = await make(Date.now);
    const errors: unknown[] = [];
    const handler = createSegmentsHandler({
      websites: { [WEBSITE]: { origins: [] } },
      store,
      operators: [{ ...OPERATOR, websites: "*" }],
      onError: (error) => errors.push(error),
    });
    const call = async (method: string, path: string, body?: unknown) =>
      answer(await handler(restRequest(method, path, body)));
    const created = await call("POST", "people/profile", { email: "jane@example.com", segments: ["lead"] });
    const peopleId = String(created.body?.data.people_id);
    await call("PATCH", `conversation/${SESSION}/meta`, { nickname: "Jane", segments: ["lead"] });
    const before = await snapshot(store);
    for (const [method, path, body] of [
      ["PATCH", `conversation/${SESSION}/meta`, { nickname: "a\u0000b" }],
      ["PATCH", `conversation/${SESSION}/meta`, { data: { key: "a\u0000" } }],
      ["POST", "people/profile", { email: "nul\u0000@example.com" }],
      ["PATCH", `people/profile/${peopleId}`, { person: { nickname: "\u0000" } }],
      ["GET", "people/profiles/1?search_text=a%00b", undefined],
      ["GET", "people/profile/%00", undefined],
      ["PATCH", "batch/segments", { people: { profiles: ["\u0000"] }, segments: ["x"] }],
    ] as const) {
      const result = await call(method, path, body);
      expect(result.status, `${method} ${path}`).toBe(400);
    }
    expect(errors).toEqual([]);
    expect(await snapshot(store)).toEqual(before);
  });
});
