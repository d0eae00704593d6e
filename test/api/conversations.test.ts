// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegmentsApi, type SegmentsApi } from "../../src/api";
import { OPERATOR, sessionId, startService, WEBSITE } from "../support/api-service";

let service: Awaited<ReturnType<typeof startService>>;
let api: SegmentsApi;
/** Every URL the client fetched, in order. */
const fetched: string[] = [];

beforeAll(async () => {
  service = await startService();
  api = createSegmentsApi({
    baseUrl: service.url,
    ...OPERATOR,
    fetch: (input, init) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    },
  });
});
afterAll(() => service.close());

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const read: T[] = [];
  for await (const row of rows) read.push(row);
  return read;
}

describe("conversations", () => {
  it("sets, reads, adds and removes a conversation's segments", async () => {
    const session = sessionId(1);
    expect(await api.conversations.getSegments(WEBSITE, session)).toEqual([]);
    expect(await api.conversations.setSegments(WEBSITE, session, [" lead ", "trial", "lead"])).toEqual([
      "lead",
      "trial",
    ]);
    expect(await api.conversations.getSegments(WEBSITE, session)).toEqual(["lead", "trial"]);
    expect(await api.conversations.addSegments(WEBSITE, session, ["vip", "lead"])).toEqual(["lead", "trial", "vip"]);
    expect(await api.conversations.removeSegments(WEBSITE, session, ["trial"])).toEqual(["lead", "vip"]);
    expect(await api.conversations.editSegments(WEBSITE, session, { add: ["customer"], remove: ["lead"] })).toEqual([
      "vip",
      "customer",
    ]);
    expect((await service.store.get(WEBSITE, session)).segments).toEqual(["vip", "customer"]);
  });

  it("merges meta fields, and replaces the list only when segments are given", async () => {
    const session = sessionId(2);
    await api.conversations.updateMeta(WEBSITE, session, { nickname: "Ann", segments: ["lead"] });
    await api.conversations.updateMeta(WEBSITE, session, { email: "ann@example.com", data: { plan: "pro", seats: 3 } });
    expect(await api.conversations.getMeta(WEBSITE, session)).toEqual({
      nickname: "Ann",
      email: "ann@example.com",
      data: { plan: "pro", seats: 3 },
      segments: ["lead"],
    });
  });

  it("pages through a filter as the caller reads, until a short page", async () => {
    for (let index = 100; index < 145; index++) {
      const segments = index % 3 === 0 ? ["paged", "even3"] : ["paged"];
      await service.store.edit(WEBSITE, sessionId(index), { overwrite: true, segments });
    }
    fetched.length = 0;
    const rows = await all(api.conversations.list(WEBSITE, { segments: ["paged"], perPage: 20 }));
    expect(rows).toHaveLength(45);
    expect(new Set(rows.map((row) => row.sessionId)).size).toBe(45);
    // Most recently changed first: the last one seeded leads.
    expect(rows[0]).toMatchObject({ sessionId: sessionId(144), websiteId: WEBSITE, segments: ["paged", "even3"] });
    expect(rows[0]?.updatedAt).toBeGreaterThan(rows[44]?.updatedAt ?? Number.POSITIVE_INFINITY);
    expect(fetched.map((url) => new URL(url).pathname.split("/").pop())).toEqual(["1", "2", "3"]);
  });

  it("fetches no page further than the caller reads", async () => {
    fetched.length = 0;
    for await (const row of api.conversations.list(WEBSITE, { segments: ["paged"], perPage: 20 })) {
      if (row) break;
    }
    expect(fetched).toHaveLength(1);
  });

  it("keeps all of the segments by default, any of them on request", async () => {
    await api.conversations.setSegments(WEBSITE, sessionId(200), ["red", "blue"]);
    await api.conversations.setSegments(WEBSITE, sessionId(201), ["red"]);
    await api.conversations.setSegments(WEBSITE, sessionId(202), ["blue"]);
    const ids = async (match?: "all" | "any") =>
      (await all(api.conversations.list(WEBSITE, { segments: ["red", "blue"], match }))).map((row) => row.sessionId);
    expect(await ids()).toEqual([sessionId(200)]);
    expect((await ids("any")).sort()).toEqual([sessionId(200), sessionId(201), sessionId(202)]);
  });

  it("suggests the segments in use, most used first", async () => {
    const counts = await api.conversations.suggestSegments(WEBSITE);
    expect(counts[0]).toEqual({ segment: "paged", count: 45 });
    expect(counts).toContainEqual({ segment: "red", count: 2 });
  });

  it("refuses bad arguments before any request, in one line", async () => {
    fetched.length = 0;
    await expect(api.conversations.getSegments(WEBSITE, "session_1")).rejects.toThrow(
      new TypeError('crisp-segments/api: sessionId is "session_1"; expected session_ followed by a lowercase UUID v4'),
    );
    await expect(api.conversations.addSegments(WEBSITE, sessionId(1), ["ok", "x".repeat(65)])).rejects.toThrow(
      /^crisp-segments\/api: segments\[1\] is "x+"; expected 1 to 64 characters after trimming white space$/,
    );
    expect(() => api.conversations.list("bad website", {})).toThrow(/websiteId is "bad website"/);
    expect(fetched).toEqual([]);
  });
});
