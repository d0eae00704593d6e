import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../../src/platform/storage";
import type { CrispError } from "../../src/protocol/errors";
import { CrispClient } from "../../src/sdk/client";
import { NEW_RECORD } from "../../src/session/record";
import { newSessionId } from "../../src/session/session-id";
import { disposeClients, ENDPOINT, fakeService, newClient, openClient, testEnvironment, WEBSITE } from "../support/env";
import { lockHub } from "../support/tabs";
import { tick, waitFor } from "../support/wait";

const clients: CrispClient[] = [];
function start(overrides: Parameters<typeof newClient>[0] = {}) {
  const service = fakeService();
  const made = newClient({ fetch: service.fetch, ...overrides });
  clients.push(made.client);
  return { ...made, service };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  disposeClients();
});

describe("client: refused commands", () => {
  it.each<[string, unknown]>([
    ["a bad segment", ["set", "session:segments", [["ok", ""]]]],
    ["the missing inner array", ["set", "session:segments", ["a", "b"]]],
    ["an unsupported command", ["do", "chat:open"]],
    ["a non-array", "set"],
    ["null", null],
  ])("reports %s once to listeners and once to the console, applying nothing", async (_name, command) => {
    const { client, env, errors } = start();
    const listener = vi.fn();
    client.on("error", listener);
    client.run(command);
    await tick(5);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
    expect(env.errors).toHaveLength(1);
    expect(String((env.errors[0] as unknown[])[0])).toMatch(/^\[crisp-segments\]/);
    expect(client.get("session:segments")).toEqual([]);
  });

  it("in safe mode writes nothing to the console, yet still tells error listeners", async () => {
    const { client, env, errors } = start();
    client.run(["safe", true]);
    client.run(["set", "session:segments", ["a"]]);
    client.run(["do", "chat:open"]);
    client.get("session:unknown");
    expect(errors.map((error) => error.code)).toEqual([
      "invalid_command",
      "unsupported_command",
      "unsupported_command",
    ]);
    expect(env.errors).toHaveLength(0);
    client.run(["safe", false]);
    client.run(["do", "chat:open"]);
    expect(env.errors).toHaveLength(1);
  });

  it("refuses a command that would take the session past 100 segments as a whole", async () => {
    const { client, errors } = start();
    const ninetyNine = Array.from({ length: 99 }, (_, index) => `s${index}`);
    client.run(["set", "session:segments", [ninetyNine]]);
    const changed = vi.fn();
    client.on("session:segments:changed", changed);
    client.run(["set", "session:segments", [["x", "y"]]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "invalid_command", position: "segments", value: ["x", "y"] });
    expect(errors[0]!.message).toMatch(/more than 100 segments/);
    expect(client.get("session:segments")).toEqual(ninetyNine);
    client.run(["set", "session:segments", [["x"]]]);
    expect(client.get("session:segments")).toHaveLength(100);
    // Replacing is judged on the list it leaves.
    client.run(["set", "session:segments", [["only"], true]]);
    expect(client.get("session:segments")).toEqual(["only"]);
    expect(errors).toHaveLength(1);
  });
});

describe("client: listeners", () => {
  it("a throwing listener breaks neither the SDK nor the other listeners", async () => {
    const { client, env } = start();
    const other = vi.fn();
    client.on("session:segments:changed", () => {
      throw new Error("listener bug");
    });
    client.on("session:segments:changed", other);
    client.run([
      "on",
      "error",
      () => {
        throw new Error("error listener bug");
      },
    ]);
    const errorsSeen = vi.fn();
    client.on("error", errorsSeen);
    client.run(["set", "session:segments", [["a"]]]);
    await tick();
    expect(other).toHaveBeenCalledWith(["a"]);
    client.run(["do", "chat:open"]);
    expect(errorsSeen).toHaveBeenCalledTimes(1);
    client.run(["set", "session:segments", [["b"]]]);
    await tick();
    expect(other).toHaveBeenLastCalledWith(["a", "b"]);
    expect(client.get("session:segments")).toEqual(["a", "b"]);
    // The console hears of the throwing listeners, and of the refused command once.
    expect(env.errors.length).toBeGreaterThanOrEqual(3);
  });

  it("on and off, with and without a callback", async () => {
    const { client } = start();
    const first = vi.fn();
    const second = vi.fn();
    client.run(["on", "session:segments:changed", first]);
    client.run(["on", "session:segments:changed", second]);
    client.run(["set", "session:segments", [["a"]]]);
    await tick();
    client.run(["off", "session:segments:changed", first]);
    client.run(["set", "session:segments", [["b"]]]);
    await tick();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    client.run(["on", "session:segments:changed", first]);
    client.run(["off", "session:segments:changed"]);
    client.run(["set", "session:segments", [["c"]]]);
    await tick();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });

  it("session:segments:changed fires with the new list, once per burst, and not for no-ops", async () => {
    const { client } = start();
    const changed = vi.fn();
    client.on("session:segments:changed", changed);
    client.run(["set", "session:segments", [["a", "b"]]]);
    client.run(["do", "session:segments:remove", [["a"]]]);
    client.run(["set", "session:segments", [["c"]]]);
    await tick();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledWith(["b", "c"]);
    client.run(["set", "session:segments", [["b"]]]);
    await tick();
    expect(changed).toHaveBeenCalledTimes(1);
    client.run(["set", "session:segments", [["z"], true]]);
    await tick();
    expect(changed).toHaveBeenCalledTimes(2);
    expect(changed).toHaveBeenLastCalledWith(["z"]);
    // What a listener receives is its own copy.
    (changed.mock.calls[1]![0] as string[]).push("mutated");
    expect(client.get("session:segments")).toEqual(["z"]);
  });
});

describe("client: get and is", () => {
  it("get returns a copy of the list and the session id", () => {
    const { client } = start();
    client.run(["set", "session:segments", [["a"]]]);
    const list = client.get("session:segments") as string[];
    list.push("b");
    list.length = 0;
    expect(client.get("session:segments")).toEqual(["a"]);
    expect(client.get("session:identifier")).toMatch(/^session_[0-9a-f-]{36}$/);
  });

  it("is session:synced says whether a change waits for the service", async () => {
    const { client } = start();
    expect(client.is("session:synced")).toBe(true);
    client.run(["set", "session:segments", [["a"]]]);
    expect(client.is("session:synced")).toBe(false);
    await client.flush();
    expect(client.is("session:synced")).toBe(true);
  });

  it("unknown keys answer undefined and false, reported, never thrown", () => {
    const { client, errors } = start();
    expect(client.get("chat:unread:count")).toBeUndefined();
    expect(client.is("chat:opened")).toBe(false);
    expect(errors.map((error) => error.code)).toEqual(["unsupported_command", "unsupported_command"]);
  });
});

describe("client: session:loaded", () => {
  it("fires once, with the session id, after the service's list was read", async () => {
    const sessionId = newSessionId();
    const service = fakeService();
    await service.store.edit(WEBSITE, sessionId, { overwrite: true, segments: ["set-by-operator"] });
    const env = testEnvironment({ fetch: service.fetch, newSessionId: () => sessionId });
    const client = new CrispClient({ websiteId: WEBSITE, endpoint: ENDPOINT }, env);
    clients.push(client);
    const seen: [string, unknown][] = [];
    client.on("session:loaded", (id) => seen.push([id, client.get("session:segments")]));
    const changed = vi.fn();
    client.on("session:segments:changed", changed);
    await waitFor(() => seen.length > 0);
    await tick(50);
    expect(seen).toEqual([[sessionId, ["set-by-operator"]]]);
    expect(changed).toHaveBeenCalledWith(["set-by-operator"]);
  });

  it("lays the pending change over the service's list", async () => {
    const sessionId = newSessionId();
    const service = fakeService();
    await service.store.edit(WEBSITE, sessionId, { overwrite: true, segments: ["op"] });
    const env = testEnvironment({ fetch: service.fetch, newSessionId: () => sessionId, delayMs: 5_000 });
    const client = new CrispClient({ websiteId: WEBSITE, endpoint: ENDPOINT }, env);
    clients.push(client);
    client.run(["set", "session:segments", [["mine"]]]);
    const loaded = new Promise((resolve) => client.on("session:loaded", resolve));
    await loaded;
    await tick();
    expect(client.get("session:segments")).toEqual(["op", "mine"]);
  });

  it("fires even when the read fails, with the cached list", async () => {
    const sessionId = newSessionId();
    const storage = memoryStorage();
    storage.set(`crisp-segments:${WEBSITE}:current`, sessionId);
    storage.set(
      `crisp-segments:${WEBSITE}:session:${sessionId}`,
      JSON.stringify({ ...NEW_RECORD, acked: ["cached"], ackedRevision: 3, revision: 3 }),
    );
    const service = fakeService();
    service.inject((request) =>
      request.method === "GET"
        ? Response.json({ error: true, reason: "internal_error", data: { message: "down" } }, { status: 500 })
        : null,
    );
    const { client } = start({ fetch: service.fetch, storage });
    const seen: [string, unknown][] = [];
    client.on("session:loaded", (id) => seen.push([id, client.get("session:segments")]));
    await waitFor(() => seen.length > 0);
    await tick(50);
    expect(seen).toEqual([[sessionId, ["cached"]]]);
    service.inject(null);
  });

  it("a listener added after the fact still hears of it", async () => {
    const { client } = start();
    await new Promise((resolve) => client.on("session:loaded", resolve));
    const late = vi.fn();
    client.run(["on", "session:loaded", late]);
    await tick();
    expect(late).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledWith(client.get("session:identifier"));
  });
});

describe("client: configuration", () => {
  it("an invalid website id is reported once, and the SDK still works on the page", async () => {
    const service = fakeService();
    const env = testEnvironment({ fetch: service.fetch });
    const errors: CrispError[] = [];
    const client = new CrispClient({ websiteId: "not a website!", endpoint: ENDPOINT }, env);
    clients.push(client);
    client.on("error", (error) => errors.push(error));
    const loaded = vi.fn();
    client.on("session:loaded", loaded);
    await tick();
    expect(env.errors).toHaveLength(1);
    // A listener attached in the task that made the client hears of it, once.
    expect(errors.map((error) => [error.code, error.position])).toEqual([["invalid_configuration", "websiteId"]]);
    client.run(["set", "session:segments", [["a"]]]);
    expect(client.get("session:segments")).toEqual(["a"]);
    await tick(50);
    expect(loaded).toHaveBeenCalledTimes(1);
    expect(service.requests).toHaveLength(0);
  });

  it.each(["segments.example.com", "127.0.0.1:8787", "ftp://segments.example.com", ""])(
    "an endpoint like %j is refused, to error listeners too",
    async (endpoint) => {
      const env = testEnvironment({ fetch: fakeService().fetch });
      const client = new CrispClient({ websiteId: WEBSITE, endpoint }, env);
      clients.push(client);
      const errors: CrispError[] = [];
      client.on("error", (error) => errors.push(error));
      await tick(20);
      expect(errors.map((error) => [error.code, error.position])).toEqual([["invalid_configuration", "endpoint"]]);
      expect(env.errors).toHaveLength(1);
      expect((env.errors[0] as unknown[])[1]).toMatchObject({ code: "invalid_configuration", position: "endpoint" });
    },
  );
});

describe("client: session:synced", () => {
  it("fires once when the last change is acknowledged, and not again while nothing changes", async () => {
    const { client, service } = start();
    const synced = vi.fn();
    client.on("session:synced", synced);
    await tick(100);
    expect(synced).not.toHaveBeenCalled();
    client.run(["set", "session:segments", [["a"]]]);
    client.run(["set", "session:segments", [["b"]]]);
    await waitFor(() => synced.mock.calls.length > 0);
    expect(client.is("session:synced")).toBe(true);
    expect(synced).toHaveBeenCalledWith(client.get("session:identifier"));
    expect(service.posts()).toHaveLength(1);
    await tick(150); // nothing pushed: nothing to tell

    expect(synced).toHaveBeenCalledTimes(1);
    client.run(["set", "session:segments", [["c"]]]);
    await client.flush();
    await tick();
    expect(synced).toHaveBeenCalledTimes(2);
  });
});

describe("client against the reference service", () => {
  it("delivers a burst as one request and flush resolves when acknowledged", async () => {
    const service = fakeService();
    const { client } = newClient({ fetch: service.fetch });
    client.run(["set", "session:segments", [["a", "b"]]]);
    client.run(["do", "session:segments:remove", [["a"]]]);
    client.run(["set", "session:segments", [["c"]]]);
    expect(client.get("session:segments")).toEqual(["b", "c"]);
    expect(client.is("session:synced")).toBe(false);
    await client.flush();
    expect(client.is("session:synced")).toBe(true);
    const sessionId = client.get("session:identifier") as string;
    expect(await service.segments(sessionId)).toEqual(["b", "c"]);
    expect(service.posts()).toHaveLength(1);
  });
});

describe("client: dispose", () => {
  it("a disposed client (Crisp.configure called again) lets go of the leader lock, so the new client sends", async () => {
    const service = fakeService();
    const hub = lockHub();
    const storage = memoryStorage();
    const first = openClient({ fetch: service.fetch, storage, locks: hub.tab("first"), tabId: "first" });
    await tick(200); // loaded, and its first drain is over
    first.client.dispose();
    const second = openClient({ fetch: service.fetch, storage, locks: hub.tab("second"), tabId: "second" });
    second.client.run(["set", "session:segments", [["after-reconfigure"]]]);
    await tick(1_000);
    expect(await service.segments(second.sessionId())).toEqual(["after-reconfigure"]);
  });
});
