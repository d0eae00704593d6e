// A visible idle page: what its minute's read of the session costs on the wire. No page runs for an hour: one
// read's bytes (request line, headers and answer, as counted on the service's sockets) are measured in Chromium,
// the read triggered by a focus event as the SDK does every minute, and multiplied by 60.
import { waitFor } from "../../test/support/browser.mjs";
import { openLoadedSdkPage } from "../page-server.mjs";
import { figure, row } from "../table.mjs";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const READS_PER_HOUR = 60;
const SEGMENTS = ["registered_users", "lead", "vip"];

/** Bytes each way while `act` runs and its request of `method` is answered. */
async function measure(server, method, act) {
  await sleep(100);
  const count = server.requests.filter((request) => request.method === method).length;
  const before = server.bytes();
  await act();
  await waitFor(`a ${method}`, () => server.requests.filter((r) => r.method === method).length > count, 5_000, 10);
  await sleep(150); // the answer's last bytes
  const after = server.bytes();
  return after.read - before.read + after.written - before.written;
}

async function run({ quick, browser, server }) {
  const section = "A visible idle page (one read of the session a minute)";
  const reads = [];
  const posts = [];
  for (let run = 0; run < (quick ? 2 : 5); run++) {
    const { context, page } = await openLoadedSdkPage(browser, server);
    try {
      // The baseline first: one change POST of a typical list, from the SDK itself.
      posts.push(
        await measure(server, "POST", () =>
          page.evaluate((segments) => window.$crisp.push(["set", "session:segments", [segments]]), SEGMENTS),
        ),
      );
      await waitFor("session synced", () => page.evaluate(() => window.$crisp.is("session:synced")), 10_000, 20);
      reads.push(await measure(server, "GET", () => page.evaluate(() => window.dispatchEvent(new Event("focus")))));
      const errors = await page.evaluate(() => window.__errors.slice(0, 3));
      if (errors.length > 0) throw new Error(`bench: SDK errors on the idle page: ${errors.join("; ")}`);
    } finally {
      await context.close();
    }
  }
  const baseline = "one change POST of the same 3-segment list (request+answer)";
  row(section, "one read of the session: bytes (request+answer)", figure(reads), figure(posts), "B", baseline);
  row(
    section,
    `bytes per hour: one read's bytes × ${READS_PER_HOUR} (measured once per run, not over an hour)`,
    figure(reads.map((bytes) => bytes * READS_PER_HOUR)),
    figure(posts.map((bytes) => bytes * READS_PER_HOUR)),
    "B",
    `${READS_PER_HOUR} such change POSTs (one change a minute)`,
  );
}

export default { name: "idle", browser: true, run };
