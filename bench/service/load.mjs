// The load generator of the bench's service figures, in a child process of its own so that it does not share a
// core's event loop with the server. argv[2] is JSON: { url, website, origin, connections, seconds, warmupSeconds }.
// POSTs small changes (add one name, remove another) with autocannon: each connection owns its share of a pool of
// 256 sessions, fresh for this run, and sends each of them an increasing revision, so that every change is
// applied ("updated"). One autocannon run: the warm-up's connections go on into the measured seconds, so that the
// figures are the service's steady state. A new connection's first answer also waits for the server to accept it,
// which Node's event loop does one connection per turn: 256 new connections to a busy server take seconds, and
// their first answers, over 1 % of a run, would be the p99. Only answers after the warm-up are counted. Sends
// { perSecond, p50, p99, refused } back and exits.
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { quantile } from "../table.mjs";

const SESSIONS = 256;
const NAMES = Array.from({ length: 50 }, (_, i) => `segment-${String(i).padStart(2, "0")}`);
const options = JSON.parse(process.argv[2]);

/**
 * One autocannon run of warm-up plus measured seconds; resolves what was answered after the warm-up: the changes
 * applied, the answers refused (not 2xx, or 200 without "updated"), and the latency (ms) of each applied one
 * (autocannon's own histogram keeps whole milliseconds, too coarse for a loopback p50), over the measured time.
 */
async function load(warmupSeconds, seconds, sessions) {
  let nextSlot = 0;
  // The instance starts at once: answers count from the end of the warm-up.
  const measuredFrom = performance.now() + warmupSeconds * 1000;
  const measuring = () => performance.now() >= measuredFrom;
  const measured = { applied: 0, refused: 0, latencies: [] };
  const revisions = new Map();
  const change = (session) => {
    const revision = (revisions.get(session) ?? 0) + 1;
    revisions.set(session, revision);
    return JSON.stringify({
      revision,
      overwrite: false,
      segments: [NAMES[revision % NAMES.length]],
      remove: [NAMES[(revision + 25) % NAMES.length]],
    });
  };
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: warmupSeconds + seconds,
    headers: { "content-type": "text/plain;charset=UTF-8", origin: options.origin },
    // A connection has one request in flight at a time, and the sessions it owns are its alone: revisions of a
    // session arrive in order.
    setupClient: (client) => {
      const slot = nextSlot++;
      const owned = sessions.filter((_, index) => index % options.connections === slot % options.connections);
      let turn = 0;
      client.setRequests([
        {
          method: "POST",
          setupRequest: (request) => {
            const session = owned[turn++ % owned.length];
            return {
              ...request,
              path: `/v1/website/${options.website}/session/${session}/segments`,
              body: change(session),
            };
          },
          onResponse: (status, body) => {
            if (!measuring()) return;
            if (status === 200 && body.includes('"updated"')) measured.applied++;
            else measured.refused++;
          },
        },
      ]);
    },
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    if (status === 200 && measuring()) measured.latencies.push(ms);
  });
  const result = await instance;
  const elapsed = (performance.now() - measuredFrom) / 1000;
  return { ...measured, elapsed, failed: result.errors + result.timeouts };
}

const pool = () => Array.from({ length: SESSIONS }, () => `session_${randomUUID()}`);
const { applied, refused, latencies, elapsed, failed } = await load(options.warmupSeconds, options.seconds, pool());
process.send({
  perSecond: applied / elapsed,
  p50: quantile(latencies, 0.5),
  p99: quantile(latencies, 0.99),
  refused: refused + failed,
});
