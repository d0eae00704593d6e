// `npm run bench`: measures the BUILT files in dist/ (run `npm run build` first) and prints one markdown table,
// each figure beside the baseline it is compared with in the same run, and their ratio. Timing figures are the
// median of several runs with the spread (min–max); sizes are exact. Reported, never asserted: the only gate is
// scripts/check-size.mjs. Browser figures run in Debian's Chromium (CHROMIUM_PATH) through playwright-core; the
// service figures drive dist/server.mjs, in a worker thread, over loopback with fetch; the fault figures put the
// same built service behind a fault injector (bench/faults.mjs) that the pages talk to.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium); BENCH_QUICK=1 runs fewer repetitions (for a smoke test).

import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const SHIPPED = ["crisp-segments.js", "crisp-segments.mjs", "server.mjs"];
const QUICK = process.env.BENCH_QUICK === "1";
const WEBSITE = "bench-website";
const COMMANDS = 100_000;
const ALPHABET = 50;
const BENCH_STARTED = performance.now();
const LOAD_AT_START = loadavg()[0];

// The whole bench is bounded: anything stuck ends it with an error rather than a hang.
const WATCHDOG_MS = 280_000;
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

for (const file of SHIPPED) {
  if (!existsSync(join(DIST, file))) {
    console.error(`bench: dist/${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const { chromium } = await import("playwright-core");
const { createMemoryStore, createSegmentsHandler, createStaticFiles, serveNode } = await import(
  pathToFileURL(join(DIST, "server.mjs")).href
);

// ---------------------------------------------------------------------------------------------------------------
// Statistics and formatting

const sorted = (values) => values.slice().sort((a, b) => a - b);
function median(values) {
  const s = sorted(values);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 ? s[middle] : (s[middle - 1] + s[middle]) / 2;
}
function quantile(values, q) {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const position = (s.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return s[low] + (s[high] - s[low]) * (position - low);
}
/** A figure: the median of `values`, with their min–max. */
const figure = (values) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  n: values.length,
});
const exact = (value) => ({ median: value, min: value, max: value, n: 1 });

const group = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
function number(value, digits) {
  if (!Number.isFinite(value)) return String(value);
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  const [whole, fraction] = Math.abs(value).toFixed(d).split(".");
  return `${value < 0 ? "-" : ""}${group(whole)}${fraction ? `.${fraction}` : ""}`;
}
/** Units: the scale a value is shown at, and its suffix; the spread is shown at the same scale. */
const UNITS = {
  B: { scale: 1, suffix: " B", digits: 0 },
  KiB: { scale: 1 / 1024, suffix: " KiB", digits: 1 },
  ms: { scale: 1, suffix: " ms" },
  ns: { scale: 1, suffix: " ns" },
  "/s": { scale: 1, suffix: "/s", digits: 0 },
  "": { scale: 1, suffix: "" },
};
function show(f, unit, digits) {
  if (f === null || f === undefined) return "—";
  if (typeof f === "string") return f;
  const { scale, suffix, digits: unitDigits } = UNITS[unit];
  const d = digits ?? unitDigits;
  const at = (value) => number(value * scale, d);
  if (f.n === 1 || f.min === f.max) return `${at(f.median)}${suffix}`;
  return `${at(f.median)}${suffix} (${at(f.min)}–${at(f.max)})`;
}
function ratio(ours, base) {
  if (!ours || !base || typeof ours === "string" || typeof base === "string") return "—";
  if (base.median === 0) return ours.median === 0 ? "×1" : "—";
  const r = ours.median / base.median;
  return `×${r >= 100 ? number(r, 0) : r >= 10 ? number(r, 1) : number(r, 2)}`;
}

const rows = [];
/** One table row. `section` groups rows; `baselineIs` says what the figure is compared with. */
function row(section, name, ours, base, unit, baselineIs, options = {}) {
  rows.push({
    section,
    name,
    ours: show(ours, unit, options.digits),
    base: show(base, unit, options.digits),
    ratio: options.ratio ?? ratio(ours, base),
    baselineIs,
    n: options.n ?? (typeof ours === "object" && ours ? ours.n : ""),
  });
}
function table() {
  const lines = ["| figure | ours | baseline | ratio | baseline is | runs |", "|---|---:|---:|---:|---|---:|"];
  let section = "";
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push(`| **${section}** | | | | | |`);
    }
    lines.push(`| ${r.name} | ${r.ours} | ${r.base} | ${r.ratio} | ${r.baselineIs} | ${r.n} |`);
  }
  return lines.join("\n");
}
const log = (message) =>
  process.stderr.write(`[bench ${((performance.now() - BENCH_STARTED) / 1000).toFixed(1)}s] ${message}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Sizes

const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;
const brotli = (buffer) =>
  brotliCompressSync(buffer, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
      [zlibConstants.BROTLI_PARAM_LGWIN]: zlibConstants.BROTLI_MAX_WINDOW_BITS,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
    },
  }).length;
const sizesOf = (buffer) => ({ raw: buffer.length, gzip: gzip(buffer), brotli: brotli(buffer) });

/** ky alone, bundled the way the IIFE bundles it (rollup + node-resolve for browsers + terser), in memory. */
async function bundleKyAlone() {
  const { rollup } = await import("rollup");
  const { default: nodeResolve } = await import("@rollup/plugin-node-resolve");
  const { default: terser } = await import("@rollup/plugin-terser");
  const ENTRY = "\0bench-ky-entry";
  const bundle = await rollup({
    input: ENTRY,
    onwarn: () => {},
    plugins: [
      {
        name: "bench-entry",
        resolveId: (id) => (id === ENTRY ? id : null),
        load: (id) => (id === ENTRY ? 'import ky from "ky"; window.k = ky;' : null),
      },
      nodeResolve({ browser: true, rootDir: ROOT }),
    ],
  });
  const { output } = await bundle.generate({ format: "iife", plugins: [terser({ format: { comments: false } })] });
  await bundle.close();
  return Buffer.from(output[0].code);
}

/** The file as a consumer's bundler would minify it (terser, default options), for the unminified ES builds. */
async function minified(buffer) {
  const { minify } = await import("terser");
  const { code } = await minify(buffer.toString("utf8"), { module: true, format: { comments: false } });
  return Buffer.from(code);
}

async function benchSizes() {
  const budgetFile = join(ROOT, "bench", "size-budget.json");
  const budget = existsSync(budgetFile) ? JSON.parse(readFileSync(budgetFile, "utf8")) : {};
  const iife = readFileSync(join(DIST, "crisp-segments.js"));
  const iifeSizes = sizesOf(iife);
  const budgetGzip = budget["crisp-segments.js"]?.gzip;
  const section = "Size of dist/ files (bytes, exact)";
  row(
    section,
    "crisp-segments.js (IIFE), gzip -9",
    exact(iifeSizes.gzip),
    budgetGzip ? exact(budgetGzip) : null,
    "B",
    "size budget (bench/size-budget.json)",
  );
  const ky = sizesOf(await bundleKyAlone());
  const kyVersion = JSON.parse(readFileSync(join(ROOT, "node_modules", "ky", "package.json"), "utf8")).version;
  for (const kind of ["raw", "gzip", "brotli"]) {
    row(
      section,
      `crisp-segments.js (IIFE), ${kind === "raw" ? "raw (minified)" : kind === "gzip" ? "gzip -9" : "brotli q11"}`,
      exact(iifeSizes[kind]),
      exact(ky[kind]),
      "B",
      `ky ${kyVersion} alone, bundled and minified the same way`,
    );
  }
  for (const file of ["crisp-segments.mjs", "server.mjs"]) {
    const buffer = readFileSync(join(DIST, file));
    const shipped = sizesOf(buffer);
    const small = sizesOf(await minified(buffer));
    for (const kind of ["raw", "gzip", "brotli"]) {
      row(
        section,
        `${file}, ${kind === "raw" ? "raw" : kind === "gzip" ? "gzip -9" : "brotli q11"}`,
        exact(shipped[kind]),
        exact(small[kind]),
        "B",
        "same file after terser (what a consumer's minifier ships)",
      );
    }
  }
  return { iifeGzip: iifeSizes.gzip, kyGzip: ky.gzip };
}

// ---------------------------------------------------------------------------------------------------------------
// Browser: a local server for pages + the reference service, and Chromium

/**
 * One node:http server: test pages by path, dist/ files, and the reference service (memory store) for the page's
 * own origin. It counts the bytes read and written on every socket, and logs every protocol request.
 */
async function startPageServer() {
  const pages = new Map();
  const requests = [];
  const files = createStaticFiles({ root: DIST, prefix: "/dist/" });
  let segments;
  const app = async (request, context) => {
    const url = new URL(request.url);
    const page = pages.get(url.pathname);
    if (page !== undefined) {
      return new Response(page, {
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      });
    }
    const file = await files(request);
    if (file) {
      file.headers.set("cache-control", "no-store");
      return file;
    }
    if (url.pathname.startsWith("/v1/")) {
      requests.push({
        method: request.method,
        path: url.pathname,
        at: Date.now(),
        bodyBytes: Number(request.headers.get("content-length") ?? 0),
      });
    }
    return segments(request, context);
  };
  const running = await serveNode(app, { port: 0, host: "127.0.0.1", onError: () => {} });
  segments = createSegmentsHandler({ websites: { [WEBSITE]: { origins: [running.url] } }, store: createMemoryStore() });
  const sockets = new Set();
  let closedRead = 0;
  let closedWritten = 0;
  running.server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      closedRead += socket.bytesRead;
      closedWritten += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  return {
    url: running.url,
    pages,
    requests,
    /** Bytes the server read (requests) and wrote (answers) on all sockets so far. */
    bytes() {
      let read = closedRead;
      let written = closedWritten;
      for (const socket of sockets) {
        read += socket.bytesRead;
        written += socket.bytesWritten;
      }
      return { read, written };
    },
    close: () => {
      running.server.closeAllConnections();
      return running.close();
    },
  };
}

function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
async function waitFor(what, condition, timeoutMs = 20_000, stepMs = 20) {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`bench: ${what} not reached within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}

/** The page settings of the classic snippet: queue, website id, safe mode, and the two listeners we read. */
const SNIPPET_CONFIG = `window.$crisp = []; window.CRISP_WEBSITE_ID = ${JSON.stringify(WEBSITE)};
window.__errors = []; window.__loaded = null;
$crisp.push(["safe", true]);
$crisp.push(["on", "error", function (e) { window.__errors.push(e.code + ": " + e.message); }]);
$crisp.push(["on", "session:loaded", function (id) { window.__loaded = id; }]);`;

/** The snippet as a site embeds it: config, then the script loaded asynchronously from the service's origin. */
const snippetPage = (withSdk) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>${SNIPPET_CONFIG}</script>
${withSdk ? '<script async src="/dist/crisp-segments.js"></script>' : ""}
</head><body><p>bench page</p></body></html>`;

/**
 * The commands of the push and burst figures: a seeded mix of set (60%) and remove (40%) of 1 or 2 names from a
 * 50-name alphabet, so the 100-segment limit is never reached. Runs in the page (as source) and in Node.
 */
function makeCommands(count, seed, alphabet) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const names = [];
  for (let i = 0; i < alphabet; i++) names.push(`segment-${String(i).padStart(2, "0")}`);
  const commands = new Array(count);
  for (let i = 0; i < count; i++) {
    const picked = [names[Math.floor(random() * alphabet)]];
    if (random() < 0.3) picked.push(names[Math.floor(random() * alphabet)]);
    commands[i] = random() < 0.6 ? ["set", "session:segments", [picked]] : ["do", "session:segments:remove", [picked]];
  }
  return commands;
}
const MAKE_COMMANDS = makeCommands.toString();

/** The protocol's folding rules, applied to the same commands: the smallest change a burst can become. */
function referenceChange(commands) {
  const add = [];
  const remove = [];
  for (const [verb, , [names]] of commands) {
    for (const name of names) {
      if (verb === "set") {
        if (!add.includes(name)) add.push(name);
      } else {
        if (!remove.includes(name)) remove.push(name);
        const at = add.indexOf(name);
        if (at >= 0) add.splice(at, 1);
      }
    }
  }
  return { overwrite: false, segments: add, remove };
}

async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  return { context, page };
}
async function openLoadedSdkPage(browser, server) {
  const opened = await openPage(browser, `${server.url}/sdk`);
  await waitFor("session:loaded", () => opened.page.evaluate(() => window.__loaded !== null), 10_000);
  return opened;
}

// --- time spent parsing and running the IIFE ------------------------------------------------------------------

/**
 * What runs between the two performance marks of the page-load figures:
 * - sdk: the IIFE, inline;
 * - io: only the I/O any such SDK must do at load, the floor of its platform cost: a localStorage read and
 *   write (the first access opens the origin's storage) and one fetch of the session's state;
 * - none: nothing (an empty script).
 * Every source gets a unique comment per run, so that no V8 compilation cache can serve it.
 */
const IO_FLOOR = `localStorage.getItem("crisp-segments:${WEBSITE}:current");
localStorage.setItem("bench-floor", "x");
fetch("/v1/website/${WEBSITE}/session/session_" + crypto.randomUUID() + "/segments").then(function (r) { return r.json(); })
  .then(function () { window.__loaded = "floor"; });`;
function evalPage(iife, variant, run) {
  const body = { sdk: iife, io: IO_FLOOR, none: "" }[variant];
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>${SNIPPET_CONFIG}</script>
<script>performance.mark("sdk-start")</script>
<script>${body}\n//# bench-run=${run}-${randomUUID()}</script>
<script>performance.mark("sdk-end")</script>
</head><body><p>bench page</p></body></html>`;
}

async function benchPageCost(browser, server) {
  const iife = readFileSync(join(DIST, "crisp-segments.js"), "utf8");
  const runs = QUICK ? 3 : 7;
  const variants = ["sdk", "io", "none"];
  const result = Object.fromEntries(variants.map((v) => [v, { script: [], task: [], compile: [], marks: [] }]));
  for (let run = 0; run < runs; run++) {
    // Rotate which variant goes first, so that drift in the machine's load falls on all of them.
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(run + k) % variants.length];
      const path = `/eval-${run}-${variant}`;
      server.pages.set(path, evalPage(iife, variant, run));
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable");
      await page.goto(server.url + path, { waitUntil: "load" });
      // A fixed settle, the same for both pages, so the SDK's first read of the session (and its handling) is
      // counted; nothing of Playwright runs in the page before the metrics are read.
      await sleep(400);
      const { metrics } = await cdp.send("Performance.getMetrics");
      const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
      const marks = await page.evaluate(() => performance.measure("sdk", "sdk-start", "sdk-end").duration);
      if (variant !== "none") {
        const loaded = await page.evaluate(() => window.__loaded);
        if (!loaded) throw new Error(`bench: the ${variant} page did not read its session within 400 ms`);
      }
      const bucket = result[variant];
      bucket.script.push(metric("ScriptDuration") * 1000);
      bucket.task.push(metric("TaskDuration") * 1000);
      bucket.compile.push(metric("V8CompileDuration") * 1000);
      bucket.marks.push(marks);
      server.pages.delete(path);
      await context.close();
    }
  }
  const section = "Page load, Chromium (ms of main-thread time)";
  const { sdk, io, none } = result;
  row(
    section,
    "IIFE parse+compile+run (inline, between two performance marks)",
    figure(sdk.marks),
    figure(none.marks),
    "ms",
    "same marks around an empty inline script",
  );
  row(
    section,
    "IIFE parse+compile+run (inline, between two performance marks)",
    figure(sdk.marks),
    figure(io.marks),
    "ms",
    "same marks around a script doing only the I/O: a localStorage read+write, one fetch",
  );
  row(
    section,
    "script time of the whole page load (CDP ScriptDuration)",
    figure(sdk.script),
    figure(none.script),
    "ms",
    "same page without the SDK",
  );
  row(
    section,
    "script time of the whole page load (CDP ScriptDuration)",
    figure(sdk.script),
    figure(io.script),
    "ms",
    "same page with the I/O-only script",
  );
  row(
    section,
    "V8 compile time of the whole page load (CDP V8CompileDuration)",
    figure(sdk.compile),
    figure(none.compile),
    "ms",
    "same page without the SDK",
  );
  row(
    section,
    "main-thread task time of the whole page load (CDP TaskDuration)",
    figure(sdk.task),
    figure(none.task),
    "ms",
    "same page without the SDK",
  );
}

// --- cost per command --------------------------------------------------------------------------------------------

async function benchPushCost(browser, server) {
  const runs = QUICK ? 2 : 5;
  const sdk = [];
  const floor = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openLoadedSdkPage(browser, server);
    const measured = await page.evaluate(
      async ({ source, count, alphabet, seed, sdkFirst }) => {
        const make = (0, eval)(`(${source})`);
        const commands = make(count, seed, alphabet);
        const nextTask = () => new Promise((done) => setTimeout(done, 0));
        // Both loops end at the next task, so that work they queued as microtasks (the SDK's merge into
        // storage, its events) is counted too.
        const timeSdk = async () => {
          const start = performance.now();
          for (let i = 0; i < commands.length; i++) window.$crisp.push(commands[i]);
          await nextTask();
          return performance.now() - start;
        };
        // The floor: the same commands folded into a Set. Timed over 20 passes (one pass is about 1 ms, too
        // close to the clock's resolution), reported per pass.
        const timeSet = async () => {
          const passes = 20;
          let sink = 0;
          const start = performance.now();
          for (let pass = 0; pass < passes; pass++) {
            const set = new Set();
            for (let i = 0; i < commands.length; i++) {
              const command = commands[i];
              const names = command[2][0];
              if (command[0] === "set") for (let j = 0; j < names.length; j++) set.add(names[j]);
              else for (let j = 0; j < names.length; j++) set.delete(names[j]);
            }
            sink += set.size;
          }
          await nextTask();
          window.__sink = sink;
          return (performance.now() - start) / passes;
        };
        await nextTask();
        let sdkMs;
        let setMs;
        if (sdkFirst) {
          sdkMs = await timeSdk();
          setMs = await timeSet();
        } else {
          setMs = await timeSet();
          sdkMs = await timeSdk();
        }
        return {
          sdkMs,
          setMs,
          errors: window.__errors.slice(0, 3),
          segments: window.$crisp.get("session:segments").length,
        };
      },
      { source: MAKE_COMMANDS, count: COMMANDS, alphabet: ALPHABET, seed: 1000 + run, sdkFirst: run % 2 === 0 },
    );
    if (measured.errors.length > 0) throw new Error(`bench: the SDK refused commands: ${measured.errors.join("; ")}`);
    sdk.push((measured.sdkMs * 1e6) / COMMANDS);
    floor.push((measured.setMs * 1e6) / COMMANDS);
    await context.close();
  }
  const section = `$crisp.push, ${group(COMMANDS)} commands in one page (ns per command)`;
  row(
    section,
    "set/remove of 1–2 names from 50 (60/40), until the next task",
    figure(sdk),
    figure(floor),
    "ns",
    "same commands folded into a Set (add/delete), same page",
  );
}

// --- requests, bytes and latency of bursts ----------------------------------------------------------------------

async function benchBursts(browser, server) {
  const sizes = [1, 10, 1_000, 100_000];
  const section = "Bursts of commands against the reference service (one fresh page per run)";
  for (const size of sizes) {
    const runs = QUICK ? 2 : size >= 100_000 ? 3 : 5;
    const posts = [];
    const otherRequests = [];
    const up = [];
    const down = [];
    const toRequest = [];
    const toAck = [];
    const floorUp = [];
    const floorDown = [];
    for (let run = 0; run < runs; run++) {
      const { context, page } = await openLoadedSdkPage(browser, server);
      await sleep(150);
      const seed = 2000 + run;
      const reference = referenceChange(makeCommands(size, seed, ALPHABET));
      const before = { requests: server.requests.length, bytes: server.bytes() };
      const firstCommandAt = await page.evaluate(
        ({ source, size, alphabet, seed }) => {
          const commands = (0, eval)(`(${source})`)(size, seed, alphabet);
          const start = performance.now();
          for (let i = 0; i < commands.length; i++) window.$crisp.push(commands[i]);
          return start;
        },
        { source: MAKE_COMMANDS, size, alphabet: ALPHABET, seed },
      );
      await waitFor("session synced", () => page.evaluate(() => window.$crisp.is("session:synced")), 30_000);
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
      posts.push(seen.filter((r) => r.method === "POST").length);
      otherRequests.push(seen.filter((r) => r.method !== "POST").length);
      up.push(after.read - before.bytes.read);
      down.push(after.written - before.bytes.written);
      if (timing) {
        toRequest.push(timing.start - firstCommandAt);
        toAck.push(timing.end - firstCommandAt);
      }

      // The floor, measured the same way in the same page: one plain fetch POST carrying the folded change.
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
          change: reference,
          url: `${server.url}/v1/website/${WEBSITE}/session/session_${randomUUID()}/segments`,
        },
      );
      await sleep(50);
      const floorAfter = server.bytes();
      floorUp.push(floorAfter.read - floorBefore.read);
      floorDown.push(floorAfter.written - floorBefore.written);
      await context.close();
    }
    const label = `burst of ${group(size)}`;
    row(section, `${label}: POST requests`, figure(posts), exact(1), "", "one request per burst (the floor)", {
      digits: 0,
    });
    if (otherRequests.some((n) => n > 0)) {
      row(
        section,
        `${label}: other protocol requests (GET) during the burst`,
        figure(otherRequests),
        exact(0),
        "",
        "none",
        { digits: 0 },
      );
    }
    row(
      section,
      `${label}: bytes sent (request line+headers+body)`,
      figure(up),
      figure(floorUp),
      "B",
      "one plain fetch POST of the folded change, same page",
    );
    row(
      section,
      `${label}: bytes received (answers)`,
      figure(down),
      figure(floorDown),
      "B",
      "answer to that plain fetch POST",
    );
    row(
      section,
      `${label}: first command → request starts`,
      toRequest.length ? figure(toRequest) : "n/a",
      exact(1000),
      "ms",
      "PROTOCOL.md guarantee 4: within 1 s",
    );
    row(
      section,
      `${label}: first command → acknowledged`,
      toAck.length ? figure(toAck) : "n/a",
      exact(1000),
      "ms",
      "same 1 s bound, for reference",
    );
  }
}

// --- heap ------------------------------------------------------------------------------------------------------------

async function heapUsed(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  return usage.usedSize;
}

async function benchHeap(browser, server) {
  // The heap figures vary by a few KiB at most between runs: three are enough.
  const runs = QUICK ? 2 : 3;
  const after = [];
  const again = [];
  const idle = [];
  const bare = [];
  for (let run = 0; run < runs; run++) {
    {
      const { context, page } = await openPage(browser, `${server.url}/nosdk`);
      const cdp = await context.newCDPSession(page);
      await page.evaluate(() => 0); // Playwright's own page script, present in the other measurements too
      await sleep(400);
      bare.push(await heapUsed(cdp));
      await context.close();
    }
    const { context, page } = await openLoadedSdkPage(browser, server);
    const cdp = await context.newCDPSession(page);
    await sleep(250);
    idle.push(await heapUsed(cdp));
    await page.evaluate(
      ({ source, count, alphabet, seed }) => {
        const commands = (0, eval)(`(${source})`)(count, seed, alphabet);
        for (let i = 0; i < commands.length; i++) window.$crisp.push(commands[i]);
      },
      { source: MAKE_COMMANDS, count: COMMANDS, alphabet: ALPHABET, seed: 3000 + run },
    );
    await waitFor("session synced", () => page.evaluate(() => window.$crisp.is("session:synced")), 30_000);
    await sleep(250);
    after.push(await heapUsed(cdp));
    // Another 100,000 in the same page: what is held for good grows again; a one-time cost (compiled code) does not.
    await page.evaluate(
      ({ source, count, alphabet, seed }) => {
        const commands = (0, eval)(`(${source})`)(count, seed, alphabet);
        for (let i = 0; i < commands.length; i++) window.$crisp.push(commands[i]);
      },
      { source: MAKE_COMMANDS, count: COMMANDS, alphabet: ALPHABET, seed: 4000 + run },
    );
    await waitFor("session synced", () => page.evaluate(() => window.$crisp.is("session:synced")), 30_000);
    await sleep(250);
    again.push(await heapUsed(cdp));
    await context.close();
  }
  const section = "JavaScript heap after GC (CDP Runtime.getHeapUsage usedSize)";
  row(section, "SDK loaded, session read, no command", figure(idle), figure(bare), "KiB", "same page without the SDK");
  row(
    section,
    `after ${group(COMMANDS)} commands, synced`,
    figure(after),
    figure(idle),
    "KiB",
    "same page with the SDK and no command",
  );
  row(
    section,
    `after another ${group(COMMANDS)} commands, synced`,
    figure(again),
    figure(after),
    "KiB",
    `same page after the first ${group(COMMANDS)}`,
  );
}

// --- delivery after injected faults -------------------------------------------------------------------------------

/**
 * For each fault, a fresh context with the snippet page on a fault-injecting service (bench/faults.mjs, same
 * origin): wait for session:loaded, inject the fault, push one command, and time from the push (the page's
 * Date.now() just before $crisp.push) to the moment the service's store applied the change (Date.now() in the
 * store, server-side; same machine clock). Each run does every case once, after a no-fault case measured the
 * same way, which is the baseline; for the faults that impose a wait, the floor is that wait, measured per run
 * from the push to the earliest moment the fault allows a delivery.
 */
const FAULT_SEGMENT = "x";
const FAULT_COMMAND = ["set", "session:segments", [[FAULT_SEGMENT]]];
const FAULT_TIMEOUT_MS = 15_000;

async function benchFaults(browser) {
  const { startFaultService } = await import("./faults.mjs");
  const service = await startFaultService({ website: WEBSITE, script: join(DIST, "crisp-segments.js") });
  service.pages.set("/sdk", snippetPage(true));
  service.pages.set("/nosdk", snippetPage(false));
  const runs = QUICK ? 1 : 3;

  const open = async (context) => {
    const page = await context.newPage();
    await page.goto(`${service.url}/sdk`, { waitUntil: "load" });
    await waitFor("session:loaded", () => page.evaluate(() => window.__loaded !== null), 10_000);
    return { page, sessionId: await page.evaluate(() => window.__loaded) };
  };
  const push = (page) =>
    page.evaluate((command) => {
      const at = Date.now();
      window.$crisp.push(command);
      return at;
    }, FAULT_COMMAND);
  const applied = async (sessionId) => {
    await waitFor(
      `delivery of session ${sessionId}`,
      () => service.appliedAt(sessionId, FAULT_SEGMENT) !== null,
      FAULT_TIMEOUT_MS,
      5,
    );
    return service.appliedAt(sessionId, FAULT_SEGMENT);
  };
  const errorsOf = async (page) =>
    page.isClosed() ? [] : page.evaluate(() => window.__errors.slice(0, 3)).catch(() => []);
  /** Requests of the session from `since` on, for the log: "POST 500 +112ms, POST +301ms". */
  const trace = (sessionId, since) =>
    service
      .requestsOf(sessionId)
      .filter((r) => r.at >= since)
      .map((r) => `${r.method}${r.fault ? ` ${r.fault}` : ""} +${r.at - since}ms`)
      .join(", ");
  const httpDate = (ms) => new Date(ms).toUTCString();

  /**
   * The cases. Each gets a fresh context and a loaded page, and returns { ms, floor?, extra? }: push → applied,
   * the floor the fault imposes (ms from the push), and extra figures of its own.
   */
  const cases = [
    {
      key: "none",
      name: "no fault",
      run: async ({ page, sessionId }) => {
        const pushedAt = await push(page);
        return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
      },
    },
    {
      key: "500",
      name: "one 500 answer",
      run: async ({ page, sessionId }) => {
        service.inject({ status: 500 });
        const pushedAt = await push(page);
        return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
      },
    },
    {
      key: "503x3",
      name: "three 503 answers in a row",
      run: async ({ page, sessionId }) => {
        service.inject({ status: 503 }, { status: 503 }, { status: 503 });
        const pushedAt = await push(page);
        return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
      },
    },
    // Chromium itself resends a request whose kept-alive (reused) socket closes before any answer: the SDK never
    // sees that fault. On a fresh socket it fails the fetch, and the SDK's retry is what delivers.
    {
      key: "drop",
      name: "one dropped connection (socket destroyed before answering), kept-alive socket",
      run: async ({ page, sessionId }) => {
        service.inject({ drop: true });
        const pushedAt = await push(page);
        return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
      },
    },
    {
      key: "dropFresh",
      name: "one dropped connection (socket destroyed before answering), fresh socket",
      run: async ({ page, sessionId }) => {
        service.closeIdleConnections();
        await sleep(50); // the page sees its kept-alive socket closed
        service.inject({ drop: true });
        const pushedAt = await push(page);
        return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
      },
    },
    {
      key: "429s",
      name: "one 429, Retry-After: 2",
      run: async ({ page, sessionId }) => {
        let answeredAt = 0;
        service.inject({
          status: 429,
          reason: "rate_limited",
          headers: () => {
            answeredAt = Date.now();
            return { "Retry-After": "2" };
          },
        });
        const pushedAt = await push(page);
        const at = await applied(sessionId);
        return { ms: at - pushedAt, floor: answeredAt + 2000 - pushedAt, since: pushedAt };
      },
    },
    {
      key: "429date",
      name: "one 429, Retry-After as an HTTP date 2 s ahead",
      run: async ({ page, sessionId }) => {
        // An HTTP date has whole seconds: the next whole second at least 2 s after the answer (2–3 s ahead).
        let notBefore = 0;
        service.inject({
          status: 429,
          reason: "rate_limited",
          headers: () => {
            notBefore = Math.ceil((Date.now() + 2000) / 1000) * 1000;
            return { "Retry-After": httpDate(notBefore) };
          },
        });
        const pushedAt = await push(page);
        const at = await applied(sessionId);
        return { ms: at - pushedAt, floor: notBefore - pushedAt, since: pushedAt };
      },
    },
    {
      key: "down",
      name: "service down (every request 503) for 3 s, then up",
      run: async ({ page, sessionId }) => {
        service.setDown({ status: 503 });
        const downAt = Date.now();
        let upAt = 0;
        const up = setTimeout(() => {
          service.setDown(null);
          upAt = Date.now();
        }, 3000);
        try {
          const pushedAt = await push(page);
          const at = await applied(sessionId);
          return { ms: at - pushedAt, floor: upAt - pushedAt, extra: { afterUp: at - upAt }, since: pushedAt, downAt };
        } finally {
          clearTimeout(up);
          service.setDown(null);
        }
      },
    },
    {
      key: "offline",
      name: "offline 2 s (context.setOffline), then online",
      run: async ({ context, page, sessionId }) => {
        await context.setOffline(true);
        let onlineAt = 0;
        try {
          const pushedAt = await push(page);
          await sleep(2000);
          await context.setOffline(false);
          onlineAt = Date.now();
          const at = await applied(sessionId);
          return {
            ms: at - pushedAt,
            floor: onlineAt - pushedAt,
            extra: { afterOnline: at - onlineAt },
            since: pushedAt,
          };
        } finally {
          if (!onlineAt) await context.setOffline(false);
        }
      },
    },
    {
      key: "reopen",
      name: "change made while down, page closed, service up, page reopened",
      run: async ({ context, page, sessionId }) => {
        service.setDown({ status: 503 });
        let pushedAt = 0;
        try {
          pushedAt = await push(page);
          await waitFor(
            "a first refused POST",
            () => service.requestsOf(sessionId).some((r) => r.method === "POST" && r.at >= pushedAt),
            5_000,
            5,
          );
          await page.close({ runBeforeUnload: false });
          // Whatever the closing page still sends (its pagehide keepalive) meets the service down: wait until quiet.
          const quietFor = 300;
          await waitFor(
            "the closed page's last requests",
            () => {
              const last = service.requestsOf(sessionId).at(-1)?.at ?? 0;
              return Date.now() - last >= quietFor;
            },
            5_000,
            20,
          );
          if (service.appliedAt(sessionId, FAULT_SEGMENT) !== null)
            throw new Error("bench: delivered while the service was down");
        } finally {
          service.setDown(null);
        }
        const reopenedAt = Date.now();
        const next = await context.newPage();
        await next.goto(`${service.url}/sdk`, { waitUntil: "load" });
        const at = await applied(sessionId);
        const nextSession = await next.evaluate(() => window.__loaded ?? window.$crisp.get("session:identifier"));
        if (nextSession !== sessionId)
          throw new Error(`bench: the reopened page has session ${nextSession}, not ${sessionId}`);
        const read = service.requestsOf(sessionId).find((r) => r.method === "GET" && r.at >= reopenedAt);
        return {
          ms: at - reopenedAt,
          extra: { toRead: read ? read.at - reopenedAt : null },
          since: pushedAt,
          page: next,
        };
      },
    },
    {
      key: "navigate",
      name: "push, then navigate at once to a page without the SDK",
      run: async ({ page, sessionId }) => {
        const pushedAt = await page.evaluate((command) => {
          const at = Date.now();
          window.$crisp.push(command);
          location.href = "/nosdk";
          return at;
        }, FAULT_COMMAND);
        await page.waitForURL("**/nosdk", { timeout: 10_000 });
        return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
      },
    },
  ];

  const results = Object.fromEntries(cases.map((c) => [c.key, []]));
  try {
    // One change through the service first, so that the first measured one does not pay for its cold code paths.
    const warm = await fetch(`${service.url}/v1/website/${WEBSITE}/session/session_${randomUUID()}/segments`, {
      method: "POST",
      body: JSON.stringify({ revision: 1, overwrite: false, segments: ["warm-up"] }),
      headers: { "content-type": "text/plain;charset=UTF-8", origin: service.url },
    });
    if (warm.status !== 200) throw new Error(`bench: the fault service answered ${warm.status} to the warm-up change`);
    await warm.text();
    for (let run = 0; run < runs; run++) {
      // The baseline first in every run; the faults in a rotated order, so that drift falls on all of them.
      const faults = cases.slice(1);
      const order = [cases[0], ...faults.slice(run % faults.length), ...faults.slice(0, run % faults.length)];
      for (const c of order) {
        const context = await browser.newContext();
        try {
          const { page, sessionId } = await open(context);
          await sleep(150); // the load's read and its handling are over
          const result = await c.run({ context, page, sessionId });
          const errors = await errorsOf(result.page ?? page);
          if (errors.length > 0) throw new Error(`bench: SDK errors with fault "${c.name}": ${errors.join("; ")}`);
          if (service.pendingFaults() > 0) throw new Error(`bench: fault "${c.name}" was not all used`);
          results[c.key].push(result);
          if (result.floor !== undefined && result.ms < result.floor) {
            log(`WARNING: fault "${c.name}": delivered ${result.floor - result.ms} ms before the fault allows it`);
          }
          log(
            `faults run ${run + 1}: ${c.key}: ${result.ms} ms` +
              `${result.floor !== undefined ? ` (floor ${result.floor} ms)` : ""}; requests: ${trace(sessionId, result.downAt ?? result.since)}`,
          );
        } finally {
          service.clearFaults();
          service.setDown(null);
          await context.close();
        }
      }
    }
  } finally {
    await service.close();
  }

  const section =
    "Delivery after injected faults (push → the service applied it; fresh page per case, same-origin service)";
  const of = (key, pick = (r) => r.ms) => figure(results[key].map(pick));
  const base = of("none");
  const noFault = "no fault: push → applied, same run";
  row(
    section,
    "no fault: push → applied",
    base,
    exact(1000),
    "ms",
    "PROTOCOL.md guarantee 4: sent within 1 s (for reference)",
  );
  for (const c of cases.slice(1)) {
    if (c.key === "reopen") {
      row(section, `${c.name}: reopen → applied`, of("reopen"), base, "ms", noFault);
      const reads = results.reopen.map((r) => r.extra.toRead).filter((v) => v !== null);
      if (reads.length) {
        row(
          section,
          `${c.name}: reopen → applied`,
          of("reopen"),
          figure(reads),
          "ms",
          "same reopen: page opened → the SDK's session read (GET) reaches the service",
        );
      }
      continue;
    }
    if (c.key === "offline") {
      row(
        section,
        `${c.name}: back online → applied`,
        of("offline", (r) => r.extra.afterOnline),
        base,
        "ms",
        noFault,
      );
      row(
        section,
        `${c.name}: push → applied`,
        of("offline"),
        of("offline", (r) => r.floor),
        "ms",
        "floor: push → back online (setOffline(false) resolved)",
      );
      continue;
    }
    row(section, `${c.name}: push → applied`, of(c.key), base, "ms", noFault);
    if (c.key === "429s") {
      row(
        section,
        `${c.name}: push → applied`,
        of(c.key),
        of(c.key, (r) => r.floor),
        "ms",
        "floor: push → 429 answered + 2,000 ms",
      );
    } else if (c.key === "429date") {
      row(
        section,
        `${c.name}: push → applied`,
        of(c.key),
        of(c.key, (r) => r.floor),
        "ms",
        "floor: push → the date (next whole second ≥ 2 s after the 429)",
      );
    } else if (c.key === "down") {
      row(
        section,
        `${c.name}: push → applied`,
        of(c.key),
        of(c.key, (r) => r.floor),
        "ms",
        "floor: push → service up again",
      );
      row(
        section,
        `${c.name}: up again → applied`,
        of(c.key, (r) => r.extra.afterUp),
        base,
        "ms",
        noFault,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The service under concurrent POSTs

function startService(store, dir) {
  return new Promise((resolveStart, reject) => {
    const worker = new Worker(new URL("./service-worker.mjs", import.meta.url), {
      workerData: { store, dir, websiteId: WEBSITE, origin: "http://bench.example" },
    });
    const errors = [];
    worker.once("error", reject);
    worker.on("message", (message) => {
      if (message?.url) {
        resolveStart({
          url: message.url,
          errors,
          close: () =>
            new Promise((done) => {
              const timer = setTimeout(() => worker.terminate().then(done), 5_000);
              worker.on("message", (m) => {
                if (m === "closed") {
                  clearTimeout(timer);
                  worker.terminate().then(done);
                }
              });
              worker.postMessage("close");
            }),
        });
      } else if (message?.error) errors.push(message.error);
    });
  });
}

/**
 * One measured window: `clients` concurrent loops, each its own new session with increasing revisions (1, 2, ...),
 * POSTing small changes (add one name, remove another) for `warmupMs + windowMs`. Gives the changes/s acknowledged
 * as "updated" and the p50/p99 latency (ms, from the request to its answer's body read) within the window.
 */
async function loadWindow(url, clients, warmupMs, windowMs) {
  const measureFrom = performance.now() + warmupMs;
  const end = measureFrom + windowMs;
  const latencies = [];
  let refused = 0;
  const names = Array.from({ length: ALPHABET }, (_, i) => `segment-${String(i).padStart(2, "0")}`);
  const client = async (index) => {
    const target = `${url}/v1/website/${WEBSITE}/session/session_${randomUUID()}/segments`;
    // Bounded in time (the loop ends at `end`) and in count.
    for (let revision = 1; revision <= 1_000_000 && performance.now() < end; revision++) {
      const body = JSON.stringify({
        revision,
        overwrite: false,
        segments: [names[(index + revision) % ALPHABET]],
        remove: [names[(index + revision + 25) % ALPHABET]],
      });
      const sentAt = performance.now();
      const response = await fetch(target, {
        method: "POST",
        body,
        headers: { "content-type": "text/plain;charset=UTF-8", origin: "http://bench.example" },
      });
      const answer = await response.json();
      const finishedAt = performance.now();
      if (response.status !== 200 || answer.reason !== "updated") refused++;
      else if (finishedAt >= measureFrom && finishedAt < end) latencies.push(finishedAt - sentAt);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  return {
    refused,
    perSecond: (latencies.length * 1000) / windowMs,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

async function benchService() {
  const levels = [1, 4, 16, 64];
  const stores = ["sqlite", "memory", "bare"];
  const rounds = QUICK ? 1 : 3;
  const windowMs = QUICK ? 400 : 600;
  const warmupMs = 200;
  const dir = mkdtempSync(join(tmpdir(), "crisp-segments-bench-"));
  const services = {};
  const measured = Object.fromEntries(stores.map((store) => [store, Object.fromEntries(levels.map((c) => [c, []]))]));
  try {
    for (const store of stores) services[store] = await startService(store, dir);
    for (const clients of levels) {
      log(`service: ${clients} client(s)`);
      // The three services take turns, window by window, so that a change in the machine's load falls on all.
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < stores.length; k++) {
          const store = stores[(round + k) % stores.length];
          const result = await loadWindow(services[store].url, clients, warmupMs, windowMs);
          if (result.refused > 0)
            throw new Error(`bench: the ${store} service refused ${result.refused} changes at ${clients} clients`);
          measured[store][clients].push(result);
        }
      }
    }
    for (const store of stores) {
      if (services[store].errors.length)
        throw new Error(`bench: the ${store} service failed: ${services[store].errors[0]}`);
    }
  } finally {
    await Promise.all(Object.values(services).map((service) => service.close()));
    rmSync(dir, { recursive: true, force: true });
  }
  const pick = (store, clients, key) => figure(measured[store][clients].map((r) => r[key]));
  const section =
    `Service: POST changes from concurrent sessions over loopback, Node fetch client (per level, ${rounds} windows of ` +
    `${windowMs} ms per service, each after ${warmupMs} ms of warm-up)`;
  const floor = "bare node:http server: read, parse, answer the same JSON (no checks, no store)";
  for (const clients of levels) {
    const who = `${clients} client${clients > 1 ? "s" : ""}`;
    row(
      section,
      `${who}: changes/s, SQLite store`,
      pick("sqlite", clients, "perSecond"),
      pick("bare", clients, "perSecond"),
      "/s",
      floor,
    );
    row(
      section,
      `${who}: p50 latency, SQLite store`,
      pick("sqlite", clients, "p50"),
      pick("bare", clients, "p50"),
      "ms",
      floor,
    );
    row(
      section,
      `${who}: p99 latency, SQLite store`,
      pick("sqlite", clients, "p99"),
      pick("bare", clients, "p99"),
      "ms",
      floor,
    );
    row(
      section,
      `${who}: changes/s, memory store`,
      pick("memory", clients, "perSecond"),
      pick("bare", clients, "perSecond"),
      "/s",
      floor,
    );
  }
  for (const clients of levels.slice(1)) {
    row(
      section,
      `growth: SQLite changes/s at ${clients} clients`,
      pick("sqlite", clients, "perSecond"),
      pick("sqlite", 1, "perSecond"),
      "/s",
      "SQLite at 1 client",
    );
  }
  for (const clients of levels.slice(1)) {
    row(
      section,
      `growth: SQLite p99 latency at ${clients} clients`,
      pick("sqlite", clients, "p99"),
      pick("sqlite", 1, "p99"),
      "ms",
      "SQLite at 1 client",
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------

log("sizes");
await benchSizes();
const server = await startPageServer();
server.pages.set("/sdk", snippetPage(true));
server.pages.set("/nosdk", snippetPage(false));
const browser = await launchChromium();
const chromiumVersion = browser.version();
try {
  log("page load cost");
  await benchPageCost(browser, server);
  log("push cost");
  await benchPushCost(browser, server);
  log("bursts");
  await benchBursts(browser, server);
  log("heap");
  await benchHeap(browser, server);
  log("faults");
  await benchFaults(browser);
} finally {
  await browser.close();
  await server.close();
}
await benchService();

console.log(
  `crisp-segments bench: Node ${process.version}, Chromium ${chromiumVersion}, ${cpus().length} CPUs, ` +
    `1-min load average ${LOAD_AT_START.toFixed(2)} at start and ${loadavg()[0].toFixed(2)} at end; ` +
    `${((performance.now() - BENCH_STARTED) / 1000).toFixed(0)} s. Each figure: median (min–max) of the runs shown.\n`,
);
console.log(table());
clearTimeout(watchdog);
