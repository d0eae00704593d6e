// @vitest-environment node
// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
/**
 * The rule routes: the list as stored in every answer, in order; PUT replaces it (how rules are reordered), POST
 * appends, DELETE removes; a refusal answers the checker's one line and changes nothing; operators only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulePaths } from "../../../src/server/team/rule-routes";
import { answer, restRequest, restUrl, setup } from "../../support/service";

const rule = (id: string, segment: string, add = "triaged") => ({
  id,
  when: { on: "segment_added", segment },
  then: [{ do: "add_segments", segments: [add] }],
});
const stored = (given: ReturnType<typeof rule>) => ({ ...given, enabled: true });

function service() {
  const { handler, store } = setup();
  const call = async (method: string, path: string, body?: unknown) =>
    answer(await handler(restRequest(method, path, body)));
  return { handler, store, call };
}

describe("the rule routes", () => {
  it("GET answers [] for a website without rules, then the list PUT, in its order", async () => {
    const { call } = service();
    expect((await call("GET", "rules")).body?.data).toEqual([]);
    const put = await call("PUT", "rules", { rules: [rule("b", "bug"), rule("a", "vip")] });
    expect(put.status).toBe(200);
    expect(put.body?.data).toEqual([stored(rule("b", "bug")), stored(rule("a", "vip"))]);
    await call("PUT", "rules", { rules: [rule("a", "vip"), rule("b", "bug")] });
    expect((await call("GET", "rules")).body?.data).toEqual([stored(rule("a", "vip")), stored(rule("b", "bug"))]);
  });

  it("POST appends a rule (it runs last); DELETE removes one; both answer the list left", async () => {
    const { call } = service();
    await call("POST", "rules", rule("a", "vip"));
    const added = await call("POST", "rules", rule("b", "bug"));
    expect(added.body).toMatchObject({ error: false, reason: "added" });
    expect(added.body?.data).toEqual([stored(rule("a", "vip")), stored(rule("b", "bug"))]);
    const deleted = await call("DELETE", "rule/a");
    expect(deleted.body?.data).toEqual([stored(rule("b", "bug"))]);
    const missing = await call("DELETE", "rule/a");
    expect(missing.status).toBe(404);
    expect(missing.body?.data.message).toBe('no rule of this website has the id "a"');
  });

  it("refuses a bad list, an unknown endpoint, a taken id and a 101st rule with one line, changing nothing", async () => {
    const { call, store } = service();
    const endpoint = await store.createEndpoint("demo-website", { url: "https://hooks.example/a" });
    await call("PUT", "rules", { rules: [rule("a", "vip")] });
    const before = (await call("GET", "rules")).body?.data;
    const send = (id: string) => ({ ...rule("s", "bug"), then: [{ do: "send_webhook", endpoint: id }] });
    const refusals: Array<[string, string, unknown, string]> = [
      ["PUT", "rules", { rules: [rule("x", "bug"), rule("x", "vip")] }, "rules[1].id is"],
      [
        "PUT",
        "rules",
        { rules: [{ ...rule("x", "bug"), then: [] }] },
        "rules[0].then is []; expected an array of 1 to",
      ],
      ["PUT", "rules", { rules: [send("nope")] }, 'rules[0].then[0].endpoint is "nope"; expected the id of one'],
      ["PUT", "rules", { list: [] }, "rules is undefined; expected an array of at most 100 rules"],
      ["POST", "rules", rule("a", "bug"), 'id is "a"; expected an id no other rule of the website has'],
      ["POST", "rules", { ...rule("y", "bug"), when: { on: "sometimes" } }, 'when.on is "sometimes"; expected one of'],
    ];
    for (const [method, path, body, message] of refusals) {
      const refused = await call(method, path, body);
      expect(refused.status, message).toBe(400);
      expect(refused.body).toMatchObject({ error: true, reason: "invalid_request" });
      expect(String(refused.body?.data.message)).toContain(message);
    }
    expect((await call("GET", "rules")).body?.data).toEqual(before);
    expect((await call("POST", "rules", send(endpoint.endpointId))).status).toBe(200);
    const full = Array.from({ length: 100 }, (_, index) => rule(`r${index}`, "bug"));
    await call("PUT", "rules", { rules: full });
    const tooMany = await call("POST", "rules", rule("r100", "bug"));
    expect(tooMany.body?.data.message).toBe("the website has 100 rules, the most it may have; delete one first");
    expect((await call("GET", "rules")).body?.data).toHaveLength(100);
  });

  it("answers 401 without an operator's key, and 405 naming the methods for another", async () => {
    const { handler, call } = service();
    expect((await handler(new Request(restUrl("rules")))).status).toBe(401);
    const patched = await call("PATCH", "rules", { rules: [] });
    expect(patched.status).toBe(405);
    expect(patched.headers.get("Allow")).toBe("GET, PUT, POST");
  });
});

describe("docs/rest-api.md", () => {
  const docs = readFileSync(join(import.meta.dirname, "../../../docs/rest-api.md"), "utf8");
  const table = docs.slice(docs.indexOf("## Routes"), docs.indexOf("## Conversations"));
  it.each(Object.entries(rulePaths("")))("lists the %s route in its table", (_name, path) => {
    const written = path.replace("/v1/website/:website/", "").replace(":rule", "{rule_id}");
    expect(table).toMatch(new RegExp(`\\| \`${written.replaceAll(/[{}]/g, "\\$&")}\``));
  });
});
