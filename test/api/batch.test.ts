// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegmentsApi, type SegmentsApi } from "../../src/api";
import { OPERATOR, sessionId, startService, WEBSITE } from "../support/api-service";

let service: Awaited<ReturnType<typeof startService>>;
let api: SegmentsApi;

beforeAll(async () => {
  service = await startService();
  api = createSegmentsApi({ baseUrl: service.url, ...OPERATOR });
});
afterAll(() => service.close());

describe("batch", () => {
  it("adds segments to many conversations, telling which it reached", async () => {
    await api.conversations.setSegments(WEBSITE, sessionId(1), ["lead"]);
    await api.conversations.setSegments(WEBSITE, sessionId(2), ["trial"]);
    const full = Array.from({ length: 100 }, (_, index) => `s${index}`);
    await api.conversations.setSegments(WEBSITE, sessionId(3), full);
    const result = await api.batch.addToConversations(WEBSITE, [sessionId(1), sessionId(2), sessionId(3)], ["spring"]);
    expect(result).toEqual({ updated: [sessionId(1), sessionId(2)], notFound: [], tooMany: [sessionId(3)] });
    expect(await api.conversations.getSegments(WEBSITE, sessionId(1))).toEqual(["lead", "spring"]);
  });

  it("adds segments to many contacts", async () => {
    const ann = await api.people.create(WEBSITE, { email: "ann@example.com" });
    const missing = "00000000-0000-4000-8000-000000000000";
    const result = await api.batch.addToPeople(WEBSITE, [ann, missing], ["spring"]);
    expect(result).toEqual({ updated: [ann], notFound: [missing], tooMany: [] });
    expect(await api.people.getSegments(WEBSITE, ann)).toEqual(["spring"]);
  });

  it("refuses an empty or bad list of ids before any request", async () => {
    await expect(api.batch.addToConversations(WEBSITE, [], ["x"])).rejects.toThrow(/sessionIds is \[\]/);
    await expect(api.batch.addToPeople(WEBSITE, ["nope"], ["x"])).rejects.toThrow(/peopleIds\[0\] is "nope"/);
    await expect(api.batch.addToConversations(WEBSITE, [sessionId(1)], [])).rejects.toThrow(
      /segments is \[\]; expected at least one segment to add/,
    );
  });
});
