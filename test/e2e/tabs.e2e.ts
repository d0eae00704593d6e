import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectList, launchChromium, snippetPage, startTestService, type TestService, waitFor } from "./harness";

let browser: Browser;
let service: TestService;
let context: BrowserContext;

beforeAll(async () => {
  [browser, service] = await Promise.all([launchChromium(), startTestService()]);
  service.pages.set("/sdk", snippetPage());
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});
afterEach(async () => {
  service.setDown(null);
  await context?.close();
});

async function openTabs(count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let index = 0; index < count; index++) {
    const page = await context.newPage();
    await page.goto(`${service.url}/sdk`);
    await page.waitForFunction(() => (window as unknown as { __loaded: string | null }).__loaded !== null);
    pages.push(page);
  }
  return pages;
}

const sessionOf = (page: Page) => page.evaluate(() => $crisp.get("session:identifier") as string);
const held = (sessionId: string) => () => service.segments(sessionId);
const listOf = (page: Page) => () => page.evaluate(() => $crisp.get("session:segments") as string[]);

describe("tabs of one website", () => {
  it("lose nothing when three tabs push at the same time, round after round", async () => {
    for (let round = 0; round < 4; round++) {
      context = await browser.newContext();
      const tabs = await openTabs(3);
      const sessionId = await sessionOf(tabs[0]!);
      await Promise.all(
        tabs.map((page, tab) =>
          page.evaluate(
            async ([tab, round]) => {
              for (let index = 0; index < 30; index++) {
                $crisp.push(["set", "session:segments", [[`r${round}t${tab}_${index}`]]]);
                if (index % 3 === 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
              }
            },
            [tab, round] as const,
          ),
        ),
      );
      const expected = [0, 1, 2].flatMap((tab) =>
        Array.from({ length: 30 }, (_, index) => `r${round}t${tab}_${index}`),
      );
      await expectList(held(sessionId), expected, { unordered: true });
      for (const page of tabs) await expectList(listOf(page), expected, { unordered: true });
      await context.close();
    }
  });

  it("deliver what a tab pushed just before it closed", async () => {
    context = await browser.newContext();
    const [, second] = await openTabs(2);
    const sessionId = await sessionOf(second!);
    await second!.evaluate(() => $crisp.push(["set", "session:segments", [["from_closed_tab"]]]));
    await second!.close();
    await expectList(held(sessionId), ["from_closed_tab"]);
  });

  it("take over when the sending tab closes with a change the service has not taken yet", async () => {
    context = await browser.newContext();
    const [first, second] = await openTabs(2);
    const sessionId = await sessionOf(first!);
    service.setDown({ status: 503 });
    await first!.evaluate(() => $crisp.push(["set", "session:segments", [["first_tab"]]]));
    await second!.evaluate(() => $crisp.push(["set", "session:segments", [["second_tab"]]]));
    await waitFor("a refused POST", () => service.requestsOf(sessionId).some((request) => request.method === "POST"));
    await first!.close();
    service.setDown(null);
    await expectList(held(sessionId), ["first_tab", "second_tab"], { unordered: true, timeoutMs: 15_000 });
    await second!.waitForFunction(() => $crisp.is("session:synced"), undefined, { timeout: 10_000 });
  });

  it("follow a reset made in another tab, and deliver the old session's change to the old session", async () => {
    context = await browser.newContext();
    const [first, second] = await openTabs(2);
    const oldSession = await sessionOf(first!);
    await first!.evaluate(() => {
      $crisp.push(["set", "session:segments", [["before_reset"]]]);
      $crisp.push(["do", "session:reset"]);
      $crisp.push(["set", "session:segments", [["after_reset"]]]);
    });
    const newSession = await sessionOf(first!);
    expect(newSession).not.toBe(oldSession);
    await waitFor("the second tab's new session", async () => (await sessionOf(second!)) === newSession);
    await expectList(held(oldSession), ["before_reset"]);
    await expectList(held(newSession), ["after_reset"]);
    await expectList(listOf(second!), ["after_reset"]);
  });
});
