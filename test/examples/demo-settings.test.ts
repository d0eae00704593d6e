import { describe, expect, it, vi } from "vitest";
import { settingsFromEnv } from "../../examples/demo-settings.mjs";

// The settings check a webhook secret with the service's own rule, from the built bundle: here, the sources.
vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const SECRET = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;

describe("demo settings from the environment", () => {
  it("has defaults for everything", () => {
    expect(settingsFromEnv({})).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      websites: ["demo-website"],
      origins: [],
      hosts: [],
      operator: undefined,
      webhook: undefined,
    });
  });

  it("reads the webhook's URL, alone or with its secret", () => {
    const url = "http://127.0.0.1:8790/";
    expect(settingsFromEnv({ SEGMENTS_WEBHOOK_URL: url }).webhook).toEqual({ url });
    expect(settingsFromEnv({ SEGMENTS_WEBHOOK_URL: url, SEGMENTS_WEBHOOK_SECRET: SECRET }).webhook).toEqual({
      url,
      secret: SECRET,
    });
  });

  it("reads lists separated by commas, and * as any origin", () => {
    const settings = settingsFromEnv({
      PORT: "9000",
      SEGMENTS_WEBSITES: "shop, blog",
      SEGMENTS_ORIGINS: "http://localhost:3000, https://shop.example/",
      SEGMENTS_HOSTS: "Demo.test:8080",
    });
    expect(settings).toMatchObject({
      port: 9000,
      websites: ["shop", "blog"],
      origins: ["http://localhost:3000", "https://shop.example"],
      hosts: ["demo.test:8080"],
    });
    expect(settingsFromEnv({ SEGMENTS_ORIGINS: "*" }).origins).toEqual(["*"]);
    expect(settingsFromEnv({ PORT: "0" }).port).toBe(0);
  });

  it("reads the operator's identifier and key together", () => {
    const env = { SEGMENTS_OPERATOR_IDENTIFIER: "backend", SEGMENTS_OPERATOR_KEY: "k".repeat(16) };
    expect(settingsFromEnv(env).operator).toEqual({ identifier: "backend", key: "k".repeat(16) });
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ PORT: "" }, /^PORT is empty: set it to a port number from 1 to 65535, or unset it for 8787$/],
    [{ PORT: "80a" }, /^PORT is "80a": set it to a port number from 1 to 65535/],
    [{ PORT: "70000" }, /^PORT is "70000": /],
    [
      { SEGMENTS_OPERATOR_IDENTIFIER: "me", SEGMENTS_OPERATOR_KEY: "short" },
      /^SEGMENTS_OPERATOR_KEY is 5 characters long: use at least 16, e\.g\. \$\(openssl rand -hex 16\)$/,
    ],
    [
      { SEGMENTS_OPERATOR_KEY: "k".repeat(16) },
      /^SEGMENTS_OPERATOR_KEY is set without SEGMENTS_OPERATOR_IDENTIFIER: set both, or neither$/,
    ],
    [
      { SEGMENTS_OPERATOR_IDENTIFIER: "me" },
      /^SEGMENTS_OPERATOR_IDENTIFIER is set without SEGMENTS_OPERATOR_KEY: set both/,
    ],
    [
      { SEGMENTS_OPERATOR_IDENTIFIER: "me:you", SEGMENTS_OPERATOR_KEY: "k".repeat(16) },
      /^SEGMENTS_OPERATOR_IDENTIFIER is "me:you": use 1 to 128 printable ASCII characters without ":" or spaces$/,
    ],
    [{ SEGMENTS_WEBSITES: "shop,bad id" }, /^SEGMENTS_WEBSITES has "bad id": a website id is 1 to 64 of/],
    [{ SEGMENTS_WEBSITES: " , " }, /^SEGMENTS_WEBSITES is empty: /],
    [{ SEGMENTS_ORIGINS: "localhost:3000" }, /^SEGMENTS_ORIGINS has "localhost:3000": an origin is scheme:\/\/host/],
    [{ SEGMENTS_ORIGINS: "http://shop.example/path" }, /^SEGMENTS_ORIGINS has "http:\/\/shop.example\/path"/],
    [{ SEGMENTS_HOSTS: "http://demo.test" }, /^SEGMENTS_HOSTS has "http:\/\/demo.test": a host is a name/],
    [
      { SEGMENTS_WEBHOOK_URL: "127.0.0.1:8790" },
      /^SEGMENTS_WEBHOOK_URL is "127.0.0.1:8790": use an http:\/\/ or https:\/\/ URL, e\.g\. http:\/\/127.0.0.1:8790\/$/,
    ],
    [{ SEGMENTS_WEBHOOK_URL: "ftp://hooks.example/" }, /^SEGMENTS_WEBHOOK_URL is "ftp:\/\/hooks.example\/"/],
    [
      { SEGMENTS_WEBHOOK_URL: "http://127.0.0.1:8790/", SEGMENTS_WEBHOOK_SECRET: "hunter2" },
      /^SEGMENTS_WEBHOOK_SECRET is not whsec_ and the base64 of 24 to 64 bytes: e\.g\. whsec_\$\(openssl rand -base64 32\)/,
    ],
    [
      { SEGMENTS_WEBHOOK_URL: "http://127.0.0.1:8790/", SEGMENTS_WEBHOOK_SECRET: "whsec_c2hvcnQ=" },
      /^SEGMENTS_WEBHOOK_SECRET is not whsec_/,
    ],
    [{ SEGMENTS_WEBHOOK_SECRET: SECRET }, /^SEGMENTS_WEBHOOK_SECRET is set without SEGMENTS_WEBHOOK_URL/],
  ])("refuses %o in one line that names the value and the fix", (env, message) => {
    expect(() => settingsFromEnv(env)).toThrow(message);
  });
});
