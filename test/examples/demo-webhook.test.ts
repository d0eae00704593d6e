// @vitest-environment node
import { describe, expect, it } from "vitest";
import { demoWebhook, webhookLines } from "../../examples/demo-webhook.mjs";
import { newSecret } from "../../src/server/automations/endpoints";
import { createMemoryStore } from "../../src/server/storage/memory-store";

const WEBSITE = "demo-website";
const URL_ = "http://127.0.0.1:8790/";

describe("the demo's webhook (SEGMENTS_WEBHOOK_URL, SEGMENTS_WEBHOOK_SECRET)", () => {
  it("makes a secret when none is given, prints it, and reuses the endpoint at the next start", async () => {
    const store = createMemoryStore();
    const made = await demoWebhook(store, WEBSITE, { url: URL_ });
    expect(made).toMatchObject({ url: URL_, secret: expect.stringMatching(/^whsec_/), source: "generated" });
    expect(webhookLines(made).join("\n")).toContain(`${made.secret} (made at this start`);
    const again = await demoWebhook(store, WEBSITE, { url: URL_ });
    expect(again).toEqual({ ...made, source: "stored" });
    expect(webhookLines(again).join("\n")).toContain(`${made.secret} (kept from an earlier start`);
    expect(await store.listEndpoints(WEBSITE)).toHaveLength(1);
  });

  it("keeps an endpoint whose secret is the one given, and replaces one whose secret changed", async () => {
    const store = createMemoryStore();
    const secret = newSecret();
    const first = await demoWebhook(store, WEBSITE, { url: URL_, secret });
    expect(await demoWebhook(store, WEBSITE, { url: URL_, secret })).toEqual(first);
    expect(webhookLines(first).join("\n")).not.toContain(secret);
    const other = newSecret();
    const replaced = await demoWebhook(store, WEBSITE, { url: URL_, secret: other });
    expect(replaced.endpointId).not.toBe(first.endpointId);
    expect((await store.listEndpoints(WEBSITE)).map((endpoint) => endpoint.secret)).toEqual([other]);
  });

  it("enables again an endpoint that was disabled meanwhile", async () => {
    const store = createMemoryStore();
    const made = await demoWebhook(store, WEBSITE, { url: URL_ });
    await store.setEndpointEnabled(WEBSITE, made.endpointId, false);
    await demoWebhook(store, WEBSITE, { url: URL_ });
    expect((await store.listEndpoints(WEBSITE))[0]?.enabled).toBe(true);
  });
});
