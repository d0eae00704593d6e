// @vitest-environment node
import { afterEach, describe, expect, it, vi } from "vitest";
import { tick } from "../support/wait";

// The globals a browser SDK might reach for. During server-side rendering none may be read, let alone created.
const BROWSER_GLOBALS = [
  "document",
  "localStorage",
  "sessionStorage",
  "navigator",
  "location",
  "addEventListener",
  "removeEventListener",
];

function watchGlobals() {
  const reads: string[] = [];
  const writes: string[] = [];
  for (const name of ["window", ...BROWSER_GLOBALS]) {
    expect(name in globalThis, `${name} exists before the test`).toBe(false);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        reads.push(name);
        return undefined;
      },
      set() {
        writes.push(name);
      },
    });
  }
  return {
    reads,
    writes,
    restore() {
      for (const name of ["window", ...BROWSER_GLOBALS]) delete (globalThis as Record<string, unknown>)[name];
    },
  };
}

let watched: ReturnType<typeof watchGlobals> | null = null;
afterEach(() => {
  watched?.restore();
  watched = null;
  vi.unstubAllGlobals();
});

describe("server-side rendering", () => {
  it("importing and calling every method throws nothing and touches no browser global", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    watched = watchGlobals();
    vi.resetModules();
    const { Crisp } = await import("../../src/index");
    const called = new Set<string>();
    const call = <T>(name: string, run: () => T): T => {
      called.add(name);
      return run();
    };
    const listener = vi.fn();

    call("configure", () => Crisp.configure("test-website", { endpoint: "https://segments.example" }));
    call("configure", () => Crisp.configure("test-website"));
    call("safe", () => Crisp.safe(true));
    call("push", () => Crisp.push(["set", "session:segments", [["a"]]]));
    const offError = call("onError", () => Crisp.onError(listener));
    call("session.setSegments", () => Crisp.session.setSegments(["bug", "ios"]));
    call("session.setSegments", () => Crisp.session.setSegments(["customer"], true));
    call("session.removeSegments", () => Crisp.session.removeSegments(["trial"]));
    call("session.reset", () => Crisp.session.reset());
    const segments = call("session.getSegments", () => Crisp.session.getSegments());
    const identifier = call("session.getIdentifier", () => Crisp.session.getIdentifier());
    const synced = call("session.isSynced", () => Crisp.session.isSynced());
    const offLoaded = call("session.onLoaded", () => Crisp.session.onLoaded(listener));
    const offChanged = call("session.onSegmentsChanged", () => Crisp.session.onSegmentsChanged(listener));
    const offSynced = call("session.onSynced", () => Crisp.session.onSynced(listener));
    const flushed = call("session.flush", () => Crisp.session.flush());

    expect(segments).toEqual([]);
    expect(identifier).toBeNull();
    expect(synced).toBe(true);
    await expect(flushed).resolves.toBeUndefined();
    expect(() => {
      offError();
      offLoaded();
      offChanged();
      offSynced();
    }).not.toThrow();
    await tick(20);
    expect(listener).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();

    // Every method of the API was called.
    const methods = [
      ...Object.keys(Crisp).filter((key) => key !== "session"),
      ...Object.keys(Crisp.session).map((key) => `session.${key}`),
    ];
    expect([...called].sort()).toEqual(methods.sort());

    // `typeof window` is how the SDK learns it is not in a browser; nothing else was looked at or created.
    expect(watched.reads.filter((name) => name !== "window")).toEqual([]);
    expect(watched.writes).toEqual([]);
  });

  it("creates no browser global by being imported", async () => {
    vi.resetModules();
    await import("../../src/index");
    for (const name of ["window", ...BROWSER_GLOBALS]) expect(name in globalThis, name).toBe(false);
  });
});
