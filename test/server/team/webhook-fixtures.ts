/** The webhooks' REST tests: a handler with a second, forbidden website, and a snapshot of the automations' state. */
import type { createMemoryStore } from "../../../src/server/storage/memory-store";
import {
  type Answer,
  answer,
  OPERATOR,
  operatorHeaders,
  restRequest,
  restUrl,
  setup,
  WEBSITE,
} from "../../support/service";

export const OTHER = "other-website";
export const LIMITED = { identifier: "limited", key: "limited-key-0123456789" };

export function webhookSetup() {
  const context = setup({
    websites: { [WEBSITE]: { origins: [] }, [OTHER]: { origins: [] } },
    operators: [
      { ...OPERATOR, websites: "*" },
      { ...LIMITED, websites: [OTHER] },
    ],
  });
  const call = async (method: string, path: string, body?: unknown) =>
    answer(await context.handler(restRequest(method, path, body)));
  /** The same request without credentials, and with a key not allowed on the website. */
  const refusals = async (method: string, path: string, body?: unknown) => {
    const init = (headers: Record<string, string>) => ({
      method,
      headers: { ...headers, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const anonymous = await context.handler(new Request(restUrl(path), init({ "X-Crisp-Tier": "plugin" })));
    const limited = await context.handler(
      new Request(restUrl(path), init(operatorHeaders(LIMITED.identifier, LIMITED.key))),
    );
    return [anonymous.status, limited.status];
  };
  return { ...context, call, refusals };
}

/** Every endpoint (secrets included) and delivery of the website: a refused request changes none of it. */
type MemoryStore = ReturnType<typeof createMemoryStore>;

export async function automationsSnapshot(store: MemoryStore, website = WEBSITE) {
  return {
    endpoints: await store.listEndpoints(website),
    deliveries: await store.listDeliveries(website, { page: 1, perPage: 100 }),
  };
}

/** A list answer's `data` (the envelope's type says object). */
export function listOf<T>(answer: Answer): T[] {
  return (answer.body?.data ?? []) as unknown as T[];
}
