import { afterEach, describe, expect, it, vi } from "vitest";
import type { Locks } from "../../src/platform/locks";
import { type KeyValueStore, memoryStorage } from "../../src/platform/storage";
import type { CrispClient } from "../../src/sdk/client";
import type { Answer, Transport } from "../../src/sync/transport";
import { disposeClients, openClient, WEBSITE } from "../support/env";
import { waitFor } from "../support/wait";

/**
 * What a client does in the page's first task, and what waits for the next one: the locks, the other tabs'
 * storage events, the read, the page's callbacks. A page's first task is the script's; its promises run in it.
 */
function startWatched() {
  const unanswered = new Promise<Answer>(() => {});
  const transport: Transport = { read: vi.fn(() => unanswered), write: vi.fn(() => unanswered), onWire: false };
  const locks: Locks = { exclusive: true, holdForever: vi.fn(), releaseAll: vi.fn(), held: async () => null };
  const detach = () => () => {};
  const page = { onPageExit: vi.fn(detach), onPageCached: vi.fn(detach), onPageShown: vi.fn(detach) };
  // localStorage as it is, which keeps what it is given (a memory store says it could not).
  const memory = memoryStorage();
  const storage: KeyValueStore = { ...memory, set: (key, value) => memory.set(key, value) || true };
  const listen = vi.spyOn(globalThis, "addEventListener");
  const made = openClient({ transport, locks, storage, ...page });
  const deferred = () => ({
    locks: vi.mocked(locks.holdForever).mock.calls.length,
    storageEvents: listen.mock.calls.filter(([type]) => type === "storage").length,
    reads: vi.mocked(transport.read).mock.calls.length,
    page: page.onPageExit.mock.calls.length + page.onPageCached.mock.calls.length + page.onPageShown.mock.calls.length,
  });
  return { ...made, deferred };
}

/** Lets the current task's promises run, as they do before the page's next task. */
async function endOfTask(): Promise<void> {
  for (let index = 0; index < 10; index++) await Promise.resolve();
}

const none = { locks: 0, storageEvents: 0, reads: 0, page: 0 };
const started = { locks: 2, storageEvents: 1, reads: 1, page: 3 };

afterEach(() => {
  disposeClients();
  vi.restoreAllMocks();
});

describe("client: the page's first task", () => {
  it("answers and keeps commands at once, and leaves locks, storage events, the read and the page's callbacks to the next task", async () => {
    const { client, env, deferred, sessionId } = startWatched();
    client.run(["set", "session:segments", [["first"]]]);
    expect(client.get("session:segments")).toEqual(["first"]);
    expect(client.is("session:synced")).toBe(false);
    await endOfTask();
    expect(deferred()).toEqual(none);
    // The command waits in this tab's outbox, where a leader (this tab, a task later, or another) finds it.
    expect(env.storage.get(`crisp-segments:${WEBSITE}:outbox:${env.tabId}`)).toContain('"first"');
    await waitFor(() => deferred().reads > 0);
    expect(deferred()).toEqual(started);
    expect(client.get("session:segments")).toEqual(["first"]);
    expect(sessionId()).toMatch(/^session_/);
  });

  it("starts at once when flushed in the first task", () => {
    const { client, deferred } = startWatched();
    void client.flush();
    expect(deferred()).toMatchObject({ reads: 1, page: 3 });
  });

  it("a client disposed in the first task never starts", async () => {
    const { client, deferred } = startWatched();
    (client as CrispClient).dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deferred()).toEqual(none);
  });
});
