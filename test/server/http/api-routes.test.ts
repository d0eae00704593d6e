// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answer, apiUrl, BASE, OTHER_SESSION, post, SESSION, setup, TOKEN, WEBSITE } from "../../support/service";

const auth = { Authorization: `Bearer ${TOKEN}` };
const api = (method: string, body?: unknown, url = apiUrl(), headers: Record<string, string> = auth) =>
  new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

describe("operator REST routes", () => {
  it("do not exist without a configured token", async () => {
    const { handler } = setup({ apiToken: undefined });
    const result = await answer(await handler(api("GET")));
    expect(result.status).toBe(404);
    expect(result.body?.reason).toBe("not_found");
    // The operator learns how to turn the routes on.
    expect(result.body?.data.message).toMatch(/apiToken/);
  });

  it.each([
    ["no header", {}],
    ["a wrong token", { Authorization: "Bearer operator-token-0123456780" }],
    ["a prefix of the token", { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["another scheme", { Authorization: `Basic ${TOKEN}` }],
  ])("refuse %s with 401", async (_name, headers: Record<string, string>) => {
    const { handler, store } = setup();
    const response = await handler(api("PUT", { segments: ["x"] }, apiUrl(), headers));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    // The operator learns which header to send.
    expect((await answer(response)).body).toMatchObject({
      reason: "unauthorized",
      data: { message: expect.stringMatching(/Authorization: Bearer/) },
    });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
  });

  it("accept the Bearer scheme in any case (RFC 9110 §11.1: the scheme is case-insensitive)", async () => {
    const { handler } = setup();
    const result = await answer(
      await handler(new Request(apiUrl(), { headers: { Authorization: `bearer ${TOKEN}` } })),
    );
    expect(result.status).toBe(200);
  });

  it("replace, edit and read a session without touching its revision", async () => {
    const { handler } = setup();
    await handler(post({ revision: 3, overwrite: false, segments: ["lead"] }));

    const put = await answer(await handler(api("PUT", { segments: ["vip", "lead"] })));
    expect(put.body).toEqual({ error: false, reason: "updated", data: { segments: ["vip", "lead"], revision: 3 } });
    const patch = await answer(await handler(api("PATCH", { segments: ["churn-risk"], remove: ["vip"] })));
    expect(patch.body?.data).toEqual({ segments: ["lead", "churn-risk"], revision: 3 });
    const get = await answer(await handler(api("GET")));
    expect(get.body).toEqual({
      error: false,
      reason: "resolved",
      data: { segments: ["lead", "churn-risk"], revision: 3 },
    });

    // The SDK's next change still applies on top of the operators' edits.
    const sdk = await answer(await handler(post({ revision: 4, overwrite: false, segments: ["trial"] })));
    expect(sdk.body?.data).toEqual({ segments: ["lead", "churn-risk", "trial"], revision: 4 });
  });

  it("create a session the SDK has not changed yet at revision 0", async () => {
    const { handler } = setup();
    const put = await answer(await handler(api("PATCH", { segments: ["imported"] })));
    expect(put.body?.data).toEqual({ segments: ["imported"], revision: 0 });
    const sdk = await answer(await handler(post({ revision: 1, overwrite: false, segments: ["lead"] })));
    expect(sdk.body?.data).toEqual({ segments: ["imported", "lead"], revision: 1 });
  });

  it("list a website's sessions, most recently changed first", async () => {
    const { handler, clock } = setup();
    await handler(api("PUT", { segments: ["a"] }));
    clock.now += 1000;
    await handler(api("PUT", { segments: ["b"] }, apiUrl(WEBSITE, OTHER_SESSION)));
    const list = await answer(await handler(api("GET", undefined, `${BASE}/v1/api/website/${WEBSITE}/sessions`)));
    expect(list.body?.data).toEqual({
      sessions: [
        { session_id: OTHER_SESSION, segments: ["b"], revision: 0, updated_at: new Date(clock.now).toISOString() },
        { session_id: SESSION, segments: ["a"], revision: 0, updated_at: new Date(clock.now - 1000).toISOString() },
      ],
    });
    const limited = await answer(
      await handler(api("GET", undefined, `${BASE}/v1/api/website/${WEBSITE}/sessions?limit=1`)),
    );
    expect(limited.body?.data.sessions as unknown[]).toHaveLength(1);
  });

  it.each([
    ["unknown website", api("GET", undefined, apiUrl("other-site")), 404, "website_not_found"],
    ["website __proto__", api("GET", undefined, `${BASE}/v1/api/website/__proto__/sessions`), 404, "website_not_found"],
    ["bad session id", api("GET", undefined, apiUrl(WEBSITE, "session_x")), 400, "invalid_session"],
    ["POST", api("POST", { segments: [] }), 405, "method_not_allowed"],
    ["PUT without segments", api("PUT", {}), 400, "invalid_segments"],
    ["PATCH with a bad removal", api("PATCH", { remove: [""] }), 400, "invalid_segments"],
    ["broken JSON", new Request(apiUrl(), { method: "PUT", headers: auth, body: "{" }), 400, "invalid_json"],
    [
      "DELETE on the list",
      api("DELETE", undefined, `${BASE}/v1/api/website/${WEBSITE}/sessions`),
      405,
      "method_not_allowed",
    ],
  ])("answer %s with the documented error", async (_name, request, status, reason) => {
    const { handler } = setup();
    const result = await answer(await handler(request));
    expect(result.status).toBe(status);
    expect(result.body?.reason).toBe(reason);
  });

  it("refuse an edit that would exceed 100 segments", async () => {
    const { handler } = setup();
    const segments = Array.from({ length: 100 }, (_, index) => `s${index}`);
    await handler(api("PUT", { segments }));
    const result = await answer(await handler(api("PATCH", { segments: ["extra"] })));
    expect(result.status).toBe(400);
    expect(result.body?.reason).toBe("invalid_segments");
  });
});
