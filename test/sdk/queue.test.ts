import { afterEach, describe, expect, it, vi } from "vitest";
import type { CrispClient } from "../../src/sdk/client";
import { type CrispQueue, installQueue } from "../../src/sdk/queue";
import { fakeService, newClient } from "../support/env";
import { tick } from "../support/wait";

type Host = { $crisp?: unknown };
const clients: CrispClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

function setup(queued?: unknown) {
  const service = fakeService();
  const made = newClient({ fetch: service.fetch });
  clients.push(made.client);
  const host: Host = queued === undefined ? {} : { $crisp: queued };
  const createClient = vi.fn(() => made.client);
  installQueue(host, createClient);
  const $crisp = (): CrispQueue => host.$crisp as CrispQueue;
  return { ...made, service, host, $crisp, createClient };
}

describe("$crisp queue", () => {
  it("keeps the commands queued before the script when the page is left before the task after it", async () => {
    const { createClient, env } = setup([["set", "session:segments", [["kept"]]]]);
    const stored = () => env.storage.keys("").map((key) => env.storage.get(key) ?? "");
    expect(createClient).not.toHaveBeenCalled();
    expect(stored().join()).not.toContain("kept");
    window.dispatchEvent(new Event("pagehide"));
    expect(createClient).toHaveBeenCalledTimes(1);
    await tick();
    expect(stored().join()).toContain("kept");
  });

  it("replays commands queued before install strictly in order", async () => {
    const queued: unknown[] = [
      ["set", "session:segments", [["a", "b"]]],
      ["do", "session:segments:remove", [["a"]]],
      ["set", "session:segments", [["a"]]],
      ["do", "session:reset"],
      ["set", "session:segments", [["c", "d"]]],
      ["do", "session:segments:remove", [["c"]]],
      ["set", "session:segments", [["c"]]],
    ];
    const { $crisp, client, service } = setup(queued);
    expect($crisp().get("session:segments")).toEqual(["d", "c"]);
    await client.flush();
    const sessions = new Set(service.posts().map((post) => post.url.split("/session/")[1]!.split("/")[0]!));
    expect(sessions.size).toBe(2);
    const lists = await Promise.all([...sessions].map((id) => service.segments(id)));
    expect(lists).toContainEqual(["b", "a"]);
    expect(lists).toContainEqual(["d", "c"]);
  });

  it("creates $crisp when the page did not", () => {
    const { $crisp } = setup();
    expect(typeof $crisp().push).toBe("function");
    $crisp().push(["set", "session:segments", [["a"]]]);
    expect($crisp().get("session:segments")).toEqual(["a"]);
  });

  it("runs later pushes at once, several per call, returning a count like Array.push", () => {
    const { $crisp } = setup([["set", "session:segments", [["a"]]]]);
    const first = $crisp().push(["set", "session:segments", [["b"]]]);
    expect($crisp().get("session:segments")).toEqual(["a", "b"]);
    const second = $crisp().push(["set", "session:segments", [["c"]]], ["do", "session:segments:remove", [["a"]]]);
    expect($crisp().get("session:segments")).toEqual(["b", "c"]);
    expect(typeof first).toBe("number");
    expect(second).toBe(first + 2);
    expect($crisp().push()).toBe(second);
  });

  it("answers get and is", async () => {
    const { $crisp, client } = setup([["set", "session:segments", [["a"]]]]);
    expect($crisp().get("session:identifier")).toBe(client.get("session:identifier"));
    expect($crisp().is("session:synced")).toBe(false);
    await client.flush();
    expect($crisp().is("session:synced")).toBe(true);
  });

  it("a second install changes nothing and replays nothing twice", async () => {
    const { host, $crisp, createClient } = setup([["set", "session:segments", [["a"]]]]);
    const installed = host.$crisp;
    const onAdd = vi.fn();
    $crisp().push(["on", "session:segments:changed", onAdd]);
    const secondFactory = vi.fn(() => {
      throw new Error("should not be called");
    });
    installQueue(host, secondFactory);
    expect(host.$crisp).toBe(installed);
    expect(secondFactory).not.toHaveBeenCalled();
    expect(createClient).toHaveBeenCalledTimes(1);
    await tick();
    expect(onAdd).toHaveBeenCalledExactlyOnceWith(["a"]);
    $crisp().push(["do", "session:segments:remove", [["a"]]]);
    installQueue(host, secondFactory);
    expect($crisp().get("session:segments")).toEqual([]);
    await tick();
    expect(onAdd.mock.calls).toEqual([[["a"]], [[]]]);
  });

  it("never runs an adopted array's commands again, even commands that are not harmless twice", () => {
    const { host, $crisp } = setup([["set", "session:segments", [["a"]]]]);
    const fresh: unknown[] = [["set", "session:segments", [["b"]]]];
    host.$crisp = fresh;
    expect(fresh).toHaveLength(0);
    $crisp().push(["do", "session:segments:remove", [["a", "b"]]]);
    expect($crisp().get("session:segments")).toEqual([]);
    // The same array assigned again: "b" must not come back.
    host.$crisp = fresh;
    expect($crisp().get("session:segments")).toEqual([]);
  });

  it("runs the commands of an array later assigned to $crisp, and pushes onto that array still reach the SDK", () => {
    const { host, $crisp } = setup([["set", "session:segments", [["a"]]]]);
    const installed = host.$crisp;
    const fresh: unknown[] = [
      ["set", "session:segments", [["b"]]],
      ["do", "session:segments:remove", [["a"]]],
    ];
    host.$crisp = fresh;
    expect($crisp().get("session:segments")).toEqual(["b"]);
    expect(host.$crisp).toBe(installed);
    fresh.push(["set", "session:segments", [["c"]]]);
    expect($crisp().get("session:segments")).toEqual(["b", "c"]);
    // Nothing is run twice by a later assignment of the same array.
    host.$crisp = fresh;
    expect($crisp().get("session:segments")).toEqual(["b", "c"]);
    // Assigning garbage changes nothing.
    host.$crisp = "oops";
    host.$crisp = null;
    expect(host.$crisp).toBe(installed);
  });

  it("works when $crisp was declared with var (a property that cannot be redefined)", () => {
    const service = fakeService();
    const made = newClient({ fetch: service.fetch });
    clients.push(made.client);
    const host: Host = {};
    Object.defineProperty(host, "$crisp", {
      value: [["set", "session:segments", [["queued"]]]],
      writable: true,
      configurable: false,
    });
    installQueue(host, () => made.client);
    const $crisp = host.$crisp as CrispQueue;
    expect($crisp.get("session:segments")).toEqual(["queued"]);
    $crisp.push(["set", "session:segments", [["later"]]]);
    expect($crisp.get("session:segments")).toEqual(["queued", "later"]);
  });

  it("ignores a $crisp that is not an array", () => {
    const { $crisp, errors } = setup({ not: "an array" });
    $crisp().push(["set", "session:segments", [["a"]]]);
    expect($crisp().get("session:segments")).toEqual(["a"]);
    expect(errors).toEqual([]);
  });

  it("never throws from push, get or is, whatever they are given", () => {
    const cyclic: unknown[] = ["set", "session:segments"];
    cyclic.push(cyclic);
    const deep: unknown[] = [];
    deep.push([deep]);
    const throwingGetter = Object.defineProperty({}, "boom", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    const throwingIndex = Object.defineProperty(["set", "session:segments"], 2, {
      get() {
        throw new Error("index getter");
      },
    });
    const unprintableError = {
      toString() {
        throw new Error("toString");
      },
    };
    const hostileArray = new Proxy(["set", "session:segments", [["a"]]], {
      get() {
        throw unprintableError;
      },
    });
    const hostileObject = new Proxy(
      {},
      {
        get() {
          throw unprintableError;
        },
        ownKeys() {
          throw unprintableError;
        },
      },
    );
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    const garbage: unknown[] = [
      hostileArray,
      hostileObject,
      revoked.proxy,
      ["set", "session:segments", [[hostileObject]]],
      ["set", "session:segments", hostileArray],
      undefined,
      null,
      Symbol("s"),
      [Symbol("verb")],
      ["set", Symbol("method")],
      ["set", "session:segments", [[Symbol("segment")]]],
      10n,
      ["set", "session:segments", [[10n]]],
      throwingGetter,
      ["set", "session:segments", [[throwingGetter]]],
      ["set", "session:segments", throwingGetter],
      throwingIndex,
      cyclic,
      deep,
      ["on", "error", "not a function"],
      ["on", throwingGetter, () => {}],
      () => {},
      Object.create(null),
    ];
    const { $crisp, errors } = setup([...garbage]);
    for (const value of garbage) {
      expect(() => $crisp().push(value)).not.toThrow();
      expect(() => $crisp().push(value, value)).not.toThrow();
      expect(() => $crisp().get(value)).not.toThrow();
      expect(() => $crisp().is(value)).not.toThrow();
    }
    expect($crisp().get("session:segments")).toEqual([]);
    // Each refused push was reported.
    expect(errors.length).toBeGreaterThanOrEqual(garbage.length * 3);
  });
});
