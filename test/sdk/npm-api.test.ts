import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ENDPOINT, fakeService, WEBSITE } from "../support/env";
import { tick, waitFor } from "../support/wait";

type Api = typeof import("../../src/index");

let service: ReturnType<typeof fakeService>;
let consoleError: ReturnType<typeof vi.spyOn>;

let current: Api["Crisp"] | null = null;

/** src/index.ts keeps its client in module state: every test gets a fresh copy of the module. */
async function freshCrisp(): Promise<Api["Crisp"]> {
  vi.resetModules();
  current = (await import("../../src/index")).Crisp;
  return current;
}

beforeEach(() => {
  localStorage.clear();
  service = fakeService();
  // Every request of these tests goes to the in-memory service; none leaves the process.
  vi.stubGlobal("fetch", service.fetch);
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(async () => {
  // The test's client is replaced by one that syncs nothing (no website): its start, a task later, would otherwise
  // send its commands to the next test's service. Its error is reported, to the console still mocked, at once.
  current?.configure("");
  current = null;
  await Promise.resolve();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("npm API", () => {
  it("replays commands given before configure, in order", async () => {
    const Crisp = await freshCrisp();
    const changed = vi.fn();
    Crisp.session.onSegmentsChanged(changed);
    Crisp.session.setSegments(["a", "b"]);
    Crisp.session.removeSegments(["a"]);
    Crisp.session.setSegments(["a"]);
    expect(Crisp.session.getSegments()).toEqual([]);
    expect(Crisp.session.isSynced()).toBe(false);
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    expect(Crisp.session.getSegments()).toEqual(["b", "a"]);
    await tick();
    expect(changed).toHaveBeenCalledWith(["b", "a"]);
  });

  it("replays a reset given before configure in its place", async () => {
    const Crisp = await freshCrisp();
    Crisp.session.setSegments(["old"]);
    Crisp.session.reset();
    Crisp.session.setSegments(["new"]);
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    expect(Crisp.session.getSegments()).toEqual(["new"]);
    await Crisp.session.flush();
    const ids = new Set(service.posts().map((post) => post.url.split("/session/")[1]!.split("/")[0]!));
    const lists = await Promise.all([...ids].map((id) => service.segments(id)));
    expect(lists.sort()).toEqual([["new"], ["old"]]);
  });

  it("set, replace, remove and get, with copies", async () => {
    const Crisp = await freshCrisp();
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    expect(Crisp.session.setSegments(["bug", "ios"])).toBeUndefined();
    Crisp.session.setSegments(["customer"]);
    expect(Crisp.session.getSegments()).toEqual(["bug", "ios", "customer"]);
    Crisp.session.setSegments(["customer", "trial"], true);
    Crisp.session.removeSegments(["trial"]);
    const list = Crisp.session.getSegments();
    expect(list).toEqual(["customer"]);
    list.push("mutated");
    expect(Crisp.session.getSegments()).toEqual(["customer"]);
    expect(Crisp.session.getIdentifier()).toMatch(/^session_[0-9a-f-]{36}$/);
  });

  it("listeners return unsubscribe functions that work", async () => {
    const Crisp = await freshCrisp();
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    const changed = vi.fn();
    const unsubscribe = Crisp.session.onSegmentsChanged(changed);
    expect(typeof unsubscribe).toBe("function");
    Crisp.session.setSegments(["a"]);
    await tick();
    expect(changed).toHaveBeenCalledTimes(1);
    unsubscribe();
    Crisp.session.setSegments(["b"]);
    await tick();
    expect(changed).toHaveBeenCalledTimes(1);

    const errors = vi.fn();
    const stopErrors = Crisp.onError(errors);
    Crisp.push(["set", "session:segments", ["a", "b"]] as never);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0]![0]).toMatchObject({ code: "invalid_command" });
    stopErrors();
    Crisp.push(["do", "chat:open"] as never);
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it("onLoaded gives the session id once the service was read, even to a late listener", async () => {
    const Crisp = await freshCrisp();
    const early = vi.fn();
    const unsubscribe = Crisp.session.onLoaded(early);
    expect(typeof unsubscribe).toBe("function");
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    await waitFor(() => early.mock.calls.length > 0);
    expect(early).toHaveBeenCalledWith(Crisp.session.getIdentifier());
    expect(service.requests[0]).toMatchObject({ method: "GET" });
    const late = vi.fn();
    Crisp.session.onLoaded(late);
    await tick();
    expect(late).toHaveBeenCalledWith(Crisp.session.getIdentifier());
    expect(early).toHaveBeenCalledTimes(1);
  });

  it("flush resolves once the service has acknowledged everything", async () => {
    const Crisp = await freshCrisp();
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    Crisp.session.setSegments(["bug", "ios"]);
    Crisp.session.removeSegments(["ios"]);
    expect(Crisp.session.isSynced()).toBe(false);
    await Crisp.session.flush();
    expect(Crisp.session.isSynced()).toBe(true);
    expect(await service.segments(Crisp.session.getIdentifier()!)).toEqual(["bug"]);
  });

  it("a flush asked before configure resolves once configured and acknowledged", async () => {
    const Crisp = await freshCrisp();
    Crisp.session.setSegments(["early"]);
    let done = false;
    const flushed = Crisp.session.flush().then(() => (done = true));
    await tick(30);
    expect(done).toBe(false);
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    await flushed;
    expect(await service.segments(Crisp.session.getIdentifier()!)).toEqual(["early"]);
  });

  it("flush rejects when the service refuses the website", async () => {
    const Crisp = await freshCrisp();
    Crisp.configure("not-a-known-website", { endpoint: ENDPOINT });
    Crisp.session.setSegments(["a"]);
    await expect(Crisp.session.flush()).rejects.toMatchObject({ code: "website_refused" });
    expect(Crisp.session.getSegments()).toEqual(["a"]);
  });

  it("safe mode keeps the console quiet", async () => {
    const Crisp = await freshCrisp();
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    Crisp.push(["do", "chat:open"] as never);
    expect(consoleError).toHaveBeenCalledTimes(1);
    Crisp.safe();
    Crisp.push(["do", "chat:open"] as never);
    expect(consoleError).toHaveBeenCalledTimes(1);
    Crisp.safe(false);
    Crisp.push(["do", "chat:open"] as never);
    expect(consoleError).toHaveBeenCalledTimes(2);
  });

  it("a bad configuration reaches onError listeners given before and just after configure, once each", async () => {
    const Crisp = await freshCrisp();
    const before = vi.fn();
    const after = vi.fn();
    Crisp.onError(before);
    Crisp.configure(WEBSITE, { endpoint: "127.0.0.1:8787" });
    Crisp.onError(after);
    await tick(20);
    for (const listener of [before, after]) {
      expect(listener).toHaveBeenCalledTimes(1);
      expect(listener).toHaveBeenCalledWith(
        expect.objectContaining({ code: "invalid_configuration", value: "127.0.0.1:8787" }),
      );
    }
    expect(consoleError).toHaveBeenCalledTimes(1);
  });

  it("a bad configuration stays off the console in safe mode", async () => {
    const Crisp = await freshCrisp();
    const listener = vi.fn();
    Crisp.safe();
    Crisp.onError(listener);
    Crisp.configure("");
    await tick(20);
    expect(listener).toHaveBeenCalledWith(
      expect.objectContaining({ code: "invalid_configuration", position: "websiteId" }),
    );
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("onSynced is told when the service has acknowledged the change", async () => {
    const Crisp = await freshCrisp();
    const synced = vi.fn();
    Crisp.session.onSynced(synced);
    Crisp.configure(WEBSITE, { endpoint: ENDPOINT });
    Crisp.session.setSegments(["a"]);
    await waitFor(() => synced.mock.calls.length > 0);
    expect(synced).toHaveBeenCalledWith(Crisp.session.getIdentifier());
    expect(await service.segments(Crisp.session.getIdentifier()!)).toEqual(["a"]);
  });

  it("uses the page's origin when no endpoint is given", async () => {
    const Crisp = await freshCrisp();
    Crisp.configure(WEBSITE);
    // The read of an earlier test's client may land here too (its read waits for a task of its own): look for ours.
    const ours = `${location.origin}/v1/website/${WEBSITE}/session/`;
    await waitFor(() => service.requests.some((request) => request.url.startsWith(ours)));
  });
});
