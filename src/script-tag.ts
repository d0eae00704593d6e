/** Entry of the script-tag build: reads the page's settings and installs `$crisp`. */
import { makeClient } from "./script-client.js";
import { installQueue } from "./sdk/queue.js";

type Page = typeof globalThis & {
  $crisp?: unknown;
  CRISP_WEBSITE_ID?: unknown;
  CRISP_RUNTIME_CONFIG?: { endpoint?: unknown };
};

const page = globalThis as Page;

/** Called while the script runs: `document.currentScript` is this script only then. */
function endpoint(): string {
  const configured = page.CRISP_RUNTIME_CONFIG?.endpoint;
  if (typeof configured === "string") return configured;
  // By default the service is the origin that served this script. Read only here: the first read of
  // `currentScript` costs about a millisecond of the page's first task (the script element's wrapper is made).
  const script = document.currentScript as HTMLScriptElement | null;
  try {
    if (script?.src) return new URL(script.src).origin;
  } catch {
    // Falls back to the page's origin.
  }
  return location.origin;
}

// The settings as they are when the script runs, though the client may be made a task later.
const config = { websiteId: page.CRISP_WEBSITE_ID as string, endpoint: endpoint() };
installQueue(page, (startLater) => makeClient(config, startLater));
