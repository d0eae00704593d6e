// `npm run bench`: measures the BUILT files in dist/ (the npm script builds first) and prints one markdown table,
// each figure beside the baseline it is compared with in the same run, and their ratio. Timing figures are the
// median of several runs with the spread (min–max); sizes are exact. Reported, never asserted: the only gate is
// scripts/check-size.mjs. One module per group of figures in bench/groups/; `node bench/run.mjs service heap`
// runs only those groups. Browser figures run in Debian's Chromium (CHROMIUM_PATH) through playwright-core.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium); BENCH_QUICK=1 runs fewer repetitions (a smoke test);
// DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) for the PostgreSQL figures.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../test/support/browser.mjs";
import bursts from "./groups/bursts.mjs";
import faults from "./groups/faults.mjs";
import heap from "./groups/heap.mjs";
import idle from "./groups/idle.mjs";
import load from "./groups/load.mjs";
import push from "./groups/push.mjs";
import service from "./groups/service.mjs";
import sizes from "./groups/sizes.mjs";
import teamLists from "./groups/team-lists.mjs";
import webhooks from "./groups/webhooks.mjs";
import { startPageServer } from "./page-server.mjs";
import { note, printedNotes, table } from "./table.mjs";

const GROUPS = [sizes, load, push, bursts, idle, heap, faults, service, webhooks, teamLists];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const STARTED = performance.now();
const LOAD_AT_START = loadavg()[0];
// The whole bench is bounded: anything stuck ends it with an error rather than a hang.
const WATCHDOG_MS = 420_000;

const log = (message) =>
  process.stderr.write(`[bench ${((performance.now() - STARTED) / 1000).toFixed(1)}s] ${message}\n`);

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !GROUPS.some((g) => g.name === name));
if (unknown.length > 0) {
  console.error(`bench: no group named ${unknown.join(", ")}; the groups are ${GROUPS.map((g) => g.name).join(", ")}`);
  process.exit(1);
}
const chosen = asked.length ? GROUPS.filter((g) => asked.includes(g.name)) : GROUPS;
for (const file of ["crisp-segments.js", "crisp-segments.mjs", "server.mjs"]) {
  if (!existsSync(join(DIST, file))) {
    console.error(`bench: dist/${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

const context = { root: ROOT, dist: DIST, quick: process.env.BENCH_QUICK === "1", log, note };
let chromiumVersion = "not run";
/** One Chromium and one page server for every browser group, closed after the last of them. */
let shared = null;
const lastBrowserGroup = chosen.findLastIndex((g) => g.browser);
try {
  for (const [index, g] of chosen.entries()) {
    if (g.browser && !shared) {
      const [browser, server] = await Promise.all([launchChromium(), startPageServer(DIST)]);
      shared = { browser, server };
      chromiumVersion = browser.version();
    }
    log(g.name);
    await g.run({ ...context, ...shared });
    if (index === lastBrowserGroup) await closeShared();
  }
} finally {
  await closeShared();
}

async function closeShared() {
  if (!shared) return;
  const { browser, server } = shared;
  shared = null;
  await browser.close();
  await server.close();
}

console.log(
  `crisp-segments bench: Node ${process.version}, Chromium ${chromiumVersion}, ${cpus().length} CPUs, ` +
    `1-min load average ${LOAD_AT_START.toFixed(2)} at start and ${loadavg()[0].toFixed(2)} at end; ` +
    `${((performance.now() - STARTED) / 1000).toFixed(0)} s. Each figure: median (min–max) of the runs shown.\n`,
);
console.log(table());
const notes = printedNotes();
if (notes) console.log(`\n${notes}`);
clearTimeout(watchdog);
