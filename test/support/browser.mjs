// Chromium and the snippet page, for the browser tests and the benchmark alike. Plain JavaScript (typed by
// browser.d.mts) because the benchmark runs under plain Node 20, which loads no TypeScript.
import { chromium } from "playwright-core";

/** Debian's Chromium (never a download), with what slows or disturbs a measurement turned off. */
export function launchChromium(options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // Playwright turns the back/forward cache off by default; a test of it needs it on.
    ignoreDefaultArgs: options.backForwardCache ? ["--disable-back-forward-cache"] : [],
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

/** The snippet's settings: the queue, the website id, safe mode, and the two listeners the tests read. */
export function snippetConfig(website, before = "") {
  return `window.$crisp = []; window.CRISP_WEBSITE_ID = ${JSON.stringify(website)};
window.__errors = []; window.__loaded = null;
$crisp.push(["safe", true]);
$crisp.push(["on", "error", function (e) { window.__errors.push(e.code + ": " + e.message); }]);
$crisp.push(["on", "session:loaded", function (id) { window.__loaded = id; }]);
${before}`;
}

/**
 * The classic snippet as a site embeds it: settings and queued commands, then the script loaded asynchronously,
 * from the page's origin or from `endpoint`. `sdk: false` gives the same page without the script.
 */
export function snippetPage(options) {
  const runtime = options.endpoint
    ? `window.CRISP_RUNTIME_CONFIG = { endpoint: ${JSON.stringify(options.endpoint)} };`
    : "";
  const script = `${options.endpoint ?? ""}/dist/crisp-segments.js`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>crisp-segments</title>
<script>${snippetConfig(options.website, options.before)}${runtime}</script>
${options.sdk === false ? "" : `<script async src="${script}"></script>`}
</head><body><a id="away" href="/nosdk">away</a>
<script>${options.after ?? ""}</script></body></html>`;
}

export const NO_SDK_PAGE = "<!doctype html><html><head><title>no sdk</title></head><body>no sdk here</body></html>";

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what, condition, timeoutMs = 10_000, stepMs = 25) {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/**
 * Opens `url` in a fresh page of `context` and waits for the SDK's session:loaded; resolves the page. It polls
 * with `evaluate` rather than `waitForFunction`, which puts Playwright's large injected script in the page's heap.
 */
export async function openLoaded(context, url, timeoutMs = 10_000) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await waitFor("session:loaded", () => page.evaluate(() => window.__loaded !== null), timeoutMs, 20);
  return page;
}
