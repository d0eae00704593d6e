// @vitest-environment node
import { describe, expect, it } from "vitest";
import { OTHER_SESSION, SESSION, WEBSITE } from "../../support/service";
import { automationsSnapshot, webhookSetup } from "./webhook-fixtures";

const TARGET = "https://hooks.zapier.com/hooks/standard/1234/abcd/";
const add = (...segments: string[]) => ({ overwrite: false as const, segments, remove: [] });

describe("REST API: Zapier's REST hooks", () => {
  it("subscribes with {target_url, event}, answering 201 and a bare {id} that Zapier keeps for the unsubscribe", async () => {
    const { call, store } = webhookSetup();
    const subscribed = await call("POST", "subscriptions", {
      target_url: TARGET,
      event: "session:set_segments",
      segments: ["bug"],
    });
    expect(subscribed.status).toBe(201);
    const id = (subscribed.body as unknown as { id: string }).id;
    expect(subscribed.body).toEqual({ id, target_url: TARGET, event: "session:set_segments", segments: ["bug"] });
    // An endpoint like any other: listed, filtered, with a secret of its own that is never told.
    const [endpoint] = await store.listEndpoints(WEBSITE);
    expect(endpoint).toMatchObject({
      endpointId: id,
      url: TARGET,
      events: ["session:set_segments"],
      segments: ["bug"],
    });
    expect(endpoint?.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(subscribed.body)).not.toContain(String(endpoint?.secret));
    expect((await call("GET", "webhooks")).body?.data).toMatchObject([{ endpoint_id: id }]);
    await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
    await store.applyChange(WEBSITE, SESSION, 2, add("bug"));
    expect(await store.listDeliveries(WEBSITE, { page: 1, perPage: 10 })).toHaveLength(1);

    const unsubscribed = await call("DELETE", `subscription/${id}`);
    expect([unsubscribed.status, unsubscribed.body]).toEqual([200, { id }]);
    expect(await store.listEndpoints(WEBSITE)).toEqual([]);
    const again = await call("DELETE", `subscription/${id}`);
    expect([again.status, again.body?.reason]).toEqual([404, "webhook_not_found"]);
  });

  it("subscribes to every event when none is named", async () => {
    const { call, store } = webhookSetup();
    const subscribed = await call("POST", "subscriptions", { target_url: TARGET });
    expect(subscribed.body).toMatchObject({ event: null, segments: [] });
    expect((await store.listEndpoints(WEBSITE))[0]?.events).toEqual([]);
  });

  it.each<[string, unknown, string, RegExp]>([
    [
      "no target_url",
      { event: "session:set_segments" },
      "invalid_request",
      /^target_url is undefined; expected an http/,
    ],
    ["a target_url that is not http(s)", { target_url: "javascript:alert(1)" }, "invalid_request", /^target_url is/],
    [
      "an unknown event",
      { target_url: TARGET, event: "new_segment" },
      "invalid_request",
      /^event is "new_segment"; expected "session:set_segments" or "people:set_segments", or none for both$/,
    ],
    ["a bad segment filter", { target_url: TARGET, segments: [""] }, "invalid_segments", /segments/],
  ])("refuses %s with 400 in the envelope, subscribing nothing", async (_name, body, reason, message) => {
    const { call, store } = webhookSetup();
    const before = await automationsSnapshot(store);
    const refused = await call("POST", "subscriptions", body);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: true, reason, data: { message: expect.stringMatching(message) } });
    expect(await automationsSnapshot(store)).toEqual(before);
  });

  it("answers a sample of recent webhooks as delivered, newest first, by event and by segment", async () => {
    const { call, store, clock } = webhookSetup();
    await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
    clock.now += 1_000;
    await store.applyChange(WEBSITE, OTHER_SESSION, 1, add("bug", "vip"));
    clock.now += 1_000;
    const contact = await store.createContact(WEBSITE, { email: "jane@example.com", segments: ["bug"] });
    const sample = await call("GET", "subscriptions/sample?event=session:set_segments");
    expect(sample.status).toBe(200);
    expect(sample.body).toEqual([
      {
        website_id: WEBSITE,
        event: "session:set_segments",
        id: `sample_${OTHER_SESSION}`,
        data: {
          website_id: WEBSITE,
          session_id: OTHER_SESSION,
          inbox_id: null,
          segments: ["bug", "vip"],
          added: ["bug", "vip"],
          removed: [],
        },
        timestamp: clock.now - 1_000,
      },
      expect.objectContaining({ data: expect.objectContaining({ session_id: SESSION }) }),
    ]);
    const bugs = (await call("GET", "subscriptions/sample?segment=bug")).body as unknown as Array<{ event: string }>;
    expect(bugs.map((body) => body.event)).toEqual(["people:set_segments", "session:set_segments"]);
    expect(bugs[0]).toMatchObject({
      data: { people_id: contact.reason === "updated" ? contact.contact.peopleId : "" },
    });
  });

  it("answers an example when the website has nothing to show yet, so that a Zap can still be mapped", async () => {
    const { call, clock } = webhookSetup();
    const sample = await call("GET", "subscriptions/sample?event=people:set_segments&segment=billing");
    expect(sample.body).toEqual([
      {
        website_id: WEBSITE,
        event: "people:set_segments",
        id: "sample_00000000-0000-4000-8000-000000000000",
        data: {
          website_id: WEBSITE,
          people_id: "00000000-0000-4000-8000-000000000000",
          segments: ["billing"],
          added: ["billing"],
          removed: [],
        },
        timestamp: clock.now,
      },
    ]);
    const refused = await call("GET", "subscriptions/sample?event=user_created");
    expect([refused.status, refused.body?.reason]).toEqual([400, "invalid_request"]);
  });
});
