// The receiver of the bench's webhook figures, in a child process of its own: node:http on loopback, verifying
// every request with `standardwebhooks` (as examples/webhook-receiver.mjs does) and answering 204. argv[2] is
// JSON: { secret }. Sends { url } once listening. Messages: "count" answers { verified, forged }; "report"
// answers those with `delays` (arrival − the event's timestamp, ms, for bodies that carry one) and `lastAt`;
// "reset" forgets what came; "close" exits.
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const { secret } = JSON.parse(process.argv[2]);
const verifier = new Webhook(secret);
let verified = 0;
let forged = 0;
let delays = [];
let lastAt = 0;

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    let body;
    try {
      body = verifier.verify(Buffer.concat(chunks).toString("utf8"), request.headers);
    } catch {
      forged++;
      return response.writeHead(401).end();
    }
    lastAt = Date.now();
    verified++;
    if (typeof body.timestamp === "number") delays.push(lastAt - body.timestamp);
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => process.send({ url: `http://127.0.0.1:${server.address().port}/hooks` }));
process.on("message", (message) => {
  if (message === "count") process.send({ verified, forged });
  else if (message === "report") process.send({ verified, forged, delays, lastAt });
  else if (message === "reset") {
    verified = 0;
    forged = 0;
    delays = [];
    lastAt = 0;
    process.send({ reset: true });
  } else if (message === "close") {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
