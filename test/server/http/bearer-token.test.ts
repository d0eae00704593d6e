// @vitest-environment node
import { describe, expect, it } from "vitest";
import { hasBearerToken } from "../../../src/server/http/bearer-token";

const TOKEN = "operator-token-0123456789";

describe("the operators' bearer token", () => {
  it.each([
    ["the token", `Bearer ${TOKEN}`],
    ["the scheme in any case (RFC 9110 §11.1)", `bEARER ${TOKEN}`],
    ["several spaces after the scheme (RFC 9110: 1*SP)", `Bearer   ${TOKEN}`],
  ])("accepts %s", (_name, header) => {
    expect(hasBearerToken(header, TOKEN)).toBe(true);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["the scheme alone", "Bearer "],
    ["the token alone", TOKEN],
    ["the token without a space", `Bearer${TOKEN}`],
    ["another scheme", `Basic ${TOKEN}`],
    ["a scheme that ends in Bearer", `XBearer ${TOKEN}`],
    ["Bearer after another scheme", `Basic Bearer ${TOKEN}`],
    ["a token of the same length", `Bearer ${TOKEN.slice(0, -1)}0`],
    ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
    ["the token and more", `Bearer ${TOKEN}0`],
    ["the token twice", `Bearer ${TOKEN} ${TOKEN}`],
  ])("refuses %s", (_name, header) => {
    expect(hasBearerToken(header, TOKEN)).toBe(false);
  });
});
