// Bursts of commands in one fresh page each: how many requests, how many bytes each way, and how soon the
// first request starts and is acknowledged, against one plain fetch POST of the folded change.
import { randomUUID } from "node:crypto";
import { waitFor } from "../../test/support/browser.mjs";
import { ALPHABET, makeCommands, pushCommands, referenceChange } from "../commands.mjs";
import { openLoadedSdkPage, WEBSITE } from "../page-server.mjs";
import { exact, figure, group, row } from "../table.mjs";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const SIZES = [1, 10, 1_000, 100_000];

/** One burst in a fresh page, then the floor in the same page: one plain fetch POST of the folded change. */
async function burst(browser, server, size, seed) {
  const { context, page } = await openLoadedSdkPage(browser, server);
  try {
    await sleep(150);
    const before = { requests: server.requests.length, bytes: server.bytes() };
    const firstCommandAt = await pushCommands(page, size, seed);
    await waitFor("session synced", () => page.evaluate(() => window.$crisp.is("session:synced")), 30_000, 20);
    await sleep(250); // anything the SDK would still send after the acknowledgement
    const seen = server.requests.slice(before.requests);
    const after = server.bytes();
    const timing = await page.evaluate((start) => {
      const entries = performance
        .getEntriesByType("resource")
        .filter((e) => e.initiatorType === "fetch" && e.name.includes("/segments") && e.startTime >= start);
      return entries.length ? { start: entries[0].startTime, end: entries[0].responseEnd } : null;
    }, firstCommandAt);
    const errors = await page.evaluate(() => window.__errors.slice(0, 3));
    if (errors.length > 0) throw new Error(`bench: SDK errors in burst ${size}: ${errors.join("; ")}`);

    const floorBefore = server.bytes();
    await page.evaluate(
      async ({ change, url }) => {
        const response = await fetch(url, {
          method: "POST",
          // A fresh session and revision 1, as the SDK's first change of a fresh session: same length.
          body: JSON.stringify({ revision: 1, ...change }),
          credentials: "omit",
        });
        await response.text();
      },
      {
        change: referenceChange(makeCommands(size, seed, ALPHABET)),
        url: `${server.url}/v1/website/${WEBSITE}/session/session_${randomUUID()}/segments`,
      },
    );
    await sleep(50);
    const floorAfter = server.bytes();
    return {
      posts: seen.filter((r) => r.method === "POST").length,
      others: seen.filter((r) => r.method !== "POST").length,
      up: after.read - before.bytes.read,
      down: after.written - before.bytes.written,
      toRequest: timing ? timing.start - firstCommandAt : null,
      toAck: timing ? timing.end - firstCommandAt : null,
      floorUp: floorAfter.read - floorBefore.read,
      floorDown: floorAfter.written - floorBefore.written,
    };
  } finally {
    await context.close();
  }
}

async function run({ quick, browser, server }) {
  const section = "Bursts of commands against the reference service (one fresh page per run)";
  for (const size of SIZES) {
    const runs = quick ? 2 : size >= 100_000 ? 3 : 5;
    const results = [];
    for (let run = 0; run < runs; run++) results.push(await burst(browser, server, size, 2000 + run));
    const all = (key) => results.map((r) => r[key]).filter((value) => value !== null);
    const timed = (key) => (all(key).length ? figure(all(key)) : "n/a");
    const label = `burst of ${group(size)}`;
    const floorIs = "one request per burst (the floor)";
    row(section, `${label}: POST requests`, figure(all("posts")), exact(1), "", floorIs, { digits: 0 });
    if (all("others").some((n) => n > 0)) {
      const name = `${label}: other protocol requests (GET) during the burst`;
      row(section, name, figure(all("others")), exact(0), "", "none", { digits: 0 });
    }
    const plainIs = "one plain fetch POST of the folded change, same page";
    row(
      section,
      `${label}: bytes sent (request line+headers+body)`,
      figure(all("up")),
      figure(all("floorUp")),
      "B",
      plainIs,
    );
    const answerIs = "answer to that plain fetch POST";
    row(section, `${label}: bytes received (answers)`, figure(all("down")), figure(all("floorDown")), "B", answerIs);
    const guarantee = "docs/protocol.md guarantee 4: within 1 s";
    row(section, `${label}: first command → request starts`, timed("toRequest"), exact(1000), "ms", guarantee);
    const bound = "same 1 s bound, for reference";
    row(section, `${label}: first command → acknowledged`, timed("toAck"), exact(1000), "ms", bound);
  }
}

export default { name: "bursts", browser: true, run };
