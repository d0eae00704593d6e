// The service under load: changes/s and p50/p99 latency at 1 to 256 connections, for each store, beside a bare
// node:http responder measured in the same run. The server and the load generator (autocannon) each run in a
// child process of their own, so that the client is not what is measured. PostgreSQL is measured when the built
// package has createPostgresStore and a database is reachable (DATABASE_URL); otherwise a note says why not.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeChild } from "../close-child.mjs";
import { postgresDatabase } from "../postgres-database.mjs";
import { figure, group, row } from "../table.mjs";

const LEVELS = [1, 16, 64, 256];
const WEBSITE = "bench-website";
const ORIGIN = "http://bench.example";
const STORES = { memory: "memory store", sqlite: "SQLite store", postgres: "PostgreSQL store" };

/** A latency for the log: "none" when the run had no answer to measure (JSON carries NaN as null). */
const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "none (no answer measured)");

/** A measured value as a table figure, or the reason it is missing. */
const measuredOrMissing = (value) => (Number.isFinite(value) ? figure([value]) : "— (no answer measured)");

/** Runs `script` in a child process with `options` (JSON in argv[2]); resolves its first message. */
function child(script, options, onLater = () => {}) {
  const worker = fork(new URL(script, import.meta.url), [JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    worker.once("message", (message) => {
      if (message?.error) reject(new Error(`bench: ${script}: ${message.error}`));
      else resolve({ worker, message });
      worker.on("message", onLater);
    });
    worker.once("exit", (code) => reject(new Error(`bench: ${script} exited (${code}) before answering`)));
  });
}

/** The service with `kind`'s store in a child process: `{ url, errors, close }`; also used by bench/ab-service.mjs. */
export async function startServer(kind, options) {
  const errors = [];
  const { worker, message } = await child(
    "../service/server.mjs",
    { kind, website: WEBSITE, origin: ORIGIN, ...options },
    (m) => {
      if (m?.error) errors.push(m.error);
    },
  );
  return {
    url: message.url,
    errors,
    close: () => closeChild(worker),
  };
}

/** One measured run of the load generator, after 1 s of warm-up on the same connections (bench/service/load.mjs). */
export async function load(url, connections, seconds) {
  const options = { url, website: WEBSITE, origin: ORIGIN, connections, seconds, warmupSeconds: 1 };
  const { worker, message } = await child("../service/load.mjs", options);
  worker.disconnect();
  return message;
}

async function run({ dist, quick, log, note }) {
  const seconds = quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), "crisp-segments-bench-"));
  const database = await postgresDatabase(dist, note);
  const kinds = ["bare", "memory", "sqlite", ...(database ? ["postgres"] : [])];
  const servers = {};
  const measured = Object.fromEntries(kinds.map((kind) => [kind, {}]));
  try {
    for (const kind of kinds) servers[kind] = await startServer(kind, { dist, dir, databaseUrl: database?.url });
    for (const [index, connections] of LEVELS.entries()) {
      // The servers take turns in a rotated order, so that a change in the machine's load falls on all of them.
      for (const kind of [...kinds.slice(index % kinds.length), ...kinds.slice(0, index % kinds.length)]) {
        const result = await load(servers[kind].url, connections, seconds);
        log(`service: ${kind}, ${connections} connection(s): ${Math.round(result.perSecond)}/s, p99 ${ms(result.p99)}`);
        if (result.refused > 0)
          throw new Error(`bench: ${result.refused} changes not applied by ${kind} at ${connections}`);
        measured[kind][connections] = result;
      }
    }
    for (const kind of kinds) {
      if (servers[kind].errors.length) throw new Error(`bench: the ${kind} service failed: ${servers[kind].errors[0]}`);
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const section =
    `Service: POST changes of ${group(256)} sessions over loopback, autocannon in a process of its own ` +
    `(${seconds} s per figure after 1 s of warm-up on the same connections, rate limits off)`;
  const bare = "bare node:http server in the same run: read, parse, answer the same JSON (no checks, no store)";
  const pick = (kind, connections, key) => measuredOrMissing(measured[kind][connections][key]);
  for (const connections of LEVELS) {
    const who = `${connections} connection${connections > 1 ? "s" : ""}`;
    for (const kind of kinds.slice(1)) {
      const of = (key) => [pick(kind, connections, key), pick("bare", connections, key)];
      row(section, `${who}: changes/s, ${STORES[kind]}`, ...of("perSecond"), "/s", bare);
      row(section, `${who}: p50 latency, ${STORES[kind]}`, ...of("p50"), "ms", bare);
      row(section, `${who}: p99 latency, ${STORES[kind]}`, ...of("p99"), "ms", bare);
    }
  }
}

export default { name: "service", browser: false, run };
