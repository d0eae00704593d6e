// @vitest-environment node
import { describe, expect, it } from "vitest";
import { answer, restRequest, setup } from "../../support/service";
import { sessionId } from "../../support/team";

describe("REST API: suggested segments", () => {
  it("counts the segments of conversations and of contacts apart, most used first, 20 a page", async () => {
    const { handler } = setup();
    const send = (method: string, path: string, body?: unknown) => handler(restRequest(method, path, body));
    for (let index = 0; index < 3; index++) {
      await send("PATCH", `conversation/${sessionId(index)}/meta`, { segments: index === 0 ? ["a", "b"] : ["b"] });
    }
    await send("POST", "people/profile", { email: "x@y.z", segments: ["contact-only"] });
    const many = Array.from({ length: 25 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    await send("PATCH", `conversation/${sessionId(9)}/meta`, { segments: many });

    const conversations = await answer(await send("GET", "conversations/suggest/segments/1"));
    expect(conversations.body?.reason).toBe("resolved");
    const first = conversations.body?.data as unknown as Array<{ segment: string; count: number }>;
    expect(first).toHaveLength(20);
    expect(first.slice(0, 3)).toEqual([
      { segment: "b", count: 3 },
      { segment: "a", count: 1 },
      { segment: "s00", count: 1 },
    ]);
    const second = (await answer(await send("GET", "conversations/suggest/segments/2"))).body?.data;
    expect(second).toHaveLength(7);
    expect((await answer(await send("GET", "people/suggest/segments/1"))).body?.data).toEqual([
      { segment: "contact-only", count: 1 },
    ]);
  });

  it("refuses a page that is not one", async () => {
    const { handler } = setup();
    const result = await answer(await handler(restRequest("GET", "people/suggest/segments/zero")));
    expect(result.status).toBe(400);
    expect(result.body?.data.message).toMatch(/^the page is "zero"/);
  });
});
