/**
 * The demo as a visitor uses it: the real demo server (SQLite in a fresh folder), each example page driven through
 * its own controls in Chromium. After every step the page's list, the SDK's, the service's answer shown on the page
 * and SQLite's row agree; a reset leaves the old session's last change in SQLite; a restart loses nothing.
 * Needs a built dist/ (`npm run build`). DEMO_SCREENSHOTS=<folder> saves a screenshot of each example page.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "../../examples/demo-server.mjs";
import { launchChromium, waitFor } from "../support/browser.mjs";

const WEBSITE = "demo-website";
const TOO_LONG = "x".repeat(65);

let browser: Browser;
let demo: RunningDemo;
let dataDir: string;
let context: BrowserContext | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crisp-segments-demo-"));
  [browser, demo] = await Promise.all([launchChromium(), startDemo({ port: 0, dataDir })]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Stops the demo and starts it again on the same port (the pages' origin, hence their session) and data. */
async function restartDemo(): Promise<void> {
  const { port } = demo;
  await demo.close();
  demo = await startDemo({ port, dataDir });
}

/** One example page, seen through its controls and views. */
class Example {
  /** Exceptions the page's own code let through: there must be none. */
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    /** The SDK's own answer: `$crisp.get(...)` or `Crisp.session.getSegments()`. */
    readonly sdkSegments: () => Promise<string[]>,
  ) {
    page.on("pageerror", (error) => this.pageErrors.push(error.message));
  }

  async do(button: "add" | "remove" | "replace" | "reset", text?: string): Promise<void> {
    if (text !== undefined) await this.page.fill("#segments-input", text);
    await this.page.click(`#${button}`);
  }

  chips(selector: string): Promise<string[]> {
    return this.page.$$eval(`${selector} .chip`, (chips) => chips.map((chip) => chip.textContent ?? ""));
  }

  sessionId(): Promise<string> {
    return this.page.textContent("#session-id").then((text) => text ?? "");
  }

  errors(): Promise<string[]> {
    return this.page.$$eval("#errors li:not(.empty)", (items) => items.map((item) => item.textContent ?? ""));
  }

  /** The page shows `expected`, as the SDK holds it; once synced, the service and SQLite hold it too. */
  async expectState(expected: string[]): Promise<string> {
    await waitFor("the page's list", async () => same(await this.chips("#local"), expected));
    expect(await this.sdkSegments()).toEqual(expected);
    await this.page.waitForSelector('#synced[data-state="synced"]');
    await waitFor("the service's list on the page", async () => same(await this.chips("#service"), expected));
    const sessionId = await this.sessionId();
    expect(sessionId).toMatch(/^session_[0-9a-f-]{36}$/);
    const stored = await demo.store.get(WEBSITE, sessionId);
    expect(stored.segments).toEqual(expected);
    expect(await this.page.textContent("#service-revision")).toBe(String(stored.revision));
    return sessionId;
  }

  /** Adds `late` and resets at once: the new session starts empty, the old one still receives `late`. */
  async resetRightAfterAdding(before: string[]): Promise<{ oldId: string; newId: string }> {
    const oldId = await this.sessionId();
    await this.do("add", "late");
    await this.do("reset");
    const newId = await this.expectState([]);
    expect(newId).not.toBe(oldId);
    await waitFor("the old session's last change", async () =>
      same((await demo.store.get(WEBSITE, oldId)).segments, [...before, "late"]),
    );
    return { oldId, newId };
  }

  async screenshot(name: string): Promise<void> {
    const folder = process.env.DEMO_SCREENSHOTS;
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    await this.page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  }
}

const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

async function open(path: string, sdkSegments: (page: Page) => Promise<string[]>): Promise<Example> {
  context = await browser.newContext();
  const page = await context.newPage();
  const example = new Example(page, () => sdkSegments(page));
  await page.goto(`${demo.url}${path}`);
  await page.waitForSelector('#synced[data-state="synced"]');
  return example;
}

describe("the demo's example pages, in Chromium, against the demo server and SQLite", () => {
  it("script tag: add, remove, replace and reset through the controls; all of it survives a restart", async () => {
    const example = await open("/examples/script-tag/", (page) =>
      page.evaluate(() =>
        (window as unknown as { $crisp: { get(key: string): string[] } }).$crisp.get("session:segments"),
      ),
    );
    // The snippet itself adds one segment on every page load.
    await example.expectState(["script_tag_demo"]);

    await example.do("add", "lead, trial, <i>vip</i>");
    await example.expectState(["script_tag_demo", "lead", "trial", "<i>vip</i>"]);
    expect(await example.page.locator("#local i, #service i").count()).toBe(0);

    await example.do("remove", "trial, script_tag_demo");
    await example.expectState(["lead", "<i>vip</i>"]);

    await example.do("replace", "customer, lead");
    await example.expectState(["customer", "lead"]);

    await example.do("add", `ok, ${TOO_LONG}`);
    await waitFor("one error shown", async () => (await example.errors()).length === 1);
    expect((await example.errors())[0]).toMatch(/^invalid_command: .*segments\[1\]/);
    await example.expectState(["customer", "lead"]);
    await example.screenshot("script-tag");

    const { oldId, newId } = await example.resetRightAfterAdding(["customer", "lead"]);
    expect(await example.errors()).toEqual([]);
    await example.do("add", "after_reset");
    await example.expectState(["after_reset"]);

    await restartDemo();
    expect((await demo.store.get(WEBSITE, newId)).segments).toEqual(["after_reset"]);
    expect((await demo.store.get(WEBSITE, oldId)).segments).toEqual(["customer", "lead", "late"]);
    await example.page.reload();
    expect(await example.expectState(["after_reset", "script_tag_demo"])).toBe(newId);
    expect(await example.errors()).toEqual([]);
    expect(example.pageErrors).toEqual([]);
  });

  it("single-page app: the same through the npm entry, across the app's navigations; all of it survives a restart", async () => {
    const example = await open("/examples/spa/", (page) => page.evaluate(() => window.Crisp.session.getSegments()));
    expect(new URL(example.page.url()).hash).toBe("#/shop");
    const firstId = await example.expectState([]);

    await example.do("add", "lead, trial, <i>vip</i>");
    await example.expectState(["lead", "trial", "<i>vip</i>"]);
    expect(await example.page.locator("#local i, #service i").count()).toBe(0);
    await example.page.click('button[data-segment="interested_shoes"]');
    await example.expectState(["lead", "trial", "<i>vip</i>", "interested_shoes"]);

    await example.page.click('#tabs a[href="#/account"]');
    await example.page.waitForSelector("#account-segments");
    expect(await example.chips("#account-segments")).toEqual(["lead", "trial", "<i>vip</i>", "interested_shoes"]);
    await example.do("remove", "trial, interested_shoes");
    expect(await example.expectState(["lead", "<i>vip</i>"])).toBe(firstId);
    expect(await example.chips("#account-segments")).toEqual(["lead", "<i>vip</i>"]);

    await example.page.click('#tabs a[href="#/shop"]');
    await example.page.waitForSelector('button[data-segment="interested_shoes"]');
    await example.do("replace", "customer, lead");
    expect(await example.expectState(["customer", "lead"])).toBe(firstId);

    await example.do("add", `ok, ${TOO_LONG}`);
    await waitFor("one error shown", async () => (await example.errors()).length === 1);
    expect((await example.errors())[0]).toMatch(/^invalid_command: .*segments\[1\]/);
    await example.expectState(["customer", "lead"]);

    await example.page.click('#tabs a[href="#/account"]');
    await example.page.waitForSelector("#account-segments");
    expect(await example.chips("#account-segments")).toEqual(["customer", "lead"]);
    await example.screenshot("spa");

    const { oldId, newId } = await example.resetRightAfterAdding(["customer", "lead"]);
    expect(await example.chips("#account-segments")).toEqual([]);
    expect(await example.errors()).toEqual([]);
    await example.do("add", "after_reset");
    await example.expectState(["after_reset"]);

    await restartDemo();
    expect((await demo.store.get(WEBSITE, newId)).segments).toEqual(["after_reset"]);
    expect((await demo.store.get(WEBSITE, oldId)).segments).toEqual(["customer", "lead", "late"]);
    await example.page.reload();
    expect(await example.expectState(["after_reset"])).toBe(newId);
    expect(new URL(example.page.url()).hash).toBe("#/account");
    expect(await example.chips("#account-segments")).toEqual(["after_reset"]);
    expect(await example.errors()).toEqual([]);
    expect(example.pageErrors).toEqual([]);
  });
});
