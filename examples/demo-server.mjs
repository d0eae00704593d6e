// The demo: the reference segments service, the example pages and an operator inbox, on one port.
// Run after a build: `node examples/demo-server.mjs` (what `npm start` does). Its environment variables are read
// and checked in demo-settings.mjs; the store is chosen in demo-store.mjs.
import { existsSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Hono } from "hono";
import { createDeliveryWorker, createSegmentsHandler, createStaticFiles, serveNode } from "../dist/server.mjs";
import { demoOperator, operatorLines } from "./demo-operator.mjs";
import { EXAMPLES, renderInbox, renderIndex } from "./demo-pages.mjs";
import { settingsFromEnv } from "./demo-settings.mjs";
import { openStore } from "./demo-store.mjs";
import { demoWebhook, webhookLines } from "./demo-webhook.mjs";

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Starts the demo; port 0 picks a free port. Resolves once it listens.
 * @param {import("./demo-server.mjs").DemoOptions} [options]
 */
export async function startDemo(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const websites = options.websites ?? ["demo-website"];
  const dataDir = options.dataDir ?? join(PROJECT, "data");
  mkdirSync(dataDir, { recursive: true });
  const operator = demoOperator({ operator: options.operator, dataDir });
  const store = await openStore({ ...options, dataDir });

  const files = [
    createStaticFiles({ root: join(PROJECT, "examples"), prefix: "/examples/" }),
    createStaticFiles({ root: join(PROJECT, "dist"), prefix: "/dist/" }),
  ];
  /** Made once the server listens, since the allowed origins name its port. */
  let segments;
  let running;
  let webhook;
  // Sends the store's webhooks, configured at start or through the REST API; its state is all in the store.
  const worker = createDeliveryWorker({ store, ...options.deliveryWorker });

  // The demo's own pages, then its files, then the service: a Hono app that mounts the handler, as yours may.
  const app = new Hono();
  const pages = { "/": () => indexPage(), "/inbox": () => inboxPage(), "/rules": () => rulesPage() };
  for (const [path, render] of Object.entries(pages)) {
    app.get(path, async (c) => {
      // Only under the demo's own names: a page on another name resolving here (DNS rebinding) reads nothing.
      if (!ownHosts().includes((c.req.header("Host") ?? "").toLowerCase())) return c.text(misdirected(), 421);
      return html(await render());
    });
    app.all(path, (c) => c.text("Method not allowed", 405, { Allow: "GET, HEAD" }));
  }
  app.all("*", async (c) => {
    for (const serve of files) {
      const response = await serve(c.req.raw);
      if (response) return response;
    }
    if (segments === undefined) return c.text("Starting", 503, { "Retry-After": "1" });
    return segments(c.req.raw, c.env);
  });

  const ownHosts = () => {
    const named = host.includes(":") ? `[${host}]` : host;
    const names = [`${named}:${running.port}`, `localhost:${running.port}`, `127.0.0.1:${running.port}`];
    return [...new Set([...names, ...(options.hosts ?? [])])];
  };
  const misdirected = () =>
    `This demo answers only to ${ownHosts().join(", ")}. To open it under another name (e.g. behind a ` +
    "port-forward), add that host and port to SEGMENTS_HOSTS, e.g. SEGMENTS_HOSTS=demo.test:8080.";
  const indexPage = () =>
    renderIndex({
      examples: EXAMPLES.filter((example) => existsSync(join(PROJECT, "examples", example.path, "index.html"))),
      websites,
      url: running.url,
    });
  // Read on every request, as the static files are, so that an edit shows on reload.
  const inboxPage = async () =>
    renderInbox(await readFile(join(PROJECT, "examples/inbox/index.html"), "utf8"), websites);
  const rulesPage = async () =>
    renderInbox(await readFile(join(PROJECT, "examples/inbox/rules.html"), "utf8"), websites);

  try {
    running = await listen(app, options.port ?? 8787, host);
    const named = host.includes(":") ? `[${host}]` : host;
    const origins = [
      running.url,
      ...[named, "localhost", "127.0.0.1"].map((name) => `http://${name}:${running.port}`),
      ...(options.origins ?? []),
    ];
    segments = createSegmentsHandler({
      websites: Object.fromEntries(websites.map((id) => [id, { origins }])),
      store,
      operators: [{ identifier: operator.identifier, key: operator.key, websites: "*" }],
    });
    if (options.webhook) webhook = await demoWebhook(store, websites[0], options.webhook);
    await worker.start();
  } catch (error) {
    await running?.close();
    await worker.stop();
    await store.close?.();
    throw error;
  }

  return {
    url: running.url,
    port: running.port,
    store,
    operator,
    websites,
    webhook,
    async close() {
      // An open inbox holds a live stream that would keep the server open: it is cut, and the page reconnects.
      const closing = running.close();
      running.server.closeAllConnections();
      await closing;
      // The attempts in flight have their outcomes stored before the store closes.
      await worker.stop();
      await store.close?.();
    },
  };
}

/** Serves the app; a port or host that cannot be had is one line that says what to set. */
async function listen(app, port, host) {
  try {
    return await serveNode((request, context) => app.fetch(request, context), { port, host });
  } catch (error) {
    if (error?.code === "EADDRINUSE") throw new Error(`port ${port} is taken: set PORT to a free one, e.g. PORT=8788`);
    if (error?.code === "EACCES")
      throw new Error(`port ${port} needs more rights than this user has: set PORT above 1023`);
    if (["EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"].includes(error?.code)) {
      throw new Error(`HOST=${host} is not an address of this machine: set HOST to one, e.g. 127.0.0.1 or 0.0.0.0`);
    }
    throw error;
  }
}

function html(body) {
  return new Response(body, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'self'",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const demo = await Promise.resolve(process.env)
    .then((env) => startDemo(settingsFromEnv(env)))
    .catch((error) => {
      // A bad setting or an unreachable database: one line, no stack trace.
      console.error(`crisp-segments demo: ${error.message}`);
      process.exit(1);
    });
  console.log(`crisp-segments demo: ${demo.url}/`);
  for (const line of operatorLines(demo.operator, demo.url, demo.websites[0])) console.log(line);
  console.log(`Inbox: ${demo.url}/inbox, rules: ${demo.url}/rules (sign in with that pair)`);
  if (demo.webhook) for (const line of webhookLines(demo.webhook)) console.log(line);
  const stop = () => demo.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
