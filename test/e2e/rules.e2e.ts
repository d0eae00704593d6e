// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
/**
 * Rules as an operator sets them and a visitor sets them off: the real demo (SQLite in a fresh folder, on the
 * sources) and its rules page in Chromium. The page adds a rule "when bug is added: add needs_triage, send to
 * the webhook", shows the service's message on a refusal, reorders and deletes; then a visitor's page (the script
 * tag, fresh build) adds `bug`, its own sync's answer already carries `needs_triage`, a receiver on loopback gets
 * the rule's event signed (verified with standardwebhooks), and the inbox shows both segments live.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type RunningDemo, startDemo } from "../../examples/demo-server.mjs";
import type { AutomationsStore } from "../../src/server/automations/automations-store";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/server/automations/delivery-worker";
import { newSecret } from "../../src/server/automations/endpoints";
import { startReceiver } from "../server/automations/receiver";
import { launchChromium, waitFor } from "../support/browser.mjs";

vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const WEBSITE = "demo-website";
const SECRET = newSecret();

let browser: Browser;
let demo: RunningDemo;
let dataDir: string;
let worker: DeliveryWorker;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crisp-segments-rules-"));
  [browser, demo, receiver] = await Promise.all([
    launchChromium(),
    startDemo({ port: 0, dataDir, websites: [WEBSITE] }),
    startReceiver(SECRET, () => 204),
  ]);
  worker = createDeliveryWorker({ store: automations(), onError: (error) => console.error(error) });
  await worker.start();
});
afterAll(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await browser?.close();
  await worker?.stop();
  await demo?.close();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The demo's store is SQLite's, which keeps webhooks too (its declared type names the sessions' side alone). */
const automations = () => demo.store as unknown as AutomationsStore;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  Object.assign(page, { errors });
  return page;
}

/** Signs `page` in at `path` with the demo's pair; the sign-in is the inbox's own. */
async function signIn(page: Page, path: string): Promise<void> {
  await page.goto(`${demo.url}${path}`);
  await page.fill("#identifier", demo.operator.identifier);
  await page.fill("#key", demo.operator.key);
  await page.selectOption("#website", WEBSITE);
  await page.click("#sign-in button[type=submit]");
  await page.waitForSelector("#workspace:not([hidden])");
}

const ruleTexts = (page: Page) => page.locator("#rules .rule-text").allTextContents();

/** Fills the add form and submits it. */
async function addRule(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`#new-rule [name=${name}]`);
    if ((await field.evaluate((element) => element.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await page.click("#new-rule button[type=submit]");
}

describe("rules, in Chromium, against the demo", () => {
  it("a visitor adds bug, a rule adds needs_triage and sends its event, the inbox shows both", async () => {
    const endpoint = await automations().createEndpoint(WEBSITE, {
      url: receiver.url,
      secret: SECRET,
      segments: ["never"],
    });
    const rules = await newPage();
    await signIn(rules, "/rules");
    await rules.waitForSelector("#no-rules:not([hidden])");

    await addRule(rules, { trigger: "segment_added", value: "", add: "needs_triage" });
    await rules.waitForSelector("#rules-error:not([hidden])");
    expect(await rules.textContent("#rules-error")).toBe(
      'when.segment is ""; expected 1 to 64 characters after trimming white space',
    );
    expect(await ruleTexts(rules)).toEqual([]);

    await addRule(rules, { trigger: "segment_removed", value: "vip", add: "churn_risk" });
    await addRule(rules, {
      trigger: "segment_added",
      value: "bug",
      subject: "conversation",
      add: "needs_triage",
      endpoint: endpoint.endpointId,
      name: "triage",
    });
    await waitFor("two rules", async () => (await ruleTexts(rules)).length === 2);
    await rules.click('#rules li[data-index="1"] button[data-act=up]');
    await waitFor("triage first", async () => (await ruleTexts(rules))[0]?.startsWith("triage:") ?? false);
    await rules.click('#rules li[data-index="1"] button[data-act=delete]');
    await waitFor("one rule", async () => (await ruleTexts(rules)).length === 1);
    expect(await ruleTexts(rules)).toEqual([
      `triage: When “bug” is added to a conversation's segments: add “needs_triage”; send to webhook ${endpoint.url}`,
    ]);
    expect(await rules.isHidden("#rules-error")).toBe(true);

    const inbox = await newPage();
    await signIn(inbox, "/inbox");
    await inbox.waitForSelector('#live[data-state="live"]');

    const visitor = await newPage();
    const script = readFileSync(inject("sdkScript"));
    await visitor.route("**/dist/crisp-segments.js", (route) =>
      route.fulfill({ body: script, contentType: "text/javascript" }),
    );
    await visitor.goto(`${demo.url}/examples/script-tag/`);
    await visitor.waitForSelector('#synced[data-state="synced"]');
    const session = (await visitor.textContent("#session-id")) ?? "";
    await visitor.fill("#segments-input", "bug");
    await visitor.click("#add");

    const chips = (page: Page, selector: string) => page.locator(selector).allTextContents();
    const both = (list: string[]) => list.includes("bug") && list.includes("needs_triage");
    await waitFor(
      "the visitor's sync answers needs_triage",
      async () => both(await chips(visitor, "#service .chip")),
      5000,
    );
    await waitFor(
      "the inbox shows both",
      async () => both(await chips(inbox, `.entry[data-id="${session}"] .chip-text`)),
      5000,
    );
    await waitFor("the receiver has the rule's event", async () => receiver.received.length > 0, 10_000);

    expect(receiver.forged).toEqual([]);
    expect(receiver.received.map((r) => r.body)).toEqual([
      {
        website_id: WEBSITE,
        event: "session:set_segments",
        id: receiver.received[0]?.id,
        data: expect.objectContaining({ session_id: session, added: ["needs_triage"], rule_id: "triage" }),
        timestamp: expect.any(Number),
      },
    ]);
    for (const page of [rules, inbox, visitor]) expect((page as Page & { errors: string[] }).errors).toEqual([]);
  });
});
