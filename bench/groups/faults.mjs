// Delivery after injected faults. For each fault, a fresh context with the snippet page on a fault-injecting
// service (same origin): wait for session:loaded, inject the fault, push one command, and time from the push (the
// page's Date.now() just before $crisp.push) to the moment the service's store applied the change (Date.now() in
// the store, server-side; same machine clock). Each run does every case once, after a no-fault case measured the
// same way, which is the baseline; for the faults that impose a wait, the floor is that wait, measured per run
// from the push to the earliest moment the fault allows a delivery. Each case names its own rows.
import { randomUUID } from "node:crypto";
import { openLoaded, waitFor } from "../../test/support/browser.mjs";
import { startPageServer, WEBSITE } from "../page-server.mjs";
import { exact, figure, row } from "../table.mjs";

const SEGMENT = "x";
const COMMAND = ["set", "session:segments", [[SEGMENT]]];
const DELIVERY_TIMEOUT_MS = 15_000;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const NO_FAULT = "no fault: push → applied, same run";

/** The memory store, recording when it applied each change: { sessionId, segments, at }. */
function recordApplied(applied) {
  return (inner) => ({
    ...inner,
    async applyChange(websiteId, sessionId, revision, change) {
      const result = await inner.applyChange(websiteId, sessionId, revision, change);
      if (result.reason === "updated") applied.push({ sessionId, segments: result.segments.slice(), at: Date.now() });
      return result;
    },
  });
}

/** How the cases push and wait for the delivery. */
function actions(applied) {
  const appliedAt = (sessionId) =>
    applied.find((entry) => entry.sessionId === sessionId && entry.segments.includes(SEGMENT))?.at ?? null;
  return {
    appliedAt,
    push: (page) =>
      page.evaluate((command) => {
        const at = Date.now();
        window.$crisp.push(command);
        return at;
      }, COMMAND),
    applied: async (sessionId) => {
      const delivered = () => appliedAt(sessionId) !== null;
      await waitFor(`delivery of session ${sessionId}`, delivered, DELIVERY_TIMEOUT_MS, 5);
      return appliedAt(sessionId);
    },
  };
}

/** A fault answered once; the case times push → applied and compares it with the no-fault case. */
const once = (key, name, ...faults) => ({
  key,
  name,
  run: async ({ page, sessionId }, { service, push, applied }) => {
    service.inject(...faults);
    const pushedAt = await push(page);
    return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
  },
  rows: ({ of, base }) => [[`${name}: push → applied`, of(), base, NO_FAULT]],
});

/** A 429 whose Retry-After `header(now)` gives, with the moment it allows a retry; rows against that floor. */
const limited = (key, name, retryAfter, floorIs) => ({
  key,
  name,
  run: async ({ page, sessionId }, { service, push, applied }) => {
    let notBefore = 0;
    service.inject({
      status: 429,
      reason: "rate_limited",
      headers: () => {
        const [header, allowed] = retryAfter(Date.now());
        notBefore = allowed;
        return { "Retry-After": header };
      },
    });
    const pushedAt = await push(page);
    const at = await applied(sessionId);
    return { ms: at - pushedAt, floor: notBefore - pushedAt, since: pushedAt };
  },
  rows: ({ of, base }) => [
    [`${name}: push → applied`, of(), base, NO_FAULT],
    [`${name}: push → applied`, of(), of((r) => r.floor), floorIs],
  ],
});

const CASES = [
  {
    key: "none",
    name: "no fault",
    run: async ({ page, sessionId }, { push, applied }) => {
      const pushedAt = await push(page);
      return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
    },
    rows: ({ of }) => [
      ["no fault: push → applied", of(), exact(1000), "docs/protocol.md guarantee 4: sent within 1 s (for reference)"],
    ],
  },
  once("500", "one 500 answer", { status: 500 }),
  once("503x3", "three 503 answers in a row", { status: 503 }, { status: 503 }, { status: 503 }),
  // Chromium itself resends a request whose kept-alive (reused) socket closes before any answer: the SDK never
  // sees that fault. On a fresh socket it fails the fetch, and the SDK's retry is what delivers.
  once("drop", "one dropped connection (socket destroyed before answering), kept-alive socket", { drop: true }),
  {
    ...once("dropFresh", "one dropped connection (socket destroyed before answering), fresh socket", { drop: true }),
    prepare: async ({ service }) => {
      service.closeIdleConnections();
      await sleep(50); // the page sees its kept-alive socket closed
    },
  },
  limited("429s", "one 429, Retry-After: 2", (now) => ["2", now + 2000], "floor: push → 429 answered + 2,000 ms"),
  limited(
    "429date",
    "one 429, Retry-After as an HTTP date 2 s ahead",
    // An HTTP date has whole seconds: the next whole second at least 2 s after the answer (2–3 s ahead).
    (now) => {
      const notBefore = Math.ceil((now + 2000) / 1000) * 1000;
      return [new Date(notBefore).toUTCString(), notBefore];
    },
    "floor: push → the date (next whole second ≥ 2 s after the 429)",
  ),
  {
    key: "down",
    name: "service down (every request 503) for 3 s, then up",
    run: async ({ page, sessionId }, { service, push, applied }) => {
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
        return { ms: at - pushedAt, floor: upAt - pushedAt, afterUp: at - upAt, since: pushedAt, downAt };
      } finally {
        clearTimeout(up);
        service.setDown(null);
      }
    },
    rows: ({ of, base, name }) => [
      [`${name}: push → applied`, of(), base, NO_FAULT],
      [`${name}: push → applied`, of(), of((r) => r.floor), "floor: push → service up again"],
      [`${name}: up again → applied`, of((r) => r.afterUp), base, NO_FAULT],
    ],
  },
  {
    key: "offline",
    name: "offline 2 s (context.setOffline), then online",
    run: async ({ context, page, sessionId }, { push, applied }) => {
      await context.setOffline(true);
      let onlineAt = 0;
      try {
        const pushedAt = await push(page);
        await sleep(2000);
        await context.setOffline(false);
        onlineAt = Date.now();
        const at = await applied(sessionId);
        return { ms: at - pushedAt, floor: onlineAt - pushedAt, afterOnline: at - onlineAt, since: pushedAt };
      } finally {
        if (!onlineAt) await context.setOffline(false);
      }
    },
    rows: ({ of, base, name }) => [
      [`${name}: back online → applied`, of((r) => r.afterOnline), base, NO_FAULT],
      [`${name}: push → applied`, of(), of((r) => r.floor), "floor: push → back online (setOffline(false) resolved)"],
    ],
  },
  {
    key: "reopen",
    name: "change made while down, page closed, service up, page reopened",
    run: reopen,
    rows: ({ of, base, name, results }) => {
      const reads = results.map((r) => r.toRead).filter((v) => v !== null);
      const readIs = "same reopen: page opened → the SDK's session read (GET) reaches the service";
      return [
        [`${name}: reopen → applied`, of(), base, NO_FAULT],
        ...(reads.length ? [[`${name}: reopen → applied`, of(), figure(reads), readIs]] : []),
      ];
    },
  },
  {
    key: "navigate",
    name: "push, then navigate at once to a page without the SDK",
    run: async ({ page, sessionId }, { applied }) => {
      const pushedAt = await page.evaluate((command) => {
        const at = Date.now();
        window.$crisp.push(command);
        location.href = "/nosdk";
        return at;
      }, COMMAND);
      await page.waitForURL("**/nosdk", { timeout: 10_000 });
      return { ms: (await applied(sessionId)) - pushedAt, since: pushedAt };
    },
    rows: ({ of, base, name }) => [[`${name}: push → applied`, of(), base, NO_FAULT]],
  },
];

/** Push while down, close the page, wait until it is quiet, bring the service up, reopen: reopen → applied. */
async function reopen({ context, page, sessionId }, { service, push, applied, appliedAt }) {
  service.setDown({ status: 503 });
  let pushedAt = 0;
  try {
    pushedAt = await push(page);
    const refused = () => service.requestsOf(sessionId).some((r) => r.method === "POST" && r.at >= pushedAt);
    await waitFor("a first refused POST", refused, 5_000, 5);
    await page.close({ runBeforeUnload: false });
    // Whatever the closing page still sends (its pagehide keepalive) meets the service down: wait until quiet.
    const quiet = () => Date.now() - (service.requestsOf(sessionId).at(-1)?.at ?? 0) >= 300;
    await waitFor("the closed page's last requests", quiet, 5_000, 20);
    if (appliedAt(sessionId) !== null) throw new Error("bench: delivered while the service was down");
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
  return { ms: at - reopenedAt, toRead: read ? read.at - reopenedAt : null, since: pushedAt, page: next };
}

/** Requests of the session from `since` on, for the log: "POST 500 +112ms, POST +301ms". */
const trace = (service, sessionId, since) =>
  service
    .requestsOf(sessionId)
    .filter((r) => r.at >= since)
    .map((r) => `${r.method}${r.fault ? ` ${r.fault}` : ""} +${r.at - since}ms`)
    .join(", ");

async function runCase(browser, service, act, c) {
  const context = await browser.newContext();
  try {
    const page = await openLoaded(context, `${service.url}/sdk`);
    const sessionId = await page.evaluate(() => window.__loaded);
    await sleep(150); // the load's read and its handling are over
    await c.prepare?.({ service });
    const result = await c.run({ context, page, sessionId }, { service, ...act });
    const shown = result.page ?? page;
    const errors = shown.isClosed() ? [] : await shown.evaluate(() => window.__errors.slice(0, 3)).catch(() => []);
    if (errors.length > 0) throw new Error(`bench: SDK errors with fault "${c.name}": ${errors.join("; ")}`);
    if (service.pendingFaults() > 0) throw new Error(`bench: fault "${c.name}" was not all used`);
    return { ...result, trace: trace(service, sessionId, result.downAt ?? result.since) };
  } finally {
    service.clearFaults();
    service.setDown(null);
    await context.close();
  }
}

async function run({ dist, quick, log, browser }) {
  const applied = [];
  const service = await startPageServer(dist, recordApplied(applied));
  const act = actions(applied);
  const runs = quick ? 1 : 3;
  const results = Object.fromEntries(CASES.map((c) => [c.key, []]));
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
      const faults = CASES.slice(1);
      const order = [CASES[0], ...faults.slice(run % faults.length), ...faults.slice(0, run % faults.length)];
      for (const c of order) {
        const result = await runCase(browser, service, act, c);
        results[c.key].push(result);
        if (result.floor !== undefined && result.ms < result.floor) {
          log(`WARNING: fault "${c.name}": delivered ${result.floor - result.ms} ms before the fault allows it`);
        }
        const floor = result.floor !== undefined ? ` (floor ${result.floor} ms)` : "";
        log(`faults run ${run + 1}: ${c.key}: ${result.ms} ms${floor}; requests: ${result.trace}`);
      }
    }
  } finally {
    await service.close();
  }

  const section =
    "Delivery after injected faults (push → the service applied it; fresh page per case, same-origin service)";
  const base = figure(results.none.map((r) => r.ms));
  for (const c of CASES) {
    const of = (pick = (r) => r.ms) => figure(results[c.key].map(pick));
    for (const [name, ours, baseline, baselineIs] of c.rows({ of, base, name: c.name, results: results[c.key] })) {
      row(section, name, ours, baseline, "ms", baselineIs);
    }
  }
}

export default { name: "faults", browser: true, run };
