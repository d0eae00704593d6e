// Webhooks: how many events per second the service delivers, and how long from a change to its webhook. Changes
// go through the HTTP service (a child process with the built package, its store and the delivery worker, as the
// demo runs them) to a receiver in a child process of its own that verifies every signature with
// `standardwebhooks`. Every store: memory, SQLite, and PostgreSQL when a database answers (DATABASE_URL; a note
// says why not otherwise). Baselines in the same run: the same receiver fed signed POSTs directly (no service, no
// store, no outbox: the floor of any delivery), and the same burst of changes to a service without an endpoint.
import { fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { closeChild } from "../close-child.mjs";
import { postgresDatabase } from "../postgres-database.mjs";
import { figure, group, quantile, row } from "../table.mjs";

const WEBSITE = "bench-website";
const ORIGIN = "http://bench.example";
const STORES = { memory: "memory store", sqlite: "SQLite store", postgres: "PostgreSQL store" };
const CONNECTIONS = 16;
/** The worker's default number of attempts in flight, which the direct baseline matches. */
const IN_FLIGHT = 16;
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
  return { url: first.url, ask, close: () => closeChild(worker), errors };
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
      id,
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
    p99: quantile(report.delays, 0.99),
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
  return { p50: quantile(report.delays, 0.5), p99: quantile(report.delays, 0.99) };
}

/** One service per store with an endpoint to the receiver and its worker, and one without. */
async function startServices(receiver, secret, { dist, kinds, databaseUrl }, dir) {
  const services = [];
  const start = async (kind, hooked) => {
    const schema = hooked ? "bench_hooked" : "bench_plain";
    const options = { kind, dist, dir, databaseUrl, schema, website: WEBSITE, origin: ORIGIN };
    const service = await child("service.mjs", hooked ? { ...options, receiverUrl: receiver.url, secret } : options);
    services.push(service);
    return service;
  };
  const byKind = {};
  try {
    for (const kind of kinds) byKind[kind] = { hooked: await start(kind, true), plain: await start(kind, false) };
  } catch (error) {
    await Promise.all(services.map((service) => service.close()));
    throw error;
  }
  return { byKind, services };
}

/** One run of every figure, pushed onto `results`. */
async function runOnce(receiver, secret, byKind, results, { count, singles }) {
  const direct = directPost(receiver.url, secret);
  results.direct.push(await burst(receiver, count, IN_FLIGHT, direct));
  results.directSingle.push(await oneAtATime(receiver, singles, direct));
  for (const [kind, { hooked, plain }] of Object.entries(byKind)) {
    const of = (results[kind] ??= { burst: [], single: [], plain: [] });
    const send = () => change(hooked.url);
    of.burst.push(await burst(receiver, count, CONNECTIONS, send));
    of.single.push(await oneAtATime(receiver, singles, send));
    const started = Date.now();
    await inLanes(count, CONNECTIONS, () => change(plain.url));
    of.plain.push((count * 1000) / Math.max(1, Date.now() - started));
  }
}

async function measure(context, dir, sizes) {
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const receiver = await child("receiver.mjs", { secret });
  const results = { direct: [], directSingle: [] };
  try {
    const { byKind, services } = await startServices(receiver, secret, context, dir);
    try {
      for (let run = 1; run <= sizes.runs; run++) {
        await runOnce(receiver, secret, byKind, results, sizes);
        for (const kind of context.kinds) {
          const last = results[kind].burst.at(-1);
          const perSecond = Math.round(last.deliveredPerSecond);
          context.log(`webhooks: run ${run}: ${kind} ${perSecond} delivered/s, p99 ${Math.round(last.p99)} ms`);
        }
      }
      const failed = services.find((service) => service.errors.length > 0);
      if (failed) throw new Error(`bench: a webhook service failed: ${failed.errors[0]}`);
    } finally {
      await Promise.all(services.map((service) => service.close()));
    }
  } finally {
    await receiver.close();
  }
  return results;
}

/** The table's rows: per store, the burst and the one-at-a-time figures beside their baselines. */
function report(results, { count, singles }, kinds) {
  const section =
    `Webhooks: changes POSTed to the service over loopback, each one event, delivered signed by its worker ` +
    `(${IN_FLIGHT} in flight) to a receiver that verifies each with standardwebhooks (processes of their own)`;
  const of = (list, key) => figure(list.map((result) => result[key]));
  const direct = `the same receiver fed ${group(count)} signed POSTs directly, ${IN_FLIGHT} in flight (no service, no store)`;
  const directOne = "a signed POST straight to the same receiver, one at a time: sent → verified";
  const noEndpoint = "the same burst to the same store without an endpoint";
  for (const kind of kinds) {
    const name = STORES[kind];
    const r = results[kind];
    const burstOf = `${name}, burst of ${group(count)} changes (${CONNECTIONS} connections)`;
    const spaced = `${name}, ${singles} changes one at a time, ${SPACING_MS} ms apart`;
    const rows = [
      [
        `${burstOf}: webhooks delivered/s (first change → last verified)`,
        of(r.burst, "deliveredPerSecond"),
        of(results.direct, "deliveredPerSecond"),
        "/s",
        direct,
      ],
      [`${burstOf}: changes/s with one endpoint`, of(r.burst, "sentPerSecond"), figure(r.plain), "/s", noEndpoint],
      [`${burstOf}: change → webhook verified, p50`, of(r.burst, "p50"), of(results.direct, "p50"), "ms", direct],
      [`${burstOf}: change → webhook verified, p99`, of(r.burst, "p99"), of(results.direct, "p99"), "ms", direct],
      [
        `${spaced}: change → webhook verified, p50`,
        of(r.single, "p50"),
        of(results.directSingle, "p50"),
        "ms",
        directOne,
      ],
      [
        `${spaced}: change → webhook verified, p99`,
        of(r.single, "p99"),
        of(results.directSingle, "p99"),
        "ms",
        directOne,
      ],
    ];
    for (const args of rows) row(section, ...args);
  }
}

async function run(context) {
  const sizes = context.quick ? { runs: 1, count: 500, singles: 30 } : { runs: 3, count: 1_000, singles: 100 };
  const dir = mkdtempSync(join(tmpdir(), "crisp-segments-bench-webhooks-"));
  const database = await postgresDatabase(context.dist, context.note);
  const kinds = ["memory", "sqlite", ...(database ? ["postgres"] : [])];
  try {
    report(await measure({ ...context, kinds, databaseUrl: database?.url }, dir, sizes), sizes, kinds);
  } finally {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default { name: "webhooks", browser: false, run };
