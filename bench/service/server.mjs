// A service under load for the bench's service figures, in a child process of its own (the load generator runs
// in another). argv[2] is JSON: { kind: "bare" | "memory" | "sqlite" | "postgres", dist, dir, databaseUrl,
// website, origin }.
// - memory, sqlite, postgres: the built reference service with that store, rate limits off, served on Node the
//   way the demo serves it;
// - bare: the floor, a node:http server that reads the body, parses it and answers a JSON of the same shape as
//   the service's, with no routing, checks or storage.
// Sends { url } once listening, or { error }; on the message "close", closes everything and exits.
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const options = JSON.parse(process.argv[2]);

function bare(message, out) {
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
}

async function openStore(server) {
  if (options.kind === "memory") return server.createMemoryStore();
  if (options.kind === "sqlite") return server.createSqliteStore({ filename: join(options.dir, "segments.db") });
  return await server.createPostgresStore({ url: options.databaseUrl });
}

/** The demo's way of serving a fetch handler on Node: serveNode while the package has it, else @hono/node-server. */
async function listen(server, handler) {
  if (server.serveNode)
    return (await server.serveNode(handler, { port: 0, host: "127.0.0.1", onError: () => {} })).server;
  const { getRequestListener } = await import("@hono/node-server");
  const node = createServer(
    getRequestListener((request, env) => handler(request, { clientAddress: env.incoming.socket.remoteAddress ?? "" })),
  );
  await new Promise((listening) => node.listen(0, "127.0.0.1", listening));
  return node;
}

async function start() {
  if (options.kind === "bare") {
    const node = createServer(bare);
    await new Promise((listening) => node.listen(0, "127.0.0.1", listening));
    return { node };
  }
  const server = await import(pathToFileURL(join(options.dist, "server.mjs")).href);
  const store = await openStore(server);
  const handler = server.createSegmentsHandler({
    websites: { [options.website]: { origins: [options.origin] } },
    store,
    // Every connection comes from 127.0.0.1: the per-address limit would measure the limiter, not the service.
    rateLimit: { perSession: false, perAddress: false },
    onError: (error) => process.send({ error: String(error) }),
  });
  return { node: await listen(server, handler), store };
}

try {
  const { node, store } = await start();
  process.send({ url: `http://127.0.0.1:${node.address().port}` });
  process.on("message", async (message) => {
    if (message !== "close") return;
    node.closeAllConnections();
    await new Promise((closed) => node.close(() => closed()));
    await store?.close?.();
    process.exit(0);
  });
} catch (error) {
  process.send({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
