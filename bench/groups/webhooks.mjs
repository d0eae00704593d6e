// Webhooks: how many events per second the service delivers, and how long from a change to its webhook. Changes
// go through the HTTP service (a child process with the built package, its store and the delivery worker, as the
// demo runs them) to a receiver in a child process of its own that verifies every signature with
// `standardwebhooks`. Baselines in the same run: the same receiver fed signed POSTs directly (no service, no
// store, no outbox: the floor of any delivery), and the same burst of changes to a service without an endpoint.
import { fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { figure, group, quantile, row } from "../table.mjs";

const WEBSITE = "bench-website";
const ORIGIN = "http://bench.example";
const STORES = { memory: "memory store", sqlite: "SQLite store" };
const CONNECTIONS = 16;
/** The worker's default number of attempts in flight, which the direct baseline matches. */
const IN_FLIGHT = 8;
const SPACING_MS = 20;
const WAIT_MS = 120_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A child process of bench/webhooks/; `ask` sends a message and resolves the next one it sends. */
async function child(script, options) {
  const worker = fork(new URL(`../webhooks/${script}`, import.meta.url), [JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const errors = [];
  const first = await new Promise((resolve, reject) => {
    worker.once("message", (message) =>
      message?.error ? reject(new Error(`bench: ${script}: ${message.error}`)) : resolve(message),
    );
    worker.once("exit", (code) => reject(new Error(`bench: ${script} exited (${code}) before answering`)));
  });
  worker.on("message", (message) => message?.error && errors.push(message.error));
  const ask = (message) =>
    new Promise((resolve) => {
      const answer = (reply) => {
        if (reply?.error) return;
        worker.off("message", answer);
        resolve(reply);
      };
      worker.on("message", answer);
      worker.send(message);
    });
  const close = () =>
    new Promise((closed) => {
      const timer = setTimeout(() => worker.kill(), 5_000);
      worker.once("exit", () => {
        clearTimeout(timer);
        closed();
      });
      worker.send("close");
    });
  return { url: first.url, ask, close, errors };
}

/** `count` tasks run by `lanes` loops at once; resolves when all are done. */
async function inLanes(count, lanes, task) {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** One change to a fresh session: an event for every endpoint. */
async function change(url) {
  const response = await fetch(`${url}/v1/website/${WEBSITE}/session/session_${randomUUID()}/segments`, {
    method: "POST",
    headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
    body: JSON.stringify({ revision: 1, overwrite: false, segments: ["bug"] }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`bench: a change was answered ${response.status}: ${text}`);
}

/** A signed POST of a body shaped as the service's, straight to the receiver. */
function directPost(receiverUrl, secret) {
  const signer = new Webhook(secret);
  return async () => {
    const id = `msg_${randomUUID()}`;
    const body = JSON.stringify({
      website_id: WEBSITE,
      event: "session:set_segments",
      data: {
        website_id: WEBSITE,
        session_id: `session_${randomUUID()}`,
        inbox_id: null,
        segments: ["bug"],
        added: ["bug"],
        removed: [],
      },
      timestamp: Date.now(),
    });
    const now = new Date();
    const headers = {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signer.sign(id, now, body),
    };
    const response = await fetch(receiverUrl, { method: "POST", headers, body });
    await response.body?.cancel();
  };
}

/** Resolves the receiver's report once `count` verified deliveries came. */
async function received(receiver, count) {
  const start = Date.now();
  while ((await receiver.ask("count")).verified < count) {
    if (Date.now() - start > WAIT_MS) throw new Error(`bench: fewer than ${count} webhooks in ${WAIT_MS / 1000} s`);
    await sleep(10);
  }
  const report = await receiver.ask("report");
  if (report.forged > 0) throw new Error(`bench: ${report.forged} webhooks failed verification`);
  return report;
}

/** A burst of `count` sends over `lanes`, then its deliveries: sends/s, delivered/s and delays. */
async function burst(receiver, count, lanes, send) {
  await receiver.ask("reset");
  const start = Date.now();
  await inLanes(count, lanes, send);
  const sent = Date.now();
  const report = await received(receiver, count);
  return {
    sentPerSecond: (count * 1000) / Math.max(1, sent - start),
    deliveredPerSecond: (count * 1000) / Math.max(1, report.lastAt - start),
    p50: quantile(report.delays, 0.5),
    p95: quantile(report.delays, 0.95),
  };
}

/** `count` sends one at a time, `SPACING_MS` apart: the delay when nothing queues. */
async function oneAtATime(receiver, count, send) {
  await receiver.ask("reset");
  for (let index = 0; index < count; index++) {
    await send();
    await sleep(SPACING_MS);
  }
  const report = await received(receiver, count);
  return { p50: quantile(report.delays, 0.5), p95: quantile(report.delays, 0.95) };
}

async function measure({ dist, quick, log }, dir) {
  const runs = quick ? 1 : 3;
  const count = quick ? 500 : 1_000;
  const singles = quick ? 30 : 100;
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const receiver = await child("receiver.mjs", { secret });
  const services = [];
  const start = async (kind, hooked) => {
    const service = await child("service.mjs", {
      kind,
      dist,
      dir,
      website: WEBSITE,
      origin: ORIGIN,
      ...(hooked ? { receiverUrl: receiver.url, secret } : {}),
    });
    services.push(service);
    return service;
  };
  const results = { direct: [], directSingle: [] };
  try {
    const kinds = Object.keys(STORES);
    const hooked = {};
    const plain = {};
    for (const kind of kinds) {
      hooked[kind] = await start(kind, true);
      plain[kind] = await start(kind, false);
      results[kind] = { burst: [], single: [], plain: [] };
    }
    const direct = directPost(receiver.url, secret);
    for (let run = 0; run < runs; run++) {
      results.direct.push(await burst(receiver, count, IN_FLIGHT, direct));
      results.directSingle.push(await oneAtATime(receiver, singles, direct));
      for (const kind of kinds) {
        const send = () => change(hooked[kind].url);
        results[kind].burst.push(await burst(receiver, count, CONNECTIONS, send));
        results[kind].single.push(await oneAtATime(receiver, singles, send));
        const started = Date.now();
        await inLanes(count, CONNECTIONS, () => change(plain[kind].url));
        results[kind].plain.push((count * 1000) / Math.max(1, Date.now() - started));
        const last = results[kind].burst.at(-1);
        log(
          `webhooks: ${kind}, run ${run + 1}: ${Math.round(last.deliveredPerSecond)} delivered/s, p95 ${last.p95} ms`,
        );
      }
    }
    for (const service of services) {
      if (service.errors.length) throw new Error(`bench: a webhook service failed: ${service.errors[0]}`);
    }
  } finally {
    await Promise.all(services.map((service) => service.close()));
    await receiver.close();
  }
  return { results, count, singles };
}

async function run(context) {
  const dir = mkdtempSync(join(tmpdir(), "crisp-segments-bench-webhooks-"));
  let measured;
  try {
    measured = await measure(context, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { results, count, singles } = measured;
  const section =
    `Webhooks: changes POSTed to the service over loopback, each one event, delivered signed by its worker ` +
    `(${IN_FLIGHT} in flight) to a receiver that verifies each with standardwebhooks (processes of their own)`;
  const of = (list, key) => figure(list.map((result) => result[key]));
  const direct = `the same receiver fed ${group(count)} signed POSTs directly, ${IN_FLIGHT} in flight (no service, no store)`;
  const directOne = `a signed POST straight to the same receiver, one at a time: sent → verified`;
  for (const [kind, name] of Object.entries(STORES)) {
    const r = results[kind];
    const burstOf = `burst of ${group(count)} changes (${CONNECTIONS} connections)`;
    row(
      section,
      `${name}, ${burstOf}: webhooks delivered/s (first change → last verified)`,
      of(r.burst, "deliveredPerSecond"),
      of(results.direct, "deliveredPerSecond"),
      "/s",
      direct,
    );
    row(
      section,
      `${name}, ${burstOf}: changes/s with one endpoint`,
      of(r.burst, "sentPerSecond"),
      figure(r.plain),
      "/s",
      "the same burst to the same store without an endpoint",
    );
    row(
      section,
      `${name}, ${burstOf}: change → webhook verified, p50`,
      of(r.burst, "p50"),
      of(results.direct, "p50"),
      "ms",
      direct,
    );
    row(
      section,
      `${name}, ${burstOf}: change → webhook verified, p95`,
      of(r.burst, "p95"),
      of(results.direct, "p95"),
      "ms",
      direct,
    );
    const spaced = `${singles} changes one at a time, ${SPACING_MS} ms apart`;
    row(
      section,
      `${name}, ${spaced}: change → webhook verified, p50`,
      of(r.single, "p50"),
      of(results.directSingle, "p50"),
      "ms",
      directOne,
    );
    row(
      section,
      `${name}, ${spaced}: change → webhook verified, p95`,
      of(r.single, "p95"),
      of(results.directSingle, "p95"),
      "ms",
      directOne,
    );
  }
}

export default { name: "webhooks", browser: false, run };
