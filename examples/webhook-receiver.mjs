// A webhook receiver for crisp-segments, runnable as is: it verifies every request with `standardwebhooks` (the
// signature over webhook-id, webhook-timestamp and the body, under the endpoint's secret; a timestamp more than
// five minutes off is refused too), drops a repeated webhook-id (delivery is at least once), and prints the event.
//
//   SEGMENTS_WEBHOOK_SECRET=whsec_… node examples/webhook-receiver.mjs      (RECEIVER_PORT, default 8790)
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { Webhook } from "standardwebhooks";

const MAX_BODY_BYTES = 1024 * 1024;
/** How many webhook ids it remembers to drop repeats: a retry comes within a day, far fewer than this. */
const REMEMBERED_IDS = 100_000;

/** What to do with one request's body: verify, drop a repeat, tell; answers 204, or 401 when it is not genuine. */
function receive({ secret, onEvent, log }) {
  const verifier = new Webhook(secret);
  const seen = new Set();
  return (request, response, body) => {
    let event;
    try {
      event = verifier.verify(body, request.headers);
    } catch (error) {
      log(`refused a request: ${error.message}`);
      return response.writeHead(401).end();
    }
    const id = request.headers["webhook-id"];
    if (seen.has(id)) {
      log(`dropped a repeat of ${id}`);
      return response.writeHead(204).end();
    }
    seen.add(id);
    if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value);
    log(describe(event, id));
    onEvent(event, id);
    response.writeHead(204).end();
  };
}

/**
 * Starts the receiver; port 0 picks a free port. `onEvent` is told each verified event once.
 * @param {{ secret: string, port?: number, host?: string, onEvent?: (event: object, id: string) => void, log?: (line: string) => void }} options
 */
export async function startReceiver({
  secret,
  port = 8790,
  host = "127.0.0.1",
  onEvent = () => {},
  log = console.log,
}) {
  const handle = receive({ secret, onEvent, log });
  const server = createServer((request, response) => {
    if (request.method !== "POST") return response.writeHead(405, { Allow: "POST" }).end();
    const chunks = [];
    let size = 0;
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on("end", () => handle(request, response, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise((listening, failed) => {
    server.once("error", failed);
    server.listen(port, host, listening);
  });
  return {
    url: `http://${host}:${server.address().port}/`,
    close: () => new Promise((closed) => server.close(() => closed()).closeAllConnections()),
  };
}

/** One line per event: what changed, on which conversation or contact. */
function describe({ event, data }, id) {
  const who = data.session_id ?? data.people_id;
  return `${event} ${data.website_id} ${who}: added ${JSON.stringify(data.added)}, removed ${JSON.stringify(data.removed)}, now ${JSON.stringify(data.segments)} (${id})`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const secret = process.env.SEGMENTS_WEBHOOK_SECRET;
  if (!secret?.startsWith("whsec_")) {
    console.error(
      "webhook receiver: set SEGMENTS_WEBHOOK_SECRET to the endpoint's secret (whsec_…), as the demo prints it",
    );
    process.exit(1);
  }
  const port = Number(process.env.RECEIVER_PORT ?? 8790);
  const receiver = await startReceiver({ secret, port }).catch((error) => {
    console.error(
      `webhook receiver: ${error.code === "EADDRINUSE" ? `port ${port} is taken: set RECEIVER_PORT` : error.message}`,
    );
    process.exit(1);
  });
  console.log(`webhook receiver: listening on ${receiver.url}`);
  const stop = () => receiver.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
