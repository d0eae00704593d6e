/** What an integrator meets first, in Chromium: configuration errors, operator changes, the synced event, refusals. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectList, launchChromium, snippetPage, startTestService, type TestService, waitFor } from "./harness";

let browser: Browser;
let service: TestService;

beforeAll(async () => {
  [browser, service] = await Promise.all([launchChromium(), startTestService()]);
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});

type Recorded = { __errors: string[]; __changed: string[][]; __synced: string[]; __loaded: string | null };
const recorded = <K extends keyof Recorded>(page: Page, key: K): Promise<Recorded[K]> =>
  page.evaluate((name) => (window as unknown as Recorded)[name], key) as Promise<Recorded[K]>;

/** Listeners queued with the snippet, before the script loads. */
const LISTENERS = `window.__changed = []; window.__synced = [];
$crisp.push(["on", "session:segments:changed", function (list) { window.__changed.push(list); }]);
$crisp.push(["on", "session:synced", function (id) { window.__synced.push(id); }]);`;

async function open(path: string, html: string): Promise<Page> {
  service.pages.set(path, html);
  const page = await browser.newPage();
  await page.goto(`${service.url}${path}`);
  await page.waitForFunction(() => (window as unknown as Recorded).__loaded !== null);
  return page;
}

describe("a bad configuration", () => {
  it.each([
    ["a missing website id", "", "websiteId"],
    ["an endpoint without its scheme", "127.0.0.1:8787", "endpoint"],
  ])("%s reaches the queued error listener once, and nothing is sent", async (_what, value, position) => {
    const before = service.requests.length;
    const settings =
      position === "endpoint"
        ? `window.CRISP_RUNTIME_CONFIG = { endpoint: ${JSON.stringify(value)} };`
        : `window.CRISP_WEBSITE_ID = ${JSON.stringify(value)};`;
    const page = await open(`/bad-${position}`, snippetPage({ before: settings }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const errors = await recorded(page, "__errors");
    expect(errors, JSON.stringify(errors)).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^invalid_configuration: .*${value === "" ? "website id" : "127\\.0\\.0\\.1:8787"}`),
    );
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["local"]]]));
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["local"]);
    expect(service.requests.length).toBe(before);
    await page.close();
  });
});

describe("operator changes reach an open page", () => {
  it("on focus and on becoming visible again, the page reads its session: the list and the event follow", async () => {
    const page = await open("/operator", snippetPage({ before: LISTENERS }));
    const sessionId = await page.evaluate(() => $crisp.get("session:identifier") as string);
    const gets = () => service.requestsOf(sessionId).filter((request) => request.method === "GET");
    await waitFor("the load's read", () => gets().length === 1);

    await service.edit(sessionId, ["set_by_operator"]);
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await expectList(() => page.evaluate(() => $crisp.get("session:segments") as string[]), ["set_by_operator"]);
    expect(await recorded(page, "__changed")).toEqual([["set_by_operator"]]);

    await service.edit(sessionId, ["set_by_operator", "vip"]);
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await expectList(() => recorded(page, "__changed").then((all) => all.at(-1) ?? []), ["set_by_operator", "vip"]);
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["set_by_operator", "vip"]);

    // Plain GETs: no preflight, no custom header.
    expect(gets()).toHaveLength(3);
    expect(service.requestsOf(sessionId).filter((request) => request.method === "OPTIONS")).toEqual([]);
    expect(await recorded(page, "__errors")).toEqual([]);
    await page.close();
  });
});

describe("session:synced", () => {
  it("fires once the change is acknowledged, once per settling", async () => {
    const page = await open("/synced", snippetPage({ before: LISTENERS }));
    const sessionId = await page.evaluate(() => $crisp.get("session:identifier") as string);
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["a"]]], ["set", "session:segments", [["b"]]]));
    await waitFor("session:synced", async () => (await recorded(page, "__synced")).length > 0);
    expect(await service.segments(sessionId)).toEqual(["a", "b"]);
    expect(await page.evaluate(() => $crisp.is("session:synced"))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await recorded(page, "__synced")).toEqual([sessionId]);
    await page.close();
  });
});

describe("a method that is not a string", () => {
  it("refuses the command whole: nothing applied, nothing sent, one invalid_command each, push never throws", async () => {
    const page = await open(
      "/methods",
      snippetPage({ before: `$crisp.push(["set", "session:segments", [["kept"]]]);` }),
    );
    const sessionId = await page.evaluate(() => $crisp.get("session:identifier") as string);
    await page.waitForFunction(() => $crisp.is("session:synced"));
    const posts = service.requestsOf(sessionId).filter((request) => request.method === "POST").length;
    const threw = await page.evaluate(() => {
      const commands: unknown[] = [
        ["set", ["session:segments"], [["x"]]],
        ["set", new String("session:segments"), [["x"]]],
        ["set", { toString: () => "session:segments" }, [["x"]]],
        ["do", new String("session:reset")],
        ["do", ["session:segments:remove"], [["kept"]]],
      ];
      const failures: string[] = [];
      for (const command of commands) {
        try {
          $crisp.push(command);
        } catch (error) {
          failures.push(String(error));
        }
      }
      return failures;
    });
    expect(threw).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await page.evaluate(() => $crisp.get("session:identifier"))).toBe(sessionId);
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["kept"]);
    expect(service.requestsOf(sessionId).filter((request) => request.method === "POST")).toHaveLength(posts);
    expect(await service.segments(sessionId)).toEqual(["kept"]);
    const errors = await recorded(page, "__errors");
    expect(errors, JSON.stringify(errors)).toHaveLength(5);
    for (const error of errors) expect(error).toMatch(/^invalid_command: .*expected a string/);
    await page.close();
  });
});
