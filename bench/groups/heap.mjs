// The JavaScript heap after GC: the SDK loaded, then after 100,000 commands, then after another 100,000.
import { waitFor } from "../../test/support/browser.mjs";
import { COMMANDS, pushCommands } from "../commands.mjs";
import { openLoadedSdkPage } from "../page-server.mjs";
import { figure, group, row } from "../table.mjs";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function heapUsed(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  return usage.usedSize;
}

async function withoutSdk(browser, server) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/nosdk`, { waitUntil: "load" });
    const cdp = await context.newCDPSession(page);
    await page.evaluate(() => 0); // Playwright's own page script, present in the other measurements too
    await sleep(400);
    return await heapUsed(cdp);
  } finally {
    await context.close();
  }
}

/** Pushes 100,000 commands, waits until synced and quiet, and reads the heap. */
async function afterCommands(page, cdp, seed) {
  await pushCommands(page, COMMANDS, seed);
  await waitFor("session synced", () => page.evaluate(() => window.$crisp.is("session:synced")), 30_000, 20);
  await sleep(250);
  return heapUsed(cdp);
}

async function run({ quick, browser, server }) {
  // The heap figures vary by a few KiB at most between runs: three are enough.
  const runs = quick ? 2 : 3;
  const [bare, idle, after, again] = [[], [], [], []];
  for (let run = 0; run < runs; run++) {
    bare.push(await withoutSdk(browser, server));
    const { context, page } = await openLoadedSdkPage(browser, server);
    const cdp = await context.newCDPSession(page);
    await sleep(250);
    idle.push(await heapUsed(cdp));
    after.push(await afterCommands(page, cdp, 3000 + run));
    // Another 100,000 in the same page: what is held for good grows again; a one-time cost (compiled code) does not.
    again.push(await afterCommands(page, cdp, 4000 + run));
    await context.close();
  }
  const section = "JavaScript heap after GC (CDP Runtime.getHeapUsage usedSize)";
  row(section, "SDK loaded, session read, no command", figure(idle), figure(bare), "KiB", "same page without the SDK");
  const idleIs = "same page with the SDK and no command";
  row(section, `after ${group(COMMANDS)} commands, synced`, figure(after), figure(idle), "KiB", idleIs);
  const afterIs = `same page after the first ${group(COMMANDS)}`;
  row(section, `after another ${group(COMMANDS)} commands, synced`, figure(again), figure(after), "KiB", afterIs);
}

export default { name: "heap", browser: true, run };
