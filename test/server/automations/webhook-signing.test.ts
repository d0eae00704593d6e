// @vitest-environment node
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newSecret } from "../../../src/server/automations/endpoints";
import { signedHeaders } from "../../../src/server/automations/webhook-signing";

describe("webhook signing", () => {
  it("signs id.timestamp.body so that standardwebhooks' verify accepts it, and nothing altered", () => {
    const secret = newSecret();
    const body = JSON.stringify({ website_id: "w", event: "session:set_segments", data: {}, timestamp: 1 });
    const headers = signedHeaders(secret, "evt-1", body, Date.now());
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow(/signature/);
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "evt-2" })).toThrow(/signature/);
    expect(() => new Webhook(newSecret()).verify(body, { ...headers })).toThrow(/signature/);
  });

  it("stamps the attempt's time in seconds, which receivers check against their clock", () => {
    const headers = signedHeaders(newSecret(), "evt-1", "{}", 1_700_000_000_999);
    expect(headers["webhook-timestamp"]).toBe("1700000000");
  });
});
