// The server the browser figures' pages talk to: the pages by path, the built script, and the built reference
// service (memory store, rate limits off) for the page's own origin, with every protocol request logged and the
// bytes on its sockets counted. It is the tests' fault-injecting service, with no fault injected unless asked.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openLoaded, snippetPage } from "../test/support/browser.mjs";
import { startFaultService } from "../test/support/fault-service.mjs";

export const WEBSITE = "bench-website";

/** `store` wraps the memory store (the fault figures time the moment it applies a change). */
export async function startPageServer(dist, wrapStore = (store) => store) {
  const { createMemoryStore, createSegmentsHandler } = await import(pathToFileURL(join(dist, "server.mjs")).href);
  const service = await startFaultService({
    script: join(dist, "crisp-segments.js"),
    createHandler: (url) =>
      createSegmentsHandler({
        websites: { [WEBSITE]: { origins: [url] } },
        store: wrapStore(createMemoryStore()),
        rateLimit: { perSession: false, perAddress: false },
        onError: () => {},
      }),
  });
  service.pages.set("/sdk", snippetPage({ website: WEBSITE }));
  service.pages.set("/nosdk", snippetPage({ website: WEBSITE, sdk: false }));
  return service;
}

/** A fresh context's page on /sdk, once the SDK read its session. */
export async function openLoadedSdkPage(browser, server) {
  const context = await browser.newContext();
  return { context, page: await openLoaded(context, `${server.url}/sdk`) };
}
