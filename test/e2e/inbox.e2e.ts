/**
 * The operator inbox as an operator uses it: the real demo (SQLite in a fresh folder, on the sources), the page in
 * Chromium, signing in with the demo's operator pair; changes made by a visitor's page (the script tag, fresh
 * build), by the REST API and by the inbox itself show in the inbox within a second, without a reload.
 * INBOX_SCREENSHOTS=<folder> saves inbox-wide.png (1280 px) and inbox-narrow.png (390 px) there.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type RunningDemo, startDemo } from "../../examples/demo-server.mjs";
import { launchChromium, waitFor } from "../support/browser.mjs";

// The demo runs on the built bundle; here it runs on the sources, so that the tests see what src/ says today.
vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const WEBSITE = "demo-website";
/** A website of its own for the layout test, so that its screenshots show a tidy set of rows. */
const SHOWN = "shop-website";
const LIVE_WITHIN_MS = 1000;

let browser: Browser;
let demo: RunningDemo;
let dataDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crisp-segments-inbox-"));
  [browser, demo] = await Promise.all([launchChromium(), startDemo({ port: 0, dataDir, websites: [WEBSITE, SHOWN] })]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

let sessions = 0;
/** A fresh session id per call, so that tests do not see each other's rows through the filter. */
const newSession = () => `session_00000000-0000-4000-8000-${String(++sessions).padStart(12, "0")}`;

/** The REST API as a backend calls it, with the demo's operator pair. */
function rest(path: string, init: { method?: string; body?: unknown; key?: string; website?: string } = {}) {
  const pair = `${demo.operator.identifier}:${init.key ?? demo.operator.key}`;
  return fetch(`${demo.url}/v1/website/${init.website ?? WEBSITE}${path}`, {
    method: init.method ?? "GET",
    headers: {
      Authorization: `Basic ${Buffer.from(pair).toString("base64")}`,
      "X-Crisp-Tier": "plugin",
      "Content-Type": "application/json",
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Gives `sessionId` the list `segments` as a visitor's SDK would (a POST of the protocol). */
async function visitorSets(sessionId: string, segments: string[], website = WEBSITE): Promise<void> {
  const response = await fetch(`${demo.url}/v1/website/${website}/session/${sessionId}/segments`, {
    method: "POST",
    headers: { Origin: demo.url },
    body: JSON.stringify({ revision: Date.now(), overwrite: true, segments }),
  });
  expect(response.status).toBe(200);
}

/** The inbox page, seen through its controls. */
class Inbox {
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on("pageerror", (error) => this.pageErrors.push(error.message));
  }

  /** A short viewport by default: a full-page screenshot is then as tall as the page, no taller. */
  static async open(width = 1280): Promise<Inbox> {
    const context = await browser.newContext({ viewport: { width, height: 600 } });
    contexts.push(context);
    const inbox = new Inbox(await context.newPage());
    await inbox.page.goto(`${demo.url}/inbox`);
    return inbox;
  }

  async signIn(key = demo.operator.key, website = WEBSITE): Promise<void> {
    await this.page.fill("#identifier", demo.operator.identifier);
    await this.page.fill("#key", key);
    await this.page.selectOption("#website", website);
    await this.page.click("#sign-in button[type=submit]");
  }

  /** Signs in with the right pair and waits until the live route is open. */
  async ready(website = WEBSITE): Promise<this> {
    await this.signIn(demo.operator.key, website);
    await this.page.waitForSelector('#live[data-state="live"]');
    return this;
  }

  entry(id: string) {
    return this.page.locator(`.entry[data-id="${id}"]`);
  }

  chips(id: string): Promise<string[]> {
    return this.entry(id).locator(".chip-text").allTextContents();
  }

  ids(): Promise<string[]> {
    return this.page.$$eval(".entry", (entries) => entries.map((entry) => (entry as HTMLElement).dataset.id ?? ""));
  }

  async expectIds(expected: string[]): Promise<void> {
    await waitFor(`rows ${expected.join(", ")}`, async () => same((await this.ids()).sort(), [...expected].sort()));
  }

  /** Waits until the row shows `expected`; resolves to how long that took. */
  async expectChips(id: string, expected: string[], timeoutMs = 5000): Promise<number> {
    const start = Date.now();
    await waitFor(
      `chips ${expected.join(", ")} on ${id}`,
      async () => same(await this.chips(id), expected),
      timeoutMs,
      10,
    );
    return Date.now() - start;
  }

  async toggleFilter(segment: string): Promise<void> {
    await this.page.click(`#filter-menu .option[data-segment="${segment}"]`);
  }

  async menu(): Promise<Record<string, string>> {
    const items = await this.page.$$eval("#filter-menu .option", (options) =>
      options.map((option) => [
        option.querySelector(".option-name")?.textContent,
        option.querySelector(".count")?.textContent,
      ]),
    );
    return Object.fromEntries(items);
  }

  async screenshot(name: string): Promise<void> {
    const folder = process.env.INBOX_SCREENSHOTS;
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    await this.page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  }
}

const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

describe("the operator inbox, in Chromium, against the demo", () => {
  it("signs in with the demo's pair: a wrong key shows the service's message, the page holds no secret", async () => {
    const source = await (await fetch(`${demo.url}/inbox`)).text();
    expect(source).not.toContain(demo.operator.key);
    const refusal = await (await rest("/conversations/1", { key: "not-the-key-0123456789" })).json();

    const inbox = await Inbox.open();
    await inbox.signIn("not-the-key-0123456789");
    await inbox.page.waitForSelector("#sign-in-error:not([hidden])");
    expect(await inbox.page.textContent("#sign-in-error")).toBe(refusal.data.message);
    expect(await inbox.page.isHidden("#workspace")).toBe(true);

    await inbox.ready();
    expect(await inbox.page.textContent("#who")).toContain(demo.operator.identifier);
    expect(await inbox.page.inputValue("#key")).toBe("");
    await inbox.page.reload();
    await inbox.page.waitForSelector('#live[data-state="live"]');

    await inbox.page.click("#sign-out");
    await inbox.page.waitForSelector("#sign-in:not([hidden])");
    expect(await inbox.page.evaluate(() => sessionStorage.length)).toBe(0);
    await inbox.page.reload();
    await inbox.page.waitForSelector("#sign-in:not([hidden])");
    expect(inbox.pageErrors).toEqual([]);
  });

  it("filters by segments from the menu of those in use, all of or any of", async () => {
    const [both, lead, vip, other] = [newSession(), newSession(), newSession(), newSession()];
    await visitorSets(both, ["f_lead", "f_vip"]);
    await visitorSets(lead, ["f_lead"]);
    await visitorSets(vip, ["f_vip", "f_other"]);
    await visitorSets(other, ["f_other"]);
    const inbox = await (await Inbox.open()).ready();
    await waitFor("the menu", async () => (await inbox.menu()).f_lead === "2");
    expect(await inbox.menu()).toMatchObject({ f_lead: "2", f_vip: "2", f_other: "2" });

    await inbox.toggleFilter("f_lead");
    await inbox.expectIds([both, lead]);
    await inbox.toggleFilter("f_vip");
    await inbox.expectIds([both]);
    expect(await inbox.page.textContent("#list-status")).toMatch(/with f_lead and f_vip$/);
    await inbox.page.click(".match label:has(input[value=any])");
    await inbox.expectIds([both, lead, vip]);
    expect(await inbox.page.textContent("#list-status")).toMatch(/with f_lead or f_vip$/);
    await inbox.page.click("#clear-filter");
    await waitFor("every row back", async () => (await inbox.ids()).includes(other));
    expect(inbox.pageErrors).toEqual([]);
  });

  it("shows 20 rows, and the next 20 on demand", async () => {
    const many = Array.from({ length: 23 }, () => newSession());
    for (const session of many) await visitorSets(session, ["p_page"]);
    const inbox = await (await Inbox.open()).ready();
    await waitFor("the menu", async () => (await inbox.menu()).p_page === "23");
    await inbox.toggleFilter("p_page");
    // The unfiltered list already shows 20 rows: wait until the 20 shown are the filter's.
    await waitFor("the filtered first page", async () => {
      const ids = await inbox.ids();
      return ids.length === 20 && ids.every((id) => many.includes(id));
    });
    expect(await inbox.page.textContent("#list-status")).toBe("20+ conversations with p_page");
    await inbox.page.click("#more");
    await inbox.expectIds(many);
    expect(await inbox.page.isHidden("#more")).toBe(true);
    expect(await inbox.page.textContent("#list-status")).toBe("23 conversations with p_page");
  });

  it("assigns a segment with autocomplete from those in use, and removes one by its chip", async () => {
    const session = newSession();
    await visitorSets(session, ["a_first", "a_second"]);
    const { revision } = await demo.store.get(WEBSITE, session);
    const inbox = await (await Inbox.open()).ready();
    await inbox.expectChips(session, ["a_first", "a_second"]);

    const options = await inbox.page.$$eval("#segments-in-use option", (items) =>
      items.map((item) => (item as HTMLOptionElement).value),
    );
    expect(options).toEqual(expect.arrayContaining(["a_first", "a_second"]));
    const input = inbox.entry(session).locator(".add-segment input");
    expect(await input.getAttribute("list")).toBe("segments-in-use");
    await input.fill("a_assigned");
    await input.press("Enter");
    await inbox.expectChips(session, ["a_first", "a_second", "a_assigned"]);
    expect(await input.inputValue()).toBe("");
    expect(await demo.store.get(WEBSITE, session)).toEqual({
      segments: ["a_first", "a_second", "a_assigned"],
      revision,
    });

    await inbox.entry(session).locator('.chip[data-segment="a_first"] .chip-remove').click();
    await inbox.expectChips(session, ["a_second", "a_assigned"]);
    expect((await demo.store.get(WEBSITE, session)).segments).toEqual(["a_second", "a_assigned"]);

    // The input holds 64 characters at most, the rule's limit; what else the service refuses shows on the row.
    await input.fill("x".repeat(65));
    expect(await input.inputValue()).toHaveLength(64);
    const full = newSession();
    const hundred = Array.from({ length: 100 }, (_, index) => `a_${index}`);
    await visitorSets(full, hundred);
    const fullInput = inbox.entry(full).locator(".add-segment input");
    await fullInput.fill("a_one_too_many");
    await fullInput.press("Enter");
    const error = inbox.entry(full).locator(".entry-error");
    await error.waitFor({ state: "visible" });
    expect(await error.textContent()).toMatch(/100/);
    expect((await demo.store.get(WEBSITE, full)).segments).toEqual(hundred);
    expect(inbox.pageErrors).toEqual([]);
  });

  it("shows a visitor page's new segment within a second, without a reload", async () => {
    const inbox = await (await Inbox.open()).ready();
    const visitorContext = await browser.newContext();
    contexts.push(visitorContext);
    const visitor = await visitorContext.newPage();
    const script = readFileSync(inject("sdkScript"));
    await visitor.route("**/dist/crisp-segments.js", (route) =>
      route.fulfill({ body: script, contentType: "text/javascript" }),
    );
    await visitor.goto(`${demo.url}/examples/script-tag/`);
    await visitor.waitForSelector('#synced[data-state="synced"]');
    const session = (await visitor.textContent("#session-id")) ?? "";
    // The visitor's first segment brings a row the inbox did not hold; the next one moves that row.
    await inbox.expectChips(session, ["script_tag_demo"]);
    await inbox.page.evaluate(() => {
      window.name = "before the change";
    });

    // Both times are read in the browser (one clock), so that the test driver's own delays do not count.
    await visitor.evaluate(() => {
      document.getElementById("add")?.addEventListener("click", () => Object.assign(window, { pushedAt: Date.now() }));
    });
    await inbox.page.evaluate((id) => {
      new MutationObserver((_, observer) => {
        const chips = document.querySelectorAll(`.entry[data-id="${id}"] .chip`);
        if (chips.length !== 2) return;
        Object.assign(window, { shownAt: Date.now() });
        observer.disconnect();
      }).observe(document.getElementById("rows") as Node, { subtree: true, childList: true });
    }, session);
    await visitor.fill("#segments-input", "from_the_visitor");
    await visitor.click("#add");
    await inbox.expectChips(session, ["script_tag_demo", "from_the_visitor"]);
    const pushedAt = await visitor.evaluate(() => (window as unknown as { pushedAt: number }).pushedAt);
    const shownAt = await inbox.page.evaluate(() => (window as unknown as { shownAt: number }).shownAt);
    console.log(`inbox: a visitor's push shown after ${shownAt - pushedAt} ms`);
    expect(shownAt - pushedAt).toBeLessThan(LIVE_WITHIN_MS);
    expect(await inbox.page.evaluate(() => window.name)).toBe("before the change");
    expect(await inbox.ids().then((ids) => ids[0])).toBe(session);
    expect(inbox.pageErrors).toEqual([]);
  });

  it("shows REST changes live: a conversation's meta, a new contact", async () => {
    const session = newSession();
    await visitorSets(session, ["r_before"]);
    const inbox = await (await Inbox.open()).ready();
    await inbox.expectChips(session, ["r_before"]);

    const sent = Date.now();
    const patched = await rest(`/conversation/${session}/meta`, { method: "PATCH", body: { segments: ["r_after"] } });
    expect(patched.status).toBe(200);
    await inbox.expectChips(session, ["r_after"], LIVE_WITHIN_MS);
    console.log(`inbox: a REST change shown after ${Date.now() - sent} ms`);

    await inbox.page.click("#tab-contacts");
    await inbox.page.waitForSelector("#search:not([hidden])");
    const created = await rest("/people/profile", {
      method: "POST",
      body: { email: "live@example.com", person: { nickname: "Live Contact" }, segments: ["r_contact"] },
    });
    const { people_id: peopleId } = (await created.json()).data;
    await inbox.expectChips(peopleId, ["r_contact"], LIVE_WITHIN_MS);
    expect(await inbox.entry(peopleId).locator(".name").textContent()).toBe("Live Contact");
    await inbox.page.fill("#search", "live@");
    await inbox.expectIds([peopleId]);
    await inbox.page.fill("#search", "nobody-has-this");
    await inbox.expectIds([]);
    await inbox.page.fill("#search", "");
    await inbox.expectIds([peopleId]);
    await rest(`/people/profile/${peopleId}`, { method: "DELETE" });
    await waitFor("the deleted contact gone", async () => !(await inbox.ids()).includes(peopleId), LIVE_WITHIN_MS);
    expect(inbox.pageErrors).toEqual([]);
  });

  it("reconnects after the service restarts, and shows what changed meanwhile and after", async () => {
    const session = newSession();
    await visitorSets(session, ["c_before"]);
    const inbox = await (await Inbox.open()).ready();
    await inbox.expectChips(session, ["c_before"]);

    const { port } = demo;
    await demo.close();
    await inbox.page.waitForSelector('#live[data-state="retrying"], #live[data-state="connecting"]');
    demo = await startDemo({ port, dataDir, websites: [WEBSITE, SHOWN] });
    await visitorSets(session, ["c_while_away"]);
    await inbox.expectChips(session, ["c_while_away"], 10_000);
    await inbox.page.waitForSelector('#live[data-state="live"]');
    await visitorSets(session, ["c_after"]);
    await inbox.expectChips(session, ["c_after"], LIVE_WITHIN_MS);
  });

  it("fits 390 px: no horizontal overflow, chips whole on one line, wrapping between chips", async () => {
    const ada = await seedShownWebsite();
    const contacts = await seedShownContacts();
    for (const width of [1280, 390]) {
      const inbox = await (await Inbox.open(width)).ready(SHOWN);
      await inbox.expectChips(ada, ["lead", "vip", "enterprise_plan_evaluation_with_a_long_segment_name"]);
      await inbox.toggleFilter("lead");
      await inbox.expectIds(await leadsOfShownWebsite());
      await expectTidy(inbox.page);
      await inbox.screenshot(width === 390 ? "inbox-narrow" : "inbox-wide");
      await inbox.page.click("#tab-contacts");
      await inbox.expectIds(contacts);
      await expectTidy(inbox.page);
      await inbox.screenshot(width === 390 ? "contacts-narrow" : "contacts-wide");
      expect(inbox.pageErrors).toEqual([]);
    }
  });
});

/** No horizontal overflow; every chip and filter option on one line (a chip breaking inside a word would not be). */
async function expectTidy(page: Page): Promise<void> {
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    // A chip on two lines is two client rects (inline) or twice as tall (inline-flex).
    brokenChips: [...document.querySelectorAll(".chip, .option")].filter(
      (chip) => chip.getClientRects().length !== 1 || chip.getBoundingClientRect().height > 40,
    ).length,
    chips: document.querySelectorAll(".chip").length,
  }));
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.chips).toBeGreaterThan(0);
  expect(layout.brokenChips).toBe(0);
}

const shownSessions: Array<{ segments: string[]; meta: Record<string, string> }> = [
  { segments: ["bug_report", "ios"], meta: {} },
  { segments: ["customer", "vip", "billing"], meta: { nickname: "Grace Hopper", email: "grace@navy.example" } },
  {
    segments: ["lead", "trial", "checkout_started", "coupon_used", "mobile", "returning_visitor"],
    meta: { nickname: "Ben Ito" },
  },
  { segments: ["lead", "pricing_page"], meta: { email: "someone.with.a.rather.long.address@example-company.org" } },
  {
    segments: ["lead", "vip", "enterprise_plan_evaluation_with_a_long_segment_name"],
    meta: { nickname: "Ada Lovelace", email: "ada@example.com" },
  },
];
const shownIds = shownSessions.map(() => `session_${randomUUID()}`);

/** The layout test's website: a few conversations as a shop's inbox has them; resolves to Ada's (the newest). */
async function seedShownWebsite(): Promise<string> {
  for (const [index, { segments, meta }] of shownSessions.entries()) {
    const id = shownIds[index]!;
    await visitorSets(id, segments, SHOWN);
    if (Object.keys(meta).length > 0) {
      await rest(`/conversation/${id}/meta`, { method: "PATCH", body: meta, website: SHOWN });
    }
  }
  return shownIds.at(-1)!;
}

async function leadsOfShownWebsite(): Promise<string[]> {
  return shownIds.filter((_, index) => shownSessions[index]!.segments.includes("lead"));
}

/** Two contacts of the layout test's website; resolves to their ids. */
async function seedShownContacts(): Promise<string[]> {
  const profiles = [
    { email: "grace@navy.example", person: { nickname: "Grace Hopper" }, segments: ["customer", "vip", "newsletter"] },
    { email: "a.very.long.address.for.a.contact@subdomain.example-company.org", segments: ["trial"] },
  ];
  const ids: string[] = [];
  for (const body of profiles) {
    const created = await rest("/people/profile", { method: "POST", body, website: SHOWN });
    ids.push((await created.json()).data.people_id);
  }
  return ids;
}
