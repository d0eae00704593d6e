// Runs a service for the load figures of bench/run.mjs in a worker thread, so that the load generator in the main
// thread does not share its event loop. workerData: { store: "sqlite" | "memory" | "bare", dir, websiteId, origin }.
// - sqlite, memory: the built reference service (dist/server.mjs) through its Node adapter, with that store;
// - bare: the floor, a plain node:http server that reads the body, parses it, and answers a fixed JSON of the
//   same shape as the service's, with no routing, checks or storage.
// Posts { url } once listening; on the message "close", closes the server and the store, then posts "closed".
import { createServer } from "node:http";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { createMemoryStore, createSegmentsHandler, createSqliteStore, serveNode } from "../dist/server.mjs";

let server;
let store;
if (workerData.store === "bare") {
  server = createServer((message, out) => {
    const chunks = [];
    message.on("data", (chunk) => chunks.push(chunk));
    message.on("end", () => {
      const change = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      out.writeHead(200, {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": message.headers.origin ?? "*",
      });
      out.end(
        JSON.stringify({
          error: false,
          reason: "updated",
          data: { segments: change.segments, revision: change.revision },
        }),
      );
    });
  });
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  parentPort.postMessage({ url: `http://127.0.0.1:${server.address().port}` });
} else {
  store =
    workerData.store === "sqlite"
      ? createSqliteStore({ filename: join(workerData.dir, "segments.db") })
      : createMemoryStore();
  const handler = createSegmentsHandler({
    websites: { [workerData.websiteId]: { origins: [workerData.origin] } },
    store,
    // Every client of the load test comes from 127.0.0.1: the default per-address limit (200 requests/s) would
    // measure the limiter, not the service.
    rateLimit: { perSession: false, perAddress: false },
    onError: (error) => parentPort.postMessage({ error: String(error) }),
  });
  const running = await serveNode(handler, { port: 0, host: "127.0.0.1", onError: () => {} });
  server = running.server;
  parentPort.postMessage({ url: running.url });
}

parentPort.on("message", async (message) => {
  if (message !== "close") return;
  server.closeAllConnections();
  await new Promise((closed) => server.close(() => closed()));
  store?.close?.();
  parentPort.postMessage("closed");
});
