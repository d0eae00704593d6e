// `node bench/ab-service.mjs DIST_A DIST_B …`: the service's PostgreSQL sync writes, A/B. Each built package (a
// dist/ folder, e.g. one built in a `git worktree` of an older commit) gets a database of its own and a service of
// its own (the service group's server and autocannon load), and they take turns in rounds, rotated each round, so
// that the machine's other load falls on all of them. Every round is printed, then each package's changes/s and
// the CPU time its database backends spent per change (from /proc, steadier than throughput on a busy machine),
// each as a ratio to the first package's in the same round.
// Options: --rounds=6 --seconds=6 --connections=16; DATABASE_URL as for `npm run bench`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import postgres from "postgres";
import { load, startServer } from "./groups/service.mjs";
import { postgresDatabase } from "./postgres-database.mjs";
import { median } from "./table.mjs";

const flags = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => arg.slice(2).split("=")),
);
const dists = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const rounds = Number(flags.rounds ?? 6);
const seconds = Number(flags.seconds ?? 6);
const connections = Number(flags.connections ?? 16);
if (dists.length < 2) {
  console.error("usage: node bench/ab-service.mjs DIST_A DIST_B … [--rounds=6 --seconds=6 --connections=16]");
  process.exit(1);
}

/** Seconds a process has spent on a CPU (schedstat, in ns); 0 once it has exited. */
function cpuSeconds(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
  } catch {
    return 0;
  }
}

/** The database's backends' CPU time and the writes stored so far (a row's version counts its writes). */
async function reading(database) {
  const pids = await database.sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()
    AND pid <> pg_backend_pid()`;
  const [{ writes }] = await database.sql`SELECT coalesce(sum(version), 0)::bigint AS writes
    FROM crisp_segments.sessions`;
  return { cpu: new Map(pids.map(({ pid }) => [pid, cpuSeconds(pid)])), writes: Number(writes) };
}

function perChange(before, after) {
  let cpu = 0;
  for (const [pid, seconds] of after.cpu) cpu += seconds - (before.cpu.get(pid) ?? 0);
  return (cpu / (after.writes - before.writes)) * 1e6;
}

const variants = [];
try {
  for (const dist of dists.map((path) => resolve(path))) {
    const database = await postgresDatabase(dist, (message) => console.error(message));
    if (!database) throw new Error(`no PostgreSQL database for ${dist}`);
    const variant = { dist, database, results: [] };
    variants.push(variant);
    variant.server = await startServer("postgres", { dist, databaseUrl: database.url });
    database.sql = postgres(database.url, { max: 1, onnotice: () => {} });
  }
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants.map((_, i) => variants[(i + round) % variants.length])) {
      const before = await reading(variant.database);
      const result = await load(variant.server.url, connections, seconds);
      const cpu = perChange(before, await reading(variant.database));
      if (result.refused > 0) throw new Error(`${variant.dist}: ${result.refused} changes not applied`);
      variant.results[round] = { perSecond: result.perSecond, cpu };
      console.log(
        `round ${round + 1} ${variant.dist}: ${Math.round(result.perSecond)} changes/s, p50 ${result.p50.toFixed(1)} ms, ` +
          `p99 ${result.p99.toFixed(1)} ms, database CPU ${cpu.toFixed(0)} µs/change`,
      );
    }
  }
  const [first] = variants;
  for (const variant of variants) {
    const ratios = (key) => variant.results.map((result, i) => result[key] / first.results[i][key]);
    const show = (key, digits) => variant.results.map((result) => result[key].toFixed(digits)).join("/");
    console.log(
      `${variant.dist}\n  changes/s ${show("perSecond", 0)}; ratios ${ratios("perSecond")
        .map((r) => r.toFixed(3))
        .join(
          " ",
        )} (median ${median(ratios("perSecond")).toFixed(3)})\n  database µs/change ${show("cpu", 0)}; ratios ${ratios(
        "cpu",
      )
        .map((r) => r.toFixed(3))
        .join(" ")} (median ${median(ratios("cpu")).toFixed(3)})`,
    );
  }
} finally {
  for (const variant of variants) {
    await variant.server?.close();
    await variant.database.sql?.end();
    await variant.database.drop();
  }
}
