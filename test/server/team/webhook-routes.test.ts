// @vitest-environment node
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF } from "../../../src/server/automations/backoff";
import { settle } from "../../../src/server/automations/delivery-outcome";
import { MAX_ENDPOINTS } from "../../../src/server/team/webhook-routes";
import { SESSION, WEBSITE } from "../../support/service";
import { automationsSnapshot, listOf, webhookSetup } from "./webhook-fixtures";

const URL_ = "https://hooks.example/segments";
const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const DAY = 24 * 3_600_000;
const add = (...segments: string[]) => ({ overwrite: false as const, segments, remove: [] });

async function withEndpoint(body: Record<string, unknown> = { url: URL_ }) {
  const context = webhookSetup();
  const created = await context.call("POST", "webhook", body);
  return { ...context, created, endpointId: String(created.body?.data.endpoint_id) };
}

describe("REST API: webhook endpoints", () => {
  it("creates an endpoint and tells its whsec_ secret once; the list and the read never do", async () => {
    const { created, endpointId, call, clock } = await withEndpoint({ url: URL_, events: ["session:set_segments"] });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      error: false,
      reason: "added",
      data: {
        endpoint_id: endpointId,
        url: URL_,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+={0,2}$/),
        events: ["session:set_segments"],
        segments: [],
        enabled: true,
        disabled_reason: null,
        created_at: clock.now,
      },
    });
    // The secret is a working Standard Webhooks key.
    const { secret, ...withoutSecret } = created.body?.data ?? {};
    expect(() => new Webhook(String(secret)).sign("msg_1", new Date(), "{}")).not.toThrow();
    const listed = await call("GET", "webhooks");
    expect(listed.body?.data).toEqual([withoutSecret]);
    const read = await call("GET", `webhook/${endpointId}`);
    expect(read.body?.data).not.toHaveProperty("secret");
    expect(JSON.stringify([listed.body, read.body])).not.toContain(String(secret));
  });

  it("keeps a secret given, and filters by event and by segment added", async () => {
    const { created, call, store } = await withEndpoint({ url: URL_, secret: SECRET, segments: ["bug"] });
    expect(created.body?.data.secret).toBe(SECRET);
    expect((await store.listEndpoints(WEBSITE))[0]?.secret).toBe(SECRET);
    await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
    expect((await call("GET", "webhooks/deliveries/1")).body?.data).toEqual([]);
    await store.applyChange(WEBSITE, SESSION, 2, add("bug"));
    const deliveries = await call("GET", "webhooks/deliveries/1");
    expect(deliveries.body?.data).toMatchObject([{ event: "session:set_segments", state: "pending", attempts: 0 }]);
  });

  it.each<[string, unknown, number, RegExp]>([
    ["an ftp URL", { url: "ftp://hooks.example/" }, 400, /^url is "ftp:\/\/hooks.example\/"; expected an http/],
    ["no URL", { events: [] }, 400, /^url is undefined; expected an http:\/\/ or https:\/\/ URL/],
    ["a secret not in whsec_ form", { url: URL_, secret: "hunter2" }, 400, /^secret is not whsec_/],
    ["an unknown event", { url: URL_, events: ["message:send"] }, 400, /^events\[0\] is "message:send"/],
    ["a segment filter that is not a list", { url: URL_, segments: "bug" }, 400, /segments/],
    ["a body that is not JSON", "{url", 400, /not valid JSON/],
  ])("refuses %s with %i, changing nothing", async (_name, body, status, message) => {
    const { call, store } = webhookSetup();
    const before = await automationsSnapshot(store);
    const refused = await call("POST", "webhook", body);
    expect(refused.status).toBe(status);
    expect(refused.body).toMatchObject({ error: true, data: { message: expect.stringMatching(message) } });
    expect(await automationsSnapshot(store)).toEqual(before);
  });

  it("refuses a website's endpoint past the 100th, keeping the 100", async () => {
    const { call, store } = webhookSetup();
    for (let index = 0; index < MAX_ENDPOINTS; index++)
      await store.createEndpoint(WEBSITE, { url: `${URL_}/${index}` });
    const refused = await call("POST", "webhook", { url: URL_ });
    expect([refused.status, refused.body?.data.message]).toEqual([
      400,
      "this website has 100 webhook endpoints already: delete one first",
    ]);
    expect((await call("POST", "subscriptions", { target_url: URL_ })).status).toBe(400);
    expect(await store.listEndpoints(WEBSITE)).toHaveLength(MAX_ENDPOINTS);
  });

  it("disables and enables an endpoint: its pending deliveries wait, and changes meanwhile are not kept for it", async () => {
    const { endpointId, call, store } = await withEndpoint();
    await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
    const disabled = await call("PATCH", `webhook/${endpointId}`, { enabled: false });
    expect(disabled.body).toMatchObject({ reason: "updated", data: { endpoint_id: endpointId, enabled: false } });
    expect(await store.nextDeliveryAt()).toBeUndefined();
    await store.applyChange(WEBSITE, SESSION, 2, add("vip"));
    await call("PATCH", `webhook/${endpointId}`, { enabled: true });
    expect(await store.nextDeliveryAt()).toBeDefined();
    expect((await call("GET", "webhooks/deliveries/1")).body?.data).toHaveLength(1);
    const bad = await call("PATCH", `webhook/${endpointId}`, { enabled: "no" });
    expect(bad.status).toBe(400);
    expect(bad.body?.data.message).toBe('enabled is "no"; expected true or false');
    expect((await store.listEndpoints(WEBSITE))[0]?.enabled).toBe(true);
  });

  it("deletes an endpoint with its deliveries; an unknown one is 404 and a malformed id 400", async () => {
    const { endpointId, call, store } = await withEndpoint();
    await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
    expect((await call("DELETE", `webhook/${endpointId}`)).body).toEqual({ error: false, reason: "deleted", data: {} });
    expect(await store.listEndpoints(WEBSITE)).toEqual([]);
    expect((await call("GET", "webhooks/deliveries/1")).body?.data).toEqual([]);
    const again = await call("DELETE", `webhook/${endpointId}`);
    expect([again.status, again.body?.reason]).toEqual([404, "webhook_not_found"]);
    expect((await call("PATCH", `webhook/${UNKNOWN}`, { enabled: true })).status).toBe(404);
    const malformed = await call("GET", "webhook/not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body?.data.message).toMatch(/^the endpoint_id is "not-a-uuid"; expected a lowercase UUID/);
  });

  it("refuses to delete an endpoint that rules send to (409, naming them), by either route, until they no longer do", async () => {
    const { endpointId, call, store } = await withEndpoint();
    const triage = { do: "add_segments", segments: ["triaged"] };
    const send = { do: "send_webhook", endpoint: endpointId };
    const rules = (...list: Array<[string, unknown[]]>) => ({
      rules: list.map(([id, then]) => ({ id, when: { on: "segment_added", segment: "bug" }, then })),
    });
    expect(
      (await call("PUT", "rules", rules(["escalate", [triage, send]], ["quiet", [triage]], ["notify", [send]]))).status,
    ).toBe(200);
    const before = await automationsSnapshot(store);
    for (const path of [`webhook/${endpointId}`, `subscription/${endpointId}`]) {
      const refused = await call("DELETE", path);
      expect([refused.status, refused.body?.reason, refused.body?.data.message]).toEqual([
        409,
        "webhook_in_use",
        'rules "escalate", "notify" send to this endpoint: remove the send_webhook action (PUT rules) or delete the rule first',
      ]);
    }
    expect(await automationsSnapshot(store)).toEqual(before);
    await call("DELETE", "rule/escalate");
    const one = await call("DELETE", `webhook/${endpointId}`);
    expect(one.body?.data.message).toBe(
      'rule "notify" sends to this endpoint: remove the send_webhook action (PUT rules) or delete the rule first',
    );
    await call("PUT", "rules", rules(["quiet", [triage]], ["notify", [triage]]));
    expect((await call("DELETE", `webhook/${endpointId}`)).body?.reason).toBe("deleted");
    expect(await store.listEndpoints(WEBSITE)).toEqual([]);
  });
});

describe("REST API: deliveries and replays", () => {
  /** Two endpoints; three changes; each delivery of the first endpoint failed for good (tried for a day). */
  async function withFailures() {
    const context = await withEndpoint();
    const second = await context.call("POST", "webhook", { url: "https://second.example/" });
    for (let revision = 1; revision <= 3; revision++) {
      await context.store.applyChange(WEBSITE, SESSION, revision, add(`s${revision}`));
    }
    const claimed = await context.store.claimDeliveries({
      now: context.clock.now,
      limit: 10,
      leaseMs: 1_000,
      claim: "c",
    });
    const late = context.clock.now + DAY + 1;
    for (const delivery of claimed) {
      const status = delivery.endpointId === context.endpointId ? 500 : 200;
      await context.store.settleDelivery(delivery, settle({ status }, delivery, late, DEFAULT_BACKOFF, 0), late);
    }
    return { ...context, secondId: String(second.body?.data.endpoint_id) };
  }

  it("lists deliveries newest first, by state and by endpoint, in the REST API's shape", async () => {
    const { call, endpointId, secondId } = await withFailures();
    const failed = await call("GET", "webhooks/deliveries/1?state=failed");
    expect(failed.body?.data).toHaveLength(3);
    expect(failed.body?.data[0]).toEqual({
      delivery_id: expect.any(String),
      event_id: expect.any(String),
      event: "session:set_segments",
      endpoint_id: endpointId,
      state: "failed",
      attempts: 1,
      started_at: expect.any(Number),
      next_attempt_at: expect.any(Number),
      last_status: 500,
      last_error: null,
      created_at: expect.any(Number),
    });
    const delivered = await call("GET", `webhooks/deliveries/1?endpoint_id=${secondId}`);
    expect(listOf<{ state: string }>(delivered).map((d) => d.state)).toEqual(["delivered", "delivered", "delivered"]);
    expect((await call("GET", "webhooks/deliveries/1?state=pending")).body?.data).toEqual([]);
    for (const query of ["?state=lost", `?endpoint_id=${endpointId.toUpperCase()}`]) {
      expect((await call("GET", `webhooks/deliveries/1${query}`)).status).toBe(400);
    }
    expect((await call("GET", "webhooks/deliveries/0")).status).toBe(400);
  });

  it("replays one failed delivery, then all of an endpoint's, due at once", async () => {
    const { call, store, endpointId, clock } = await withFailures();
    const [newest] = listOf<{ delivery_id: string }>(await call("GET", "webhooks/deliveries/1?state=failed"));
    const one = await call("POST", "webhooks/replay", { delivery_id: newest?.delivery_id });
    expect(one.body).toEqual({ error: false, reason: "replayed", data: { replayed: 1 } });
    expect((await call("GET", "webhooks/deliveries/1?state=pending")).body?.data).toMatchObject([
      { delivery_id: newest?.delivery_id, attempts: 0 },
    ]);
    expect(await store.nextDeliveryAt()).toBeLessThanOrEqual(clock.now);
    expect((await call("POST", "webhooks/replay", { endpoint_id: endpointId })).body?.data).toEqual({ replayed: 2 });
    expect((await call("POST", "webhooks/replay", { all: true })).body?.data).toEqual({ replayed: 0 });
  });

  it.each<[string, unknown, number, RegExp]>([
    ["an empty body", {}, 400, /names none of them; expected one of/],
    ["two targets", { all: true, endpoint_id: UNKNOWN }, 400, /names endpoint_id and all/],
    ["all: false", { all: false }, 400, /^all is false; expected true/],
    ["a malformed delivery id", { delivery_id: 7 }, 400, /^delivery_id is 7; expected a lowercase UUID/],
    ["an unknown endpoint", { endpoint_id: UNKNOWN }, 404, /no webhook endpoint with that endpoint_id/],
  ])("refuses a replay of %s, replaying nothing", async (_name, body, status, message) => {
    const { call, store } = await withFailures();
    const before = await automationsSnapshot(store);
    const refused = await call("POST", "webhooks/replay", body);
    expect([refused.status, refused.body?.data.message]).toEqual([status, expect.stringMatching(message)]);
    expect(await automationsSnapshot(store)).toEqual(before);
  });
});

describe("REST API: who may use the webhooks", () => {
  it.each<[string, string, unknown?]>([
    ["GET", "webhooks"],
    ["POST", "webhook", { url: URL_ }],
    ["GET", `webhook/${UNKNOWN}`],
    ["PATCH", `webhook/${UNKNOWN}`, { enabled: false }],
    ["DELETE", `webhook/${UNKNOWN}`],
    ["GET", "webhooks/deliveries/1"],
    ["POST", "webhooks/replay", { all: true }],
    ["POST", "subscriptions", { target_url: URL_ }],
    ["DELETE", `subscription/${UNKNOWN}`],
    ["GET", "subscriptions/sample"],
  ])(
    "%s …/%s: 401 without a key, 403 with a key not allowed on the website, nothing changed",
    async (method, path, body) => {
      const { refusals, store } = await withEndpoint();
      const before = await automationsSnapshot(store);
      expect(await refusals(method, path, body)).toEqual([401, 403]);
      expect(await automationsSnapshot(store)).toEqual(before);
    },
  );

  it("answers 405 naming the methods, and 404 with how to turn the REST API on when it is off", async () => {
    const { call } = webhookSetup();
    const wrong = await call("PUT", "webhooks");
    expect([wrong.status, wrong.headers.get("Allow")]).toEqual([405, "GET"]);
    const { handler } = (await import("../../support/service")).setup({ operators: [] });
    const off = await handler(new Request("http://service.test/v1/website/demo-website/webhooks"));
    expect(off.status).toBe(404);
    expect(await off.text()).toContain("the REST API is off");
  });
});
