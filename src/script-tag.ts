/** Entry of the script-tag build: reads the page's settings and installs `$crisp`. */
import { CrispClient } from "./sdk/client.js";
import { browserEnvironment } from "./sdk/environment.js";
import { installQueue } from "./sdk/queue.js";

type Page = typeof globalThis & {
  $crisp?: unknown;
  CRISP_WEBSITE_ID?: unknown;
  CRISP_RUNTIME_CONFIG?: { endpoint?: unknown };
};

const page = globalThis as Page;
const script = document.currentScript as HTMLScriptElement | null;

function endpoint(): string {
  const configured = page.CRISP_RUNTIME_CONFIG?.endpoint;
  if (typeof configured === "string") return configured;
  // By default the service is the origin that served this script.
  try {
    if (script?.src) return new URL(script.src).origin;
  } catch {
    // Falls back to the page's origin.
  }
  return location.origin;
}

// The settings as they are when the script runs, though the client may be made a task later.
const config = { websiteId: page.CRISP_WEBSITE_ID as string, endpoint: endpoint() };
installQueue(page, (startLater) => new CrispClient(config, { ...browserEnvironment(), startLater }));
