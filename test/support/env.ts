import { localLocks } from "../../src/platform/locks";
import { type Network, systemClock } from "../../src/platform/page-lifecycle";
import { type KeyValueStore, memoryStorage } from "../../src/platform/storage";
import type { CrispError } from "../../src/protocol/errors";
import { CrispClient } from "../../src/sdk/client";
import { browserEnvironment, type ClientEnvironment } from "../../src/sdk/environment";
import { createMemoryStore, createSegmentsHandler } from "../../src/server";

export const WEBSITE = "test-website";
export const ENDPOINT = "http://segments.test";

/** A real reference service in memory, reached through a `fetch` that counts what it carries. */
export function fakeService() {
  const store = createMemoryStore();
  const handler = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: ["*"] } },
    store,
    rateLimit: { perSession: false, perAddress: false },
  });
  const requests: { method: string; url: string; body: string | null; keepalive: boolean }[] = [];
  let fault: ((request: Request) => Response | Promise<Response> | null) | null = null;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.method === "POST" ? await request.clone().text() : null;
    requests.push({ method: request.method, url: request.url, body, keepalive: request.keepalive });
    const injected = fault?.(request);
    if (injected) return injected;
    return handler(request);
  };
  return {
    store,
    fetch: fetch as typeof globalThis.fetch,
    requests,
    posts: () => requests.filter((request) => request.method === "POST"),
    inject(next: typeof fault) {
      fault = next;
    },
    async segments(sessionId: string): Promise<string[]> {
      return (await store.get(WEBSITE, sessionId)).segments;
    },
  };
}

export function onlineNetwork(): Network & { setOnline(online: boolean): void } {
  let online = true;
  const waiting: (() => void)[] = [];
  return {
    isOnline: () => online,
    whenOnline: () => (online ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve))),
    setOnline(next) {
      online = next;
      if (online) for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

export function testEnvironment(
  overrides: Partial<ClientEnvironment> = {},
): ClientEnvironment & { exit(): void; errors: unknown[] } {
  let exitCallback = (): void => {};
  const errors: unknown[] = [];
  const env = {
    ...browserEnvironment(),
    storage: memoryStorage() as KeyValueStore,
    locks: localLocks(),
    clock: systemClock,
    network: onlineNetwork(),
    delayMs: 20,
    timeoutMs: 2_000,
    backoff: { baseMs: 10, capMs: 50 },
    console: { error: (...args: unknown[]) => void errors.push(args) },
    onPageExit: (callback: () => void) => {
      exitCallback = callback;
      return () => {};
    },
    ...overrides,
  };
  return Object.assign(env, { exit: () => exitCallback(), errors });
}

export function newClient(overrides: Partial<ClientEnvironment> = {}) {
  const env = testEnvironment(overrides);
  const client = new CrispClient({ websiteId: WEBSITE, endpoint: ENDPOINT }, env);
  const errors: CrispError[] = [];
  client.on("error", (error) => errors.push(error));
  return { client, env, errors };
}

const opened: CrispClient[] = [];

/** A client of the test website, disposed by `disposeClients` (call it after each test). */
export function openClient(overrides: Partial<ClientEnvironment> = {}) {
  const made = newClient(overrides);
  opened.push(made.client);
  const sessionId = (): string => made.client.get("session:identifier") as string;
  return { ...made, sessionId };
}

export function disposeClients(): void {
  for (const client of opened.splice(0)) client.dispose();
}
