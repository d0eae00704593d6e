// Page load in Chromium: main-thread time of the script-tag build against an empty script and against a script
// doing only the I/O any such SDK must do, two ways: inline between two performance marks (every byte parsed on
// the main thread), and loaded as the README's snippet loads it (`<script async src>`, which Chromium streams to a
// background thread to parse), where the figure is the main-thread task that runs the script.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { snippetConfig } from "../../test/support/browser.mjs";
import { WEBSITE } from "../page-server.mjs";
import { figure, row } from "../table.mjs";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * What the page runs:
 * - sdk: the IIFE;
 * - io: only the I/O any such SDK must do at load, the floor of its platform cost: a localStorage read and
 *   write (the first access opens the origin's storage) and one fetch of the session's state;
 * - none: nothing (an empty script).
 * Every source gets a unique comment per run (and, loaded by src, a unique address), so that no V8 compilation
 * cache can serve it.
 */
const IO_FLOOR = `localStorage.getItem("crisp-segments:${WEBSITE}:current");
localStorage.setItem("bench-floor", "x");
fetch("/v1/website/${WEBSITE}/session/session_" + crypto.randomUUID() + "/segments").then(function (r) { return r.json(); })
  .then(function () { window.__loaded = "floor"; });`;
const source = (iife, variant, run) =>
  `${{ sdk: iife, io: IO_FLOOR, none: "" }[variant]}\n//# bench-run=${run}-${randomUUID()}`;

/** The script inline, between two marks. */
function inlinePage(body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>${snippetConfig(WEBSITE)}</script>
<script>performance.mark("sdk-start")</script>
<script>${body}</script>
<script>performance.mark("sdk-end")</script>
</head><body><p>bench page</p></body></html>`;
}

/** The script as the snippet loads it. */
function snippetPage(src) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>${snippetConfig(WEBSITE)}</script>
<script async src="${src}"></script>
</head><body><p>bench page</p></body></html>`;
}

const TRACE_CATEGORIES = ["devtools.timeline", "v8", "disabled-by-default-devtools.timeline", "blink.user_timing"];

/**
 * The main thread's CPU time between the two marks, from a Chromium trace: unlike the marks' wall time, it leaves
 * out the time the thread waited (another process, a loaded machine), so it is the steadier figure.
 */
function firstTaskCpu(events, path) {
  const mark = (name) => events.find((event) => event.name === name && event.cat.includes("user_timing"));
  const start = mark("sdk-start");
  const end = mark("sdk-end");
  const thread = events.find((event) => event.name === "EvaluateScript" && event.args?.data?.url?.includes(path))?.tid;
  const inside = events.filter(
    (event) => event.tid === thread && event.ph === "X" && event.ts >= start.ts && event.ts + event.dur <= end.ts,
  );
  const outermost = inside.filter(
    (event) =>
      !inside.some((other) => other !== event && other.ts <= event.ts && other.ts + other.dur >= event.ts + event.dur),
  );
  return outermost.reduce((sum, event) => sum + (event.tdur ?? 0), 0) / 1000;
}

/**
 * The main thread's CPU time of the task that ran the script loaded by `src`: the task around its EvaluateScript,
 * which holds whatever of its parsing and compiling the main thread did.
 */
function scriptTaskCpu(events, src) {
  const evaluate = events.find((event) => event.name === "EvaluateScript" && event.args?.data?.url?.endsWith(src));
  const task = events
    .filter(
      (event) =>
        event.tid === evaluate.tid &&
        event.ph === "X" &&
        event.ts <= evaluate.ts &&
        event.ts + event.dur >= evaluate.ts + evaluate.dur,
    )
    .reduce((outer, event) => (event.dur > outer.dur ? event : outer));
  return (task.tdur ?? 0) / 1000;
}

async function measure(browser, server, iife, variant, run) {
  const path = `/eval-${run}-${variant}`;
  const src = `/load-${run}-${variant}-${randomUUID()}.js`;
  server.pages.set(path, inlinePage(source(iife, variant, run)));
  server.pages.set(`${path}-snippet`, snippetPage(src));
  server.pages.set(src, source(iife, variant, run));
  try {
    const inline = await loadInline(browser, server, path, variant);
    // The empty script's task is not a figure of this group.
    const snippet = variant === "none" ? { snippet: NaN } : await loadSnippet(browser, server, path, src, variant);
    return { ...inline, ...snippet };
  } finally {
    for (const page of [path, `${path}-snippet`, src]) server.pages.delete(page);
  }
}

/** Opens `path` in a fresh context, traced; gives the trace and what `read` reads of the page once it settled. */
async function traced(browser, server, path, variant, read) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(server.url + path, { waitUntil: "load" });
    // A fixed settle, the same for every page, so the SDK's first read of the session (and its handling) is
    // counted; nothing of Playwright runs in the page before the metrics are read.
    await sleep(400);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
    if (variant !== "none" && !(await page.evaluate(() => window.__loaded))) {
      throw new Error(`bench: the ${variant} page ${path} did not read its session within 400 ms`);
    }
    return await read({ page, events, metric });
  } finally {
    await context.close();
  }
}

const loadInline = (browser, server, path, variant) =>
  traced(browser, server, path, variant, async ({ page, events, metric }) => ({
    script: metric("ScriptDuration") * 1000,
    task: metric("TaskDuration") * 1000,
    compile: metric("V8CompileDuration") * 1000,
    marks: await page.evaluate(() => performance.measure("sdk", "sdk-start", "sdk-end").duration),
    cpu: firstTaskCpu(events, path),
  }));

const loadSnippet = (browser, server, path, src, variant) =>
  traced(browser, server, `${path}-snippet`, variant, async ({ events }) => ({ snippet: scriptTaskCpu(events, src) }));

async function run({ dist, quick, browser, server }) {
  const iife = readFileSync(join(dist, "crisp-segments.js"), "utf8");
  const runs = quick ? 3 : 7;
  const variants = ["sdk", "io", "none"];
  const result = Object.fromEntries(
    variants.map((v) => [v, { script: [], task: [], compile: [], marks: [], cpu: [], snippet: [] }]),
  );
  for (let run = 0; run < runs; run++) {
    // Rotate which variant goes first, so that drift in the machine's load falls on all of them.
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(run + k) % variants.length];
      const measured = await measure(browser, server, iife, variant, run);
      for (const key of Object.keys(measured)) result[variant][key].push(measured[key]);
    }
  }
  const section = "Page load, Chromium (ms of main-thread time)";
  const { sdk, io, none } = result;
  const noSdk = "same page without the SDK";
  const marks = "IIFE parse+compile+run (inline, between two performance marks)";
  const script = "script time of the whole page load (CDP ScriptDuration)";
  row(section, marks, figure(sdk.marks), figure(none.marks), "ms", "same marks around an empty inline script");
  const ioIs = "same marks around a script doing only the I/O: a localStorage read+write, one fetch";
  row(section, marks, figure(sdk.marks), figure(io.marks), "ms", ioIs);
  const cpu = "IIFE first task, main-thread CPU between the same marks (Chromium trace)";
  row(section, cpu, figure(sdk.cpu), figure(io.cpu), "ms", "the same CPU time of the script doing only the I/O");
  const snippet = "first task loaded as the snippet loads it (async src), main-thread CPU of the task running it";
  row(section, snippet, figure(sdk.snippet), figure(io.snippet), "ms", "the same for the script doing only the I/O");
  row(section, script, figure(sdk.script), figure(none.script), "ms", noSdk);
  row(section, script, figure(sdk.script), figure(io.script), "ms", "same page with the I/O-only script");
  const compile = "V8 compile time of the whole page load (CDP V8CompileDuration)";
  row(section, compile, figure(sdk.compile), figure(none.compile), "ms", noSdk);
  const task = "main-thread task time of the whole page load (CDP TaskDuration)";
  row(section, task, figure(sdk.task), figure(none.task), "ms", noSdk);
}

export default { name: "load", browser: true, run };
