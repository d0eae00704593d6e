/** The service over real HTTP for the client's tests: a memory store, operator keys, port 0. */
import { createSegmentsHandler } from "../../src/server/http/handler";
import { type RunningServer, serveNode } from "../../src/server/http/node-adapter";
import { createMemoryStore } from "../../src/server/storage/memory-store";
import { type FaultService, startFaultService } from "./fault-service.mjs";

export const WEBSITE = "demo-website";
/** Known to the service, and the one website the limited key may touch. */
export const OTHER_WEBSITE = "other-website";
export const OPERATOR = { identifier: "backend", key: "backend-key-0123456789abcdef" };
export const LIMITED = { identifier: "limited", key: "limited-key-0123456789abcdef" };

/** `session_` and a UUID v4 that differs by `index`. */
export function sessionId(index: number): string {
  return `session_00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
}

function handler() {
  // A clock that moves 1 ms a call, so that "most recently changed first" is one order, not ties.
  let now = 1_700_000_000_000;
  const store = createMemoryStore({ now: () => now++ });
  const handle = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: ["*"] }, [OTHER_WEBSITE]: { origins: ["*"] } },
    store,
    operators: [
      { ...OPERATOR, websites: "*" },
      { ...LIMITED, websites: [OTHER_WEBSITE] },
    ],
    onError: (error) => console.error(error),
  });
  return { store, handle };
}

export async function startService(): Promise<RunningServer & { store: ReturnType<typeof handler>["store"] }> {
  const { store, handle } = handler();
  const server = await serveNode(handle, { port: 0 });
  return Object.assign(server, { store });
}

/** The service behind a node:http front that answers the next requests with the faults a test injects. */
export function startFaultyService(): Promise<FaultService> {
  return startFaultService({ createHandler: () => handler().handle, script: "/nonexistent/crisp-segments.js" });
}
