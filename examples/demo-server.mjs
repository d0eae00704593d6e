// The demo: the reference segments service, the example pages and an operator inbox, on one port.
// Run after a build: `node examples/demo-server.mjs` (what `npm start` does). PORT, HOST, SEGMENTS_WEBSITES,
// SEGMENTS_DATA_DIR and SEGMENTS_API_TOKEN override the defaults; SEGMENTS_STORE, DATABASE_URL and
// SEGMENTS_DB_SCHEMA choose the store (demo-store.mjs).
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Hono } from "hono";
import { createSegmentsHandler, createStaticFiles, serveNode } from "../dist/server.mjs";
import { EXAMPLES, renderInbox, renderIndex } from "./demo-pages.mjs";
import { openStore } from "./demo-store.mjs";

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Starts the demo; port 0 picks a free port. Resolves once it listens.
 * @param {{ port?: number, host?: string, dataDir?: string, websites?: string[], apiToken?: string }} [options]
 */
export async function startDemo(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const websites = options.websites ?? ["demo-website"];
  const dataDir = options.dataDir ?? join(PROJECT, "data");
  mkdirSync(dataDir, { recursive: true });
  const store = await openStore({ ...options, dataDir });

  const files = [
    createStaticFiles({ root: join(PROJECT, "examples"), prefix: "/examples/" }),
    createStaticFiles({ root: join(PROJECT, "dist"), prefix: "/dist/" }),
  ];
  /** Made once the server listens, since the allowed origins name its port. */
  let segments;
  let running;

  // The demo's own pages, then its files, then the service: a Hono app that mounts the handler, as yours may.
  const app = new Hono();
  const pages = { "/": () => indexPage(), "/inbox": () => inboxPage() };
  for (const [path, render] of Object.entries(pages)) {
    app.get(path, async (c) => {
      // Only under the demo's own names: a page on another name resolving here (DNS rebinding) reads nothing.
      if (!ownHosts().includes(c.req.header("Host") ?? "")) return c.text("Misdirected request", 421);
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
    return [`${named}:${running.port}`, `localhost:${running.port}`, `127.0.0.1:${running.port}`];
  };
  const indexPage = () =>
    renderIndex({
      examples: EXAMPLES.filter((example) => existsSync(join(PROJECT, "examples", example.path, "index.html"))),
      websites,
      url: running.url,
    });
  const inboxPage = async () =>
    renderInbox({
      websites: await Promise.all(websites.map(async (id) => ({ id, sessions: await store.listSessions(id, 100) }))),
    });

  try {
    running = await serveNode((request, context) => app.fetch(request, context), { port: options.port ?? 8787, host });
    const named = host.includes(":") ? `[${host}]` : host;
    const origins = [running.url, ...[named, "localhost", "127.0.0.1"].map((name) => `http://${name}:${running.port}`)];
    segments = createSegmentsHandler({
      websites: Object.fromEntries(websites.map((id) => [id, { origins }])),
      store,
      apiToken: options.apiToken,
    });
  } catch (error) {
    await running?.close();
    await store.close?.();
    throw error;
  }

  return {
    url: running.url,
    port: running.port,
    store,
    async close() {
      await running.close();
      await store.close?.();
    },
  };
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

function optionsFromEnv(env) {
  const port = env.PORT === undefined ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${env.PORT} is not a port number`);
  const websites = (env.SEGMENTS_WEBSITES ?? "demo-website")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dataDir: env.SEGMENTS_DATA_DIR ? resolve(env.SEGMENTS_DATA_DIR) : undefined,
    websites,
    apiToken: env.SEGMENTS_API_TOKEN || undefined,
    store: env.SEGMENTS_STORE || undefined,
    databaseUrl: env.DATABASE_URL,
    databaseSchema: env.SEGMENTS_DB_SCHEMA,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const demo = await Promise.resolve(process.env)
    .then((env) => startDemo(optionsFromEnv(env)))
    .catch((error) => {
      // A bad setting or an unreachable database: one line, no stack trace.
      console.error(`crisp-segments demo: ${error.message}`);
      process.exit(1);
    });
  console.log(`crisp-segments demo: ${demo.url}/`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
