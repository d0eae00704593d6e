// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegmentsApi, type SegmentsApi, SegmentsApiError } from "../../src/api";
import { OPERATOR, startService, WEBSITE } from "../support/api-service";

let service: Awaited<ReturnType<typeof startService>>;
let api: SegmentsApi;

beforeAll(async () => {
  service = await startService();
  api = createSegmentsApi({ baseUrl: service.url, ...OPERATOR });
});
afterAll(() => service.close());

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const read: T[] = [];
  for await (const row of rows) read.push(row);
  return read;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("resolved"),
    (error: unknown) => error,
  );

describe("people", () => {
  it("creates, reads, updates and deletes a contact", async () => {
    const id = await api.people.create(WEBSITE, { email: "ann@example.com", nickname: "Ann", segments: ["lead"] });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const contact = await api.people.get(WEBSITE, id);
    expect(contact).toMatchObject({ peopleId: id, email: "ann@example.com", nickname: "Ann", segments: ["lead"] });
    expect(contact.createdAt).toBeTypeOf("number");
    await api.people.update(WEBSITE, id, { nickname: "Annie" });
    expect(await api.people.get(WEBSITE, id)).toMatchObject({ email: "ann@example.com", nickname: "Annie" });
    await api.people.delete(WEBSITE, id);
    const error = await rejection(api.people.get(WEBSITE, id));
    expect(error).toBeInstanceOf(SegmentsApiError);
    expect(error).toMatchObject({ status: 404, reason: "people_not_found", method: "GET" });
  });

  it("sets, adds and removes a contact's segments", async () => {
    const id = await api.people.create(WEBSITE, { email: "bob@example.com" });
    expect(await api.people.getSegments(WEBSITE, id)).toEqual([]);
    expect(await api.people.setSegments(WEBSITE, id, ["trial"])).toEqual(["trial"]);
    expect(await api.people.addSegments(WEBSITE, id, ["vip"])).toEqual(["trial", "vip"]);
    expect(await api.people.removeSegments(WEBSITE, id, ["trial"])).toEqual(["vip"]);
    expect(await api.people.getSegments(WEBSITE, id)).toEqual(["vip"]);
  });

  it("refuses a second contact with the same email, naming the reason", async () => {
    await api.people.create(WEBSITE, { email: "carol@example.com" });
    const error = await rejection(api.people.create(WEBSITE, { email: "Carol@example.com" }));
    expect(error).toMatchObject({ status: 409, reason: "people_exists", method: "POST" });
    expect((error as Error).message).toMatch(/"Carol@example.com" is contact [0-9a-f-]{36}'s already/);
  });

  it("lists contacts by segments and text, across pages, and exports them as CSV", async () => {
    for (let index = 0; index < 23; index++) {
      const segments = index < 21 ? ["newsletter"] : ["other"];
      await api.people.create(WEBSITE, { email: `reader${index}@example.com`, nickname: `Reader ${index}`, segments });
    }
    const readers = await all(api.people.list(WEBSITE, { segments: ["newsletter"], perPage: 20 }));
    expect(readers).toHaveLength(21);
    expect(readers.every((contact) => contact.segments.includes("newsletter"))).toBe(true);
    const found = await all(api.people.list(WEBSITE, { text: "reader2" }));
    expect(found.map((contact) => contact.email).sort()).toEqual([
      "reader20@example.com",
      "reader21@example.com",
      "reader22@example.com",
      "reader2@example.com",
    ]);
    const csv = await api.people.exportCsv(WEBSITE, { segments: ["newsletter"] });
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("people_id,email,nickname,segments,created_at,updated_at");
    expect(lines).toHaveLength(22);
    expect(csv).toContain("reader0@example.com,Reader 0,newsletter,");
  });

  it("suggests the segments in use on contacts", async () => {
    expect((await api.people.suggestSegments(WEBSITE))[0]).toEqual({ segment: "newsletter", count: 21 });
  });

  it("refuses a bad people id or email before any request", async () => {
    await expect(api.people.get(WEBSITE, "ann")).rejects.toThrow(/^crisp-segments\/api: peopleId is "ann"; expected/);
    await expect(api.people.create(WEBSITE, { email: "" })).rejects.toThrow(/email is ""; expected an email address/);
  });
});
