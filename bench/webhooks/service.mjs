// The service of the bench's webhook figures, in a child process of its own. argv[2] is JSON: { kind: "memory" |
// "sqlite" | "postgres", dist, dir, databaseUrl?, schema?, website, origin, receiverUrl?, secret? }. The built
// reference service with that store (PostgreSQL: in a schema of its own, so that the service without an endpoint
// shares the database but not the endpoint), rate limits off; with `receiverUrl`, one webhook endpoint to it and
// a delivery worker in this same process, as the demo runs them. Sends { url } once listening, or { error }; on the message "close", stops and exits.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const options = JSON.parse(process.argv[2]);

async function openStore(server) {
  if (options.kind === "memory") return server.createMemoryStore();
  if (options.kind === "sqlite")
    return server.createSqliteStore({ filename: join(options.dir, `webhooks-${process.pid}.db`) });
  return await server.createPostgresStore({ url: options.databaseUrl, schema: options.schema });
}

async function start() {
  const server = await import(pathToFileURL(join(options.dist, "server.mjs")).href);
  const store = await openStore(server);
  const handler = server.createSegmentsHandler({
    websites: { [options.website]: { origins: [options.origin] } },
    store,
    rateLimit: { perSession: false, perAddress: false },
    onError: (error) => process.send({ error: String(error) }),
  });
  let worker;
  if (options.receiverUrl) {
    await store.createEndpoint(options.website, { url: options.receiverUrl, secret: options.secret });
    worker = server.createDeliveryWorker({ store, onError: (error) => process.send({ error: String(error) }) });
    await worker.start();
  }
  const running = await server.serveNode(handler, { port: 0, host: "127.0.0.1" });
  return { running, store, worker };
}

try {
  const { running, store, worker } = await start();
  process.send({ url: running.url });
  process.on("message", async (message) => {
    if (message !== "close") return;
    running.server.closeAllConnections();
    await running.close();
    await worker?.stop();
    await store.close?.();
    process.exit(0);
  });
} catch (error) {
  process.send({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
