import { describe, expect, it } from "vitest";
import {
  checkEndpoint,
  isSecret,
  makeEndpoint,
  newSecret,
  wantsEvent,
} from "../../../src/server/automations/endpoints";

describe("webhook endpoints", () => {
  it("accepts an http(s) URL with optional secret, events and segments, normalising the filters", () => {
    const secret = newSecret();
    expect(
      checkEndpoint({
        url: "https://hooks.example/x",
        secret,
        events: ["session:set_segments", "session:set_segments"],
        segments: [" bug ", "bug"],
        extra: 1,
      }),
    ).toEqual({
      ok: true,
      endpoint: { url: "https://hooks.example/x", secret, events: ["session:set_segments"], segments: ["bug"] },
    });
  });

  it.each([
    [null, "endpoint", /not an object/],
    [{ url: "ftp://hooks.example" }, "url", /ftp:\/\/hooks.example.*http:\/\/ or https:\/\//],
    [{ url: "not a url" }, "url", /expected an http/],
    [{ url: "https://h.example", secret: "shh" }, "secret", /whsec_ and the base64 of 24 to 64 bytes/],
    [{ url: "https://h.example", events: ["session:set_email"] }, "events", /events\[0\] is "session:set_email"/],
    [{ url: "https://h.example", events: "people:set_segments" }, "events", /expected an array/],
    [{ url: "https://h.example", segments: [""] }, "segments", /segments\[0\]/],
    [{ url: "https://h.example", enabled: "yes" }, "enabled", /true or false/],
  ])("refuses %j, naming %s", (value, field, message) => {
    const check = checkEndpoint(value);
    expect(check).toMatchObject({ ok: false, field });
    expect(check.ok ? "" : check.message).toMatch(message);
  });

  it("makes secrets of the Standard Webhooks form, and tells them from others", () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(isSecret(secret)).toBe(true);
    expect(isSecret(`whsec_${Buffer.alloc(16).toString("base64")}`)).toBe(false);
    expect(isSecret(secret.slice(6))).toBe(false);
    expect(makeEndpoint({ url: "https://h.example" }, "id", 5).secret).toMatch(/^whsec_/);
  });

  it("wants the events it names, and only changes that add a segment it names", () => {
    const endpoint = { enabled: true, events: [], segments: [] };
    expect(wantsEvent(endpoint, "people:set_segments", [])).toBe(true);
    expect(wantsEvent({ ...endpoint, enabled: false }, "people:set_segments", ["bug"])).toBe(false);
    const sessions = { ...endpoint, events: ["session:set_segments" as const] };
    expect(wantsEvent(sessions, "people:set_segments", [])).toBe(false);
    expect(wantsEvent(sessions, "session:set_segments", [])).toBe(true);
    const bugs = { ...endpoint, segments: ["bug", "crash"] };
    expect(wantsEvent(bugs, "session:set_segments", ["lead", "crash"])).toBe(true);
    expect(wantsEvent(bugs, "session:set_segments", ["lead"])).toBe(false);
  });
});
