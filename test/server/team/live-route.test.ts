// @vitest-environment node
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { Change } from "../../../src/protocol/change";
import type { SegmentsEnv } from "../../../src/server/http/options";
import { createMemoryStore } from "../../../src/server/storage/memory-store";
import type { TeamStore } from "../../../src/server/storage/team-store";
import { addLiveStream, MAX_UNSENT_EVENTS } from "../../../src/server/team/live-route";
import { readEvents } from "../../support/event-stream";
import { waitFor } from "../../support/wait";

const WEBSITE = "demo-website";
const SESSION = "session_0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b";
const add = (...segments: string[]): Change => ({ overwrite: false, segments, remove: [] });
const URL = `http://service.test/v1/website/${WEBSITE}/live`;

/** The route alone, behind a stand-in guard (the handler's tests cover the real one), over a counted feed. */
function setup(feed?: Pick<TeamStore, "subscribeAll">) {
  const store = createMemoryStore();
  const counted = { listening: 0 };
  const source = feed ?? store;
  const app = new Hono<SegmentsEnv>();
  app.onError((_error, c) => c.text("failed", 500));
  addLiveStream(app, {
    path: "/v1/website/:website/live",
    heartbeatMs: 40,
    guard: async (c, next) => (c.req.header("Authorization") === "ok" ? next() : c.text("no", 401)),
    feed: {
      async subscribeAll(listener) {
        const stop = await source.subscribeAll(listener);
        counted.listening++;
        return async () => {
          counted.listening--;
          await stop();
        };
      },
    },
  });
  const open = async () => {
    const response = await app.request(URL, { headers: { Authorization: "ok" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const events = readEvents(response);
    expect(await events.nextEvent("ready")).toEqual({ event: "ready", data: {} });
    return events;
  };
  return { app, store, counted, open };
}

describe("the live route", () => {
  it("tells each stored change of its website: sessions by any path, contacts, deletions", async () => {
    const { store, open } = setup();
    const events = await open();
    await store.applyChange(WEBSITE, SESSION, 5, add("lead"));
    await store.applyChange("other-site", SESSION, 1, add("elsewhere"));
    await store.edit(WEBSITE, SESSION, add("vip"));
    const first = await events.nextEvent("the SDK's change");
    expect(first).toMatchObject({ event: "session", data: { session_id: SESSION, segments: ["lead"] } });
    expect(Object.keys(first.data as object).sort()).toEqual(["segments", "session_id", "updated_at"]);
    expect(await events.nextEvent("the edit")).toMatchObject({ data: { segments: ["lead", "vip"] } });

    const created = await store.createContact(WEBSITE, { email: "ann@example.com", segments: ["buyer"] });
    if (created.reason !== "updated") throw new Error(created.reason);
    const { peopleId } = created.contact;
    expect(await events.nextEvent("the new contact")).toEqual({
      event: "people",
      data: { people_id: peopleId, segments: ["buyer"], updated_at: created.contact.updatedAt, deleted: false },
    });
    await store.deleteContact(WEBSITE, peopleId);
    expect(await events.nextEvent("the deletion")).toMatchObject({ data: { people_id: peopleId, deleted: true } });
    await events.close();
  });

  it("sends a heartbeat comment while nothing changes", async () => {
    const events = await setup().open();
    expect(await events.next("a heartbeat", 1000)).toEqual({ comment: "heartbeat" });
    expect(await events.next("a second heartbeat", 1000)).toEqual({ comment: "heartbeat" });
    await events.close();
  });

  it("stops listening when the client goes", async () => {
    const { counted, open } = setup();
    const [a, b] = [await open(), await open()];
    expect(counted.listening).toBe(2);
    await a.close();
    await waitFor(() => counted.listening === 1);
    await b.close();
    await waitFor(() => counted.listening === 0);
  });

  it("listens to nothing for a request its guard refuses", async () => {
    const { app, counted } = setup();
    const response = await app.request(URL);
    expect(response.status).toBe(401);
    expect(counted.listening).toBe(0);
  });

  it("answers 500, not a silent stream, when the feed cannot listen", async () => {
    const { app } = setup({ subscribeAll: () => Promise.reject(new Error("LISTEN failed")) });
    const response = await app.request(URL, { headers: { Authorization: "ok" } });
    expect(response.status).toBe(500);
  });

  it("drops a client that stops reading, rather than buffering without end", async () => {
    const { store, counted, open } = setup();
    await open();
    for (let index = 0; index <= MAX_UNSENT_EVENTS + 10; index++) {
      await store.edit(WEBSITE, SESSION, { overwrite: true, segments: [`s${index}`] });
    }
    await waitFor(() => counted.listening === 0);
  });
});
