import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, snippetPage, startTestService, type TestService, waitFor } from "./harness";

let browser: Browser;
let service: TestService;

beforeAll(async () => {
  [browser, service] = await Promise.all([launchChromium(), startTestService()]);
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe("the script-tag build with the classic snippet", () => {
  it("replays commands pushed before load in order, runs later pushes at once, and syncs the result", async () => {
    service.pages.set(
      "/snippet",
      snippetPage({
        before: `
          $crisp.push(["set", "session:segments", [["registered_users", "lead"]]]);
          $crisp.push(["do", "session:segments:remove", [["registered_users"]]], ["set", "session:segments", [["vip"]]]);
          $crisp.push(["set", "session:segments", ["oops"]]);`,
      }),
    );
    const page = await browser.newPage();
    await page.goto(`${service.url}/snippet`);
    await page.waitForFunction(
      () => typeof (window as unknown as { $crisp: { get?: unknown } }).$crisp.get === "function",
    );
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["lead", "vip"]);

    await page.evaluate(() => {
      $crisp.push(["set", "session:segments", [["bug_report"]]]);
      $crisp.push(["do", "session:segments:remove", [["lead"]]]);
    });
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["vip", "bug_report"]);

    const errors = await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
    expect(errors, JSON.stringify(errors)).toHaveLength(1);
    expect(errors[0]).toContain("invalid_command");
    expect(errors[0]).toContain('[["oops"]]');

    await page.waitForFunction(() => $crisp.is("session:synced"));
    const sessionId = (await page.evaluate(() => $crisp.get("session:identifier"))) as string;
    expect(sessionId).toMatch(/^session_[0-9a-f-]{36}$/);
    expect(await service.segments(sessionId)).toEqual(["vip", "bug_report"]);
    expect(await page.evaluate(() => (window as unknown as { __loaded: string }).__loaded)).toBe(sessionId);
    await page.close();
  });

  it("adds no global but $crisp, and a second copy of the script changes nothing", async () => {
    service.pages.set("/blank", "<!doctype html><html><body></body></html>");
    service.pages.set(
      "/twice",
      snippetPage({ before: `$crisp.push(["set", "session:segments", [["once"]]]);` }).replace(
        "</head>",
        `<script async src="/dist/crisp-segments.js"></script></head>`,
      ),
    );
    const page = await browser.newPage();
    await page.goto(`${service.url}/blank`);
    const baseline = await page.evaluate(() => Object.keys(window));
    await page.goto(`${service.url}/twice`);
    await waitFor("the synced page", () =>
      page.evaluate(() => $crisp.is("session:synced") && $crisp.get("session:segments") !== undefined),
    );
    const added = (await page.evaluate(() => Object.keys(window))).filter((key) => !baseline.includes(key));
    expect(added.sort()).toEqual(["$crisp", "CRISP_WEBSITE_ID", "__errors", "__loaded"].sort());
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["once"]);
    await page.close();
  });

  it("leaves storage to the task after the script's, and still answers a get made right after it", async () => {
    service.pages.set(
      "/returning",
      snippetPage({ before: `$crisp.push(["set", "session:segments", [["returning"]]]);` }),
    );
    service.pages.set("/later-visit", snippetPage({ sdk: false }));
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${service.url}/returning`);
    await waitFor("the first visit synced", () => page.evaluate(() => $crisp.is("session:synced")));
    const sessionId = await page.evaluate(() => $crisp.get("session:identifier"));

    // The script runs inline, in this task; storage calls are counted from just before it to just after it.
    await page.goto(`${service.url}/later-visit`);
    const source = await (await fetch(`${service.url}/dist/crisp-segments.js`)).text();
    const seen = await page.evaluate((source) => {
      const calls: string[] = [];
      for (const name of ["getItem", "setItem", "removeItem", "key"] as const) {
        const original = Storage.prototype[name] as (...args: unknown[]) => unknown;
        Storage.prototype[name] = function (this: Storage, ...args: unknown[]) {
          calls.push(name);
          return original.apply(this, args);
        } as never;
      }
      const script = document.createElement("script");
      script.textContent = source;
      document.head.append(script);
      const inScriptTask = calls.length;
      return { inScriptTask, segments: $crisp.get("session:segments"), id: $crisp.get("session:identifier") };
    }, source);
    expect(seen).toEqual({ inScriptTask: 0, segments: ["returning"], id: sessionId });

    // Untouched, the SDK starts by itself in the next task: it reads the session and announces it.
    await page.goto(`${service.url}/later-visit`);
    await page.evaluate((source) => {
      const script = document.createElement("script");
      script.textContent = source;
      document.head.append(script);
    }, source);
    await waitFor("session:loaded", () =>
      page.evaluate(() => Boolean((window as unknown as { __loaded: unknown }).__loaded)),
    );
    expect(await page.evaluate(() => (window as unknown as { __loaded: unknown }).__loaded)).toBe(sessionId);
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["returning"]);
    await context.close();
  });
});

declare global {
  const $crisp: { push(...commands: unknown[]): number; get(key: string): unknown; is(key: string): boolean };
}
