// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { decodeNotice, encodeNotice } from "../../../src/server/storage/postgres-notice";
import type { ContactChange, StoreChange } from "../../../src/server/storage/team-store";
import { postgresReachable, postgresStore, testSchema } from "../../support/postgres";

const WEBSITE = "site";
const long = Array.from({ length: 100 }, (_, index) => `${index}-${"😀".repeat(61 - `${index}`.length)}`);

describe("contact notices", () => {
  it("carry a short list whole, leave a long one to be read back, and are told apart from sessions'", () => {
    const change: ContactChange = { websiteId: WEBSITE, peopleId: "p", segments: ["a"], updatedAt: 9, deleted: false };
    expect(decodeNotice(encodeNotice(change))).toEqual(change);
    const payload = encodeNotice({ ...change, segments: long });
    expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    expect(decodeNotice(payload)).toEqual({ websiteId: WEBSITE, peopleId: "p", updatedAt: 9, deleted: false });
    expect(() => decodeNotice('{"w":"site","u":1,"p":"x"}')).toThrow(/malformed notice/);
  });
});

describe.skipIf(!postgresReachable)("postgres team store, two instances on one database", () => {
  it("give one email to one contact however many create it at once", async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([postgresStore(schema), postgresStore(schema)]);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 === 0 ? a : b).createContact(WEBSITE, {
          email: index % 3 === 0 ? "ADA@example.com" : "ada@example.com",
        }),
      ),
    );
    const winners = results.flatMap((result) => (result.reason === "updated" ? [result.contact.peopleId] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.reason === "email_taken")).toEqual(
      Array.from({ length: 7 }, () => ({ reason: "email_taken", peopleId: winners[0] })),
    );
  });

  it("lose no segment when batches and SDK changes race on the same sessions", async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([postgresStore(schema), postgresStore(schema)]);
    const sessions = Array.from({ length: 6 }, (_, index) => `session_${index}`);
    await Promise.all([
      a.addSegments(WEBSITE, { sessions }, ["batch-a"]),
      b.addSegments(WEBSITE, { sessions: [...sessions].reverse() }, ["batch-b"]),
      ...sessions.map((id, index) =>
        (index % 2 ? a : b).applyChange(WEBSITE, id, 1, { overwrite: false, segments: ["sdk"], remove: [] }),
      ),
    ]);
    for (const id of sessions) {
      const stored = await a.get(WEBSITE, id);
      expect(new Set(stored.segments)).toEqual(new Set(["batch-a", "batch-b", "sdk"]));
      expect(stored.revision).toBe(1);
    }
  });

  it("hear each other's contact changes, a long list read back whole", async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([postgresStore(schema), postgresStore(schema)]);
    const heard: StoreChange[] = [];
    await b.subscribeAll((change) => heard.push(change));
    const created = await a.createContact(WEBSITE, { email: "ada@example.com", segments: long });
    const peopleId = created.reason === "updated" ? created.contact.peopleId : "";
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    await a.deleteContact(WEBSITE, peopleId);
    await vi.waitFor(() => expect(heard).toHaveLength(2));
    expect(heard).toEqual([
      expect.objectContaining({ peopleId, segments: long, deleted: false }),
      expect.objectContaining({ peopleId, segments: [], deleted: true }),
    ]);
  });
});
