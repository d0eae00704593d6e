import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyOperation, type Operation } from "../../src/protocol/change";
import {
  expectList,
  launchChromium,
  NO_SDK_PAGE,
  snippetPage,
  startTestService,
  type TestService,
  WEBSITE,
  waitFor,
} from "./harness";

let browser: Browser;
let service: TestService;
let context: BrowserContext;

beforeAll(async () => {
  [browser, service] = await Promise.all([launchChromium(), startTestService()]);
  service.pages.set("/sdk", snippetPage());
  service.pages.set("/nosdk", NO_SDK_PAGE);
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});
afterEach(async () => {
  service.setDown(null);
  await context?.close();
});

async function openLoaded(target = context): Promise<Page> {
  const page = await target.newPage();
  await page.goto(`${service.url}/sdk`);
  await page.waitForFunction(() => (window as unknown as { __loaded: string | null }).__loaded !== null);
  return page;
}

const sessionOf = (page: Page) => page.evaluate(() => $crisp.get("session:identifier") as string);
const postsFor = (sessionId: string) => service.posts().filter((request) => request.sessionId === sessionId);
const listOf = (page: Page) => () => page.evaluate(() => $crisp.get("session:segments") as string[]);
const held =
  (sessionId: string, on: TestService = service) =>
  () =>
    on.segments(sessionId);

describe("sync in Chromium against the reference service", () => {
  it("sends a burst of 1,000 commands as one request, within a second of the first command", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    const operations: Operation[] = Array.from({ length: 1000 }, (_, index) =>
      index % 7 === 3
        ? { kind: "remove", segments: [`s${(index * 13) % 40}`] }
        : { kind: "add", segments: [`s${index % 40}`] },
    );
    // The page's own clock (the same machine clock as the service's), so that Playwright's round trip on a busy
    // machine is not counted against the SDK.
    const pushedAt = await page.evaluate((ops) => {
      const at = Date.now();
      for (const op of ops) {
        if (op.kind === "add") $crisp.push(["set", "session:segments", [op.segments]]);
        else $crisp.push(["do", "session:segments:remove", [op.segments]]);
      }
      return at;
    }, operations);
    await page.waitForFunction(() => $crisp.is("session:synced"));
    const expected = operations.reduce<string[]>((list, op) => applyOperation(list, op), []);
    expect(await service.segments(sessionId)).toEqual(expected);
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(expected);
    const posts = postsFor(sessionId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.at - pushedAt).toBeLessThan(1000);
    expect(posts[0]!.contentType).toBe("text/plain;charset=UTF-8");
  });

  it("retries 5xx answers and dropped connections until the change is delivered", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    service.inject({ status: 500 }, { drop: true }, { status: 503 }, { drop: true });
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["retried"]]]));
    await expectList(held(sessionId), ["retried"], { timeoutMs: 20_000 });
    const attempts = postsFor(sessionId);
    expect(attempts.length).toBe(5);
    expect(new Set(attempts.map((attempt) => attempt.body)).size).toBe(1);
    await page.waitForFunction(() => $crisp.is("session:synced"));
  });

  it("waits as long as Retry-After says after a 429", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    service.inject({
      status: 429,
      headers: { "Retry-After": "2" },
      body: { error: true, reason: "rate_limited", data: { message: "slow down" } },
    });
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["patient"]]]));
    await expectList(held(sessionId), ["patient"], { timeoutMs: 15_000 });
    const [limited, retried, ...more] = postsFor(sessionId);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1900);
    expect(more).toEqual([]);
  });

  it("waits as long as Retry-After says after a 503, then delivers", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    service.inject({
      status: 503,
      headers: { "Retry-After": "2" },
      body: { error: true, reason: "unavailable", data: { message: "down for maintenance" } },
    });
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["maintenance"]]]));
    await waitFor("the refused POST", () => postsFor(sessionId).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(postsFor(sessionId)).toHaveLength(1);
    expect(await service.segments(sessionId)).toEqual([]);
    await expectList(held(sessionId), ["maintenance"], { timeoutMs: 15_000 });
    const [refused, retried, ...more] = postsFor(sessionId);
    expect(refused!.fault).toBe("503");
    expect(retried!.fault).toBeNull();
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1900);
    expect(more).toEqual([]);
    await page.waitForFunction(() => $crisp.is("session:synced"));
    expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([]);
  });

  it("holds changes while offline and delivers them when the browser is back online", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    await context.setOffline(true);
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["offline_change"]]]));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await service.segments(sessionId)).toEqual([]);
    expect(await page.evaluate(() => $crisp.is("session:synced"))).toBe(false);
    await context.setOffline(false);
    await expectList(held(sessionId), ["offline_change"]);
  });

  it("keeps a change made while the service is down across closing the page, and delivers it on the next load", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    service.setDown({ status: 503 });
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["survivor"]]]));
    await waitFor("the refused POST", () => postsFor(sessionId).length > 0);
    await page.close();
    service.setDown(null);
    expect(await service.segments(sessionId)).toEqual([]);
    const next = await openLoaded();
    expect(await sessionOf(next)).toBe(sessionId);
    await expectList(held(sessionId), ["survivor"]);
    await next.waitForFunction(() => $crisp.is("session:synced"));
  });

  it("delivers a change pushed right before the only tab closes", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["closing_tab"]]]));
    await page.close();
    await expectList(held(sessionId), ["closing_tab"]);
  });

  it("delivers a change pushed right before navigating to a page without the SDK", async () => {
    context = await browser.newContext();
    const page = await openLoaded();
    const sessionId = await sessionOf(page);
    await page.evaluate(() => {
      $crisp.push(["set", "session:segments", [["last_second"]]]);
      location.href = "/nosdk";
    });
    await page.waitForURL("**/nosdk");
    await expectList(held(sessionId), ["last_second"]);
  });

  it("shares one session between two tabs pushing at once: both reach the service and each sees the other's", async () => {
    context = await browser.newContext();
    const [first, second] = [await openLoaded(), await openLoaded()];
    const sessionId = await sessionOf(first);
    expect(await sessionOf(second)).toBe(sessionId);
    const push = (page: Page, prefix: string) =>
      page.evaluate((tab) => {
        for (let index = 0; index < 20; index++) $crisp.push(["set", "session:segments", [[`${tab}_${index}`]]]);
      }, prefix);
    await Promise.all([push(first, "one"), push(second, "two")]);
    const all = [
      ...Array.from({ length: 20 }, (_, index) => `one_${index}`),
      ...Array.from({ length: 20 }, (_, index) => `two_${index}`),
    ];
    await expectList(held(sessionId), all, { unordered: true });
    for (const page of [first, second]) await expectList(listOf(page), all, { unordered: true });
  });

  it("reaches a service on another origin with simple requests only: no preflight", async () => {
    const pages = await startTestService();
    const remote = await startTestService({ origins: [pages.url] });
    try {
      pages.pages.set("/cross", snippetPage({ endpoint: remote.url }));
      context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${pages.url}/cross`);
      await page.waitForFunction(() => (window as unknown as { __loaded: string | null }).__loaded !== null);
      await page.evaluate(() => $crisp.push(["set", "session:segments", [["cross_origin"]]]));
      await page.waitForFunction(() => $crisp.is("session:synced"));
      const sessionId = await sessionOf(page);
      expect(await remote.segments(sessionId)).toEqual(["cross_origin"]);
      expect(remote.requests.filter((request) => request.method === "OPTIONS")).toEqual([]);
      expect(remote.posts()[0]!.origin).toBe(pages.url);
      expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([]);
    } finally {
      await pages.close();
      await remote.close();
    }
  });

  it("stops syncing and says so once when the website is unknown, keeping the list on the page", async () => {
    context = await browser.newContext();
    service.pages.set("/unknown", snippetPage().replace(JSON.stringify(WEBSITE), JSON.stringify("no-such-website")));
    const page = await context.newPage();
    await page.goto(`${service.url}/unknown`);
    await page.waitForFunction(() => (window as unknown as { __errors: string[] }).__errors.length > 0);
    await page.evaluate(() => $crisp.push(["set", "session:segments", [["kept"]]]));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.evaluate(() => $crisp.get("session:segments"))).toEqual(["kept"]);
    const errors = await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("website_refused");
  });
});

describe("the back/forward cache", () => {
  it("lets another tab lead while the leading page sits in the cache, and the page syncs again once back", async () => {
    const cachingBrowser = await launchChromium({ backForwardCache: true });
    try {
      const caching = await cachingBrowser.newContext();
      const open = async () => {
        const page = await caching.newPage();
        await page.goto(`${service.url}/sdk`);
        await page.waitForFunction(() => (window as unknown as { __loaded: string | null }).__loaded !== null);
        return page;
      };
      const leader = await open();
      const follower = await open();
      const sessionId = await sessionOf(leader);
      await leader.evaluate(() => {
        (window as unknown as { __marker: string }).__marker = "cached";
      });
      await leader.goto(`${service.url}/nosdk`);
      await follower.evaluate(() => $crisp.push(["set", "session:segments", [["while_cached"]]]));
      await expectList(held(sessionId), ["while_cached"]);

      await leader.goBack({ waitUntil: "commit" });
      await leader.waitForFunction(() => typeof $crisp !== "undefined");
      expect(await leader.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("cached");
      await follower.close();
      await leader.evaluate(() => $crisp.push(["set", "session:segments", [["back_again"]]]));
      await expectList(held(sessionId), ["while_cached", "back_again"]);
    } finally {
      await cachingBrowser.close();
    }
  });
});
