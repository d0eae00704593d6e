// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import type { ConversationMeta, StoreChange } from "../../../src/server/storage/team-store";
import { OTHER_SESSION, SESSION, WEBSITE } from "../../support/service";
import { factories, type Store } from "./store-factories";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const add = (segments: string[]) => ({ overwrite: false as const, segments, remove: [] });

/** A contact's id, for a create the test expects to succeed. */
async function created(store: Store, email: string, segments: string[] = [], nickname?: string): Promise<string> {
  const result = await store.createContact(WEBSITE, { email, segments, nickname });
  if (result.reason !== "updated") throw new Error(`creating ${email}: ${result.reason}`);
  return result.contact.peopleId;
}

describe.each(factories)("%s store, team side", (_name, make) => {
  it("merges a conversation's meta field by field, leaving its segments and revision alone", async () => {
    const store = await make(() => 0);
    expect(await store.getMeta(WEBSITE, SESSION)).toEqual({});
    await store.applyChange(WEBSITE, SESSION, 3, { overwrite: true, segments: ["lead"] });
    await store.mergeMeta(WEBSITE, SESSION, { nickname: "Ada", data: { plan: "pro", seats: 3 } });
    const merged = await store.mergeMeta(WEBSITE, SESSION, { email: "ada@example.com", data: { trial: true } });
    expect(merged).toEqual({ nickname: "Ada", email: "ada@example.com", data: { trial: true } });
    expect(await store.getMeta(WEBSITE, SESSION)).toEqual(merged);
    expect(await store.getMeta("other-website", SESSION)).toEqual({});
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead"], revision: 3 });
    const handed = { subject: "Hi", ip: "192.0.2.1", segments: ["not", "here"] } as ConversationMeta;
    expect(await store.mergeMeta(WEBSITE, SESSION, handed)).toEqual({ ...merged, subject: "Hi" });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead"], revision: 3 });
    await store.close?.();
  });

  it("creates, reads, merges and deletes contacts, one per email whatever its case", async () => {
    let now = 1_000;
    const store = await make(() => now);
    const created1 = await store.createContact(WEBSITE, {
      email: "Ada@Example.com",
      nickname: "Ada",
      segments: ["vip"],
    });
    expect(created1).toMatchObject({ reason: "updated", contact: { email: "Ada@Example.com", segments: ["vip"] } });
    const id = created1.reason === "updated" ? created1.contact.peopleId : "";
    expect(id).toMatch(UUID);
    expect(await store.createContact(WEBSITE, { email: "ada@example.COM" })).toEqual({
      reason: "email_taken",
      peopleId: id,
    });
    expect((await store.createContact("other-website", { email: "ada@example.com" })).reason).toBe("updated");
    now = 2_000;
    const other = await created(store, "bob@example.com");
    expect(await store.updateContact(WEBSITE, other, { email: "ADA@example.com" })).toEqual({
      reason: "email_taken",
      peopleId: id,
    });
    expect(await store.updateContact(WEBSITE, id, { nickname: "Ada L.", segments: add(["lead"]) })).toEqual({
      reason: "updated",
      contact: {
        peopleId: id,
        email: "Ada@Example.com",
        nickname: "Ada L.",
        segments: ["vip", "lead"],
        createdAt: 1_000,
        updatedAt: 2_000,
      },
    });
    expect(await store.getContact(WEBSITE, id)).toMatchObject({ nickname: "Ada L.", segments: ["vip", "lead"] });
    expect(await store.deleteContact(WEBSITE, id)).toBe(true);
    expect(await store.deleteContact(WEBSITE, id)).toBe(false);
    expect(await store.getContact(WEBSITE, id)).toBeUndefined();
    expect(await store.updateContact(WEBSITE, id, { nickname: "x" })).toEqual({ reason: "not_found" });
    expect(await created(store, "ada@example.com")).toMatch(UUID);
    await store.close?.();
  });

  it("refuses a contact's list past 100 segments, storing nothing", async () => {
    const store = await make(() => 0);
    const full = Array.from({ length: 100 }, (_, index) => `s${index}`);
    const id = await created(store, "full@example.com", full);
    const result = await store.updateContact(WEBSITE, id, { nickname: "x", segments: add(["one-more"]) });
    expect(result).toMatchObject({ reason: "too_many", contact: { nickname: "", segments: full } });
    expect(await store.getContact(WEBSITE, id)).toMatchObject({ nickname: "", segments: full });
    await store.close?.();
  });

  it("finds the contact a conversation belongs to by its meta's email", async () => {
    const store = await make(() => 0);
    const id = await created(store, "ada@example.com");
    expect(await store.contactOfConversation(WEBSITE, SESSION)).toBeUndefined();
    await store.mergeMeta(WEBSITE, SESSION, { email: "ADA@example.com" });
    expect(await store.contactOfConversation(WEBSITE, SESSION)).toMatchObject({ peopleId: id });
    expect(await store.contactOfConversation("other-website", SESSION)).toBeUndefined();
    await store.close?.();
  });

  it("lists conversations by segments, all of or any of, newest first, a page at a time", async () => {
    let now = 0;
    const store = await make(() => now);
    const lists = [["lead"], ["lead", "vip"], ["vip"], ["lead", "vip", "trial"], []];
    for (const [index, segments] of lists.entries()) {
      now = 1_000 * (index + 1);
      await store.edit(WEBSITE, `session_${index}`, { overwrite: true, segments });
    }
    await store.edit("other-website", "session_x", { overwrite: true, segments: ["lead", "vip"] });
    await store.mergeMeta(WEBSITE, "session_3", { nickname: "Ada" });
    const ids = async (filter?: { segments: string[]; match: "all" | "any" }, page = 1, perPage = 20) =>
      (await store.listConversations(WEBSITE, { filter, page, perPage })).map((row) => row.sessionId);
    expect(await ids({ segments: ["lead", "vip"], match: "all" })).toEqual(["session_3", "session_1"]);
    expect(await ids({ segments: ["trial", "vip"], match: "any" })).toEqual(["session_3", "session_2", "session_1"]);
    expect(await ids({ segments: ["nobody"], match: "any" })).toEqual([]);
    expect(await ids(undefined, 2, 2)).toEqual(["session_2", "session_1"]);
    expect(await ids(undefined, 4, 2)).toEqual([]);
    const [first] = await store.listConversations(WEBSITE, { page: 1, perPage: 1 });
    expect(first).toEqual({ sessionId: "session_4", segments: [], revision: 0, updatedAt: 5_000, meta: {} });
    const [ada] = await store.listConversations(WEBSITE, {
      filter: { segments: ["trial"], match: "all" },
      page: 1,
      perPage: 5,
    });
    expect(ada?.meta).toEqual({ nickname: "Ada" });
    await store.close?.();
  });

  it("walks a list after a cursor: each page starts after the last row of the one before, ties by id", async () => {
    let now = 0;
    const store = await make(() => now);
    // Two sessions share each millisecond, so a cursor must break ties by id as the lists do.
    for (const index of [5, 2, 4, 0, 3, 1]) {
      now = 1_000 * Math.floor(index / 2);
      await store.edit(WEBSITE, `session_${index}`, { overwrite: true, segments: index % 2 ? ["odd"] : ["even"] });
    }
    const walk = async (filter?: { segments: string[]; match: "all" | "any" }) => {
      const seen: string[] = [];
      let after: { updatedAt: number; id: string } | undefined;
      for (;;) {
        const rows = await store.listConversations(WEBSITE, { filter, page: after ? 9 : 1, perPage: 2, after });
        seen.push(...rows.map((row) => row.sessionId));
        const last = rows.at(-1);
        if (last === undefined) return seen;
        after = { updatedAt: last.updatedAt, id: last.sessionId };
      }
    };
    const all = ["session_4", "session_5", "session_2", "session_3", "session_0", "session_1"];
    expect(await walk()).toEqual(all);
    expect((await store.listConversations(WEBSITE, { page: 1, perPage: 20 })).map((row) => row.sessionId)).toEqual(all);
    expect(await walk({ segments: ["odd"], match: "all" })).toEqual(["session_5", "session_3", "session_1"]);
    for (const email of ["a", "b", "c"]) await created(store, `${email}@example.com`);
    const contacts = await store.listContacts(WEBSITE, { page: 1, perPage: 20 });
    const second = contacts[1];
    const after = second && { updatedAt: second.updatedAt, id: second.peopleId };
    const rest = await store.listContacts(WEBSITE, { page: 1, perPage: 20, after });
    expect(rest).toEqual(contacts.slice(2));
    await store.close?.();
  });

  it("walks filtered lists in list order after a cursor, ties by id, a row rewritten moving to the front", async () => {
    let now = 0;
    const store = await make(() => now);
    // Pairs of rows share a millisecond; "a" is on rows 0–5, "b" on the odd ones, "c" on 4 and 5 only.
    const lists = (index: number) => ["a", ...(index % 2 ? ["b"] : []), ...(index >= 4 ? ["c"] : [])];
    const ids: string[] = [];
    for (const index of [5, 2, 4, 0, 3, 1]) {
      now = 1_000 * Math.floor(index / 2);
      await store.edit(WEBSITE, `session_${index}`, { overwrite: true, segments: lists(index) });
      const email = `${index}@example.com`;
      ids[index] = await created(store, email, lists(index));
    }
    type Filter = { segments: string[]; match: "all" | "any" };
    const walk = async (list: (after?: { updatedAt: number; id: string }) => Promise<Array<[string, number]>>) => {
      const seen: string[] = [];
      let after: { updatedAt: number; id: string } | undefined;
      for (;;) {
        const rows = await list(after);
        seen.push(...rows.map(([id]) => id));
        const last = rows.at(-1);
        if (last === undefined) return seen;
        after = { updatedAt: last[1], id: last[0] };
      }
    };
    const conversations = (filter: Filter) =>
      walk(async (after) =>
        (await store.listConversations(WEBSITE, { filter, page: after ? 9 : 1, perPage: 2, after })).map((row) => [
          row.sessionId,
          row.updatedAt,
        ]),
      );
    const contacts = (filter: Filter) =>
      walk(async (after) =>
        (await store.listContacts(WEBSITE, { filter, page: after ? 9 : 1, perPage: 2, after })).map((row) => [
          row.peopleId,
          row.updatedAt,
        ]),
      );
    const sessions = (...indexes: number[]) => indexes.map((index) => `session_${index}`);
    const people = (...indexes: number[]) => indexes.map((index) => ids[index]);
    // Contacts' ids are random: within a millisecond they sort by id.
    const tie = (x: string | undefined, y: string | undefined) => [x, y].sort() as string[];
    expect(await conversations({ segments: ["b", "a"], match: "all" })).toEqual(sessions(5, 3, 1));
    expect(await conversations({ segments: ["c", "b"], match: "any" })).toEqual(sessions(4, 5, 3, 1));
    expect(await conversations({ segments: ["a"], match: "all" })).toEqual(sessions(4, 5, 2, 3, 0, 1));
    expect(await contacts({ segments: ["c", "b"], match: "any" })).toEqual([...tie(ids[4], ids[5]), ids[3], ids[1]]);
    expect(await contacts({ segments: ["a", "b"], match: "all" })).toEqual(people(5, 3, 1));
    // By page number, a row carrying several of the segments counts once towards the rows skipped before its page.
    const paged = async (list: (page: number) => Promise<string[]>) => {
      const pages = await Promise.all([1, 2, 3, 4].map(list));
      expect(pages.map((rows) => rows.length)).toEqual([2, 2, 2, 0]);
      return pages.flat();
    };
    const any = { segments: ["c", "b", "a"], match: "any" as const };
    expect(
      await paged(async (page) =>
        (await store.listConversations(WEBSITE, { filter: any, page, perPage: 2 })).map((row) => row.sessionId),
      ),
    ).toEqual(sessions(4, 5, 2, 3, 0, 1));
    expect(
      await paged(async (page) =>
        (await store.listContacts(WEBSITE, { filter: any, page, perPage: 2 })).map((row) => row.peopleId),
      ),
    ).toEqual([...tie(ids[4], ids[5]), ...tie(ids[2], ids[3]), ...tie(ids[0], ids[1])]);
    const searched = async (text: string) =>
      (
        await store.listContacts(WEBSITE, { filter: { segments: ["c", "b"], match: "any" }, text, page: 1, perPage: 5 })
      ).map((row) => row.peopleId);
    expect(await searched("4@")).toEqual(people(4));
    expect(await searched("3@")).toEqual(people(3));
    // Rewritten with the same list, a row is changed now: it moves to the front of each filtered list.
    now = 9_000;
    await store.applyChange(WEBSITE, "session_1", 2, { overwrite: true, segments: lists(1) });
    await store.updateContact(WEBSITE, ids[1] ?? "", { nickname: "One" });
    expect(await conversations({ segments: ["b"], match: "all" })).toEqual(sessions(1, 5, 3));
    expect(await conversations({ segments: ["c", "b"], match: "any" })).toEqual(sessions(1, 4, 5, 3));
    expect(await contacts({ segments: ["b"], match: "all" })).toEqual(people(1, 5, 3));
    const page2 = await store.listConversations(WEBSITE, {
      filter: { segments: ["a"], match: "all" },
      page: 2,
      perPage: 2,
    });
    expect(page2.map((row) => row.sessionId)).toEqual(sessions(5, 2));
    await store.close?.();
  });

  it("lists a conversation given only a meta, without giving it segments or a revision", async () => {
    let now = 1_000;
    const store = await make(() => now);
    await store.edit(WEBSITE, OTHER_SESSION, { overwrite: true, segments: ["lead"] });
    now = 2_000;
    await store.mergeMeta(WEBSITE, SESSION, { nickname: "Ada" });
    now = 3_000;
    await store.mergeMeta(WEBSITE, SESSION, { email: "ada@example.com" });
    const listed = await store.listConversations(WEBSITE, { page: 1, perPage: 20 });
    expect(listed).toEqual([
      {
        sessionId: SESSION,
        segments: [],
        revision: 0,
        updatedAt: 2_000,
        meta: { nickname: "Ada", email: "ada@example.com" },
      },
      { sessionId: OTHER_SESSION, segments: ["lead"], revision: 0, updatedAt: 1_000, meta: {} },
    ]);
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: [], revision: 0 });
    expect(await store.applyChange(WEBSITE, SESSION, 1, add(["vip"]))).toMatchObject({
      reason: "updated",
      segments: ["vip"],
      revision: 1,
    });
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 20 })).toEqual([
      { segment: "lead", count: 1 },
      { segment: "vip", count: 1 },
    ]);
    await store.close?.();
  });

  it("lists contacts by segments and by text in email or nickname, newest first", async () => {
    let now = 0;
    const store = await make(() => now);
    const people = [
      ["ada@example.com", "Ada", ["lead"]],
      ["bob@shop.test", "Bobby", ["lead", "vip"]],
      ["cy@example.com", "Cy", ["vip"]],
    ] as const;
    for (const [index, [email, nickname, segments]] of people.entries()) {
      now = 1_000 * (index + 1);
      await created(store, email, [...segments], nickname);
    }
    const emails = async (query: { filter?: { segments: string[]; match: "all" | "any" }; text?: string }) =>
      (await store.listContacts(WEBSITE, { ...query, page: 1, perPage: 20 })).map((row) => row.email);
    expect(await emails({})).toEqual(["cy@example.com", "bob@shop.test", "ada@example.com"]);
    expect(await emails({ filter: { segments: ["lead", "vip"], match: "all" } })).toEqual(["bob@shop.test"]);
    expect(await emails({ filter: { segments: ["lead", "vip"], match: "any" } })).toHaveLength(3);
    expect(await emails({ text: "EXAMPLE" })).toEqual(["cy@example.com", "ada@example.com"]);
    expect(await emails({ text: "bobb", filter: { segments: ["vip"], match: "all" } })).toEqual(["bob@shop.test"]);
    expect(await emails({ text: "%" })).toEqual([]);
    const second = await store.listContacts(WEBSITE, { page: 2, perPage: 2 });
    expect(second.map((row) => row.email)).toEqual(["ada@example.com"]);
    await store.close?.();
  });

  it("finds a contact by its new email or nickname after a change, and not after its deletion", async () => {
    const store = await make(() => 0);
    const id = await created(store, "ada@example.com", [], "Countess");
    const found = async (text: string) =>
      (await store.listContacts(WEBSITE, { text, page: 1, perPage: 5 })).map((row) => row.peopleId);
    expect(await found("countess")).toEqual([id]);
    expect(await found("co")).toEqual([id]);
    await store.updateContact(WEBSITE, id, { nickname: "Lovelace", email: "ada@analytical.engine" });
    expect(await found("countess")).toEqual([]);
    expect(await found("example")).toEqual([]);
    expect(await found("LOVE")).toEqual([id]);
    expect(await found("engine")).toEqual([id]);
    expect(await store.listContacts("other-website", { text: "engine", page: 1, perPage: 5 })).toEqual([]);
    await store.deleteContact(WEBSITE, id);
    expect(await found("engine")).toEqual([]);
    await store.close?.();
  });

  it("suggests the segments in use with their counts, most used first", async () => {
    const store = await make(() => 0);
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: ["lead", "vip"] });
    await store.edit(WEBSITE, OTHER_SESSION, { overwrite: true, segments: ["lead"] });
    await store.edit("other-website", SESSION, { overwrite: true, segments: ["elsewhere"] });
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 20 })).toEqual([
      { segment: "lead", count: 2 },
      { segment: "vip", count: 1 },
    ]);
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 2, perPage: 1 })).toEqual([
      { segment: "vip", count: 1 },
    ]);
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: [] });
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 20 })).toEqual([
      { segment: "lead", count: 1 },
    ]);
    const id = await created(store, "ada@example.com", ["b", "a"]);
    await created(store, "bob@example.com", ["a"]);
    expect(await store.suggestSegments(WEBSITE, "contacts", { page: 1, perPage: 20 })).toEqual([
      { segment: "a", count: 2 },
      { segment: "b", count: 1 },
    ]);
    await store.deleteContact(WEBSITE, id);
    expect(await store.suggestSegments(WEBSITE, "contacts", { page: 1, perPage: 20 })).toEqual([
      { segment: "a", count: 1 },
    ]);
    await store.close?.();
  });

  it("counts the segments of changes sent together, a stale one among them", async () => {
    const store = await make(() => 0);
    await store.applyChange(WEBSITE, SESSION, 1, { overwrite: true, segments: ["x", "gone"] });
    await store.applyChange(WEBSITE, OTHER_SESSION, 1, { overwrite: true, segments: ["x"] });
    const third = "session_00000000-0000-4000-8000-000000000003";
    const answers = await Promise.all([
      store.applyChange(WEBSITE, SESSION, 2, { overwrite: true, segments: ["y"] }),
      store.applyChange(WEBSITE, OTHER_SESSION, 2, add(["y"])),
      store.applyChange(WEBSITE, third, 1, { overwrite: true, segments: ["x"] }),
      store.applyChange(WEBSITE, SESSION, 1, add(["stale"])),
    ]);
    expect(answers.map((answer) => answer.reason)).toEqual(["updated", "updated", "updated", "stale"]);
    expect(await store.suggestSegments(WEBSITE, "conversations", { page: 1, perPage: 20 })).toEqual([
      { segment: "x", count: 2 },
      { segment: "y", count: 2 },
    ]);
    const listed = async (segment: string) =>
      (await store.listConversations(WEBSITE, { filter: { segments: [segment], match: "all" }, page: 1, perPage: 20 }))
        .map((row) => row.sessionId)
        .sort();
    expect(await listed("gone")).toEqual([]);
    expect(await listed("x")).toEqual([OTHER_SESSION, third].sort());
    await store.close?.();
  });

  it("adds segments to many conversations or contacts in one call, revisions untouched", async () => {
    const store = await make(() => 0);
    await store.applyChange(WEBSITE, SESSION, 4, { overwrite: true, segments: ["a"] });
    const full = Array.from({ length: 100 }, (_, index) => `s${index}`);
    await store.edit(WEBSITE, OTHER_SESSION, { overwrite: true, segments: full });
    expect(await store.addSegments(WEBSITE, { sessions: [SESSION, OTHER_SESSION, "session_new"] }, ["b"])).toEqual({
      updated: [SESSION, "session_new"],
      tooMany: [OTHER_SESSION],
      notFound: [],
    });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["a", "b"], revision: 4 });
    expect(await store.get(WEBSITE, "session_new")).toEqual({ segments: ["b"], revision: 0 });
    expect((await store.get(WEBSITE, OTHER_SESSION)).segments).toEqual(full);
    const id = await created(store, "ada@example.com", ["a"]);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await store.addSegments(WEBSITE, { contacts: [id, missing] }, ["b", "c"])).toEqual({
      updated: [id],
      tooMany: [],
      notFound: [missing],
    });
    expect((await store.getContact(WEBSITE, id))?.segments).toEqual(["a", "b", "c"]);
    await store.close?.();
  });

  it("tells contacts' and conversations' changes on one feed, in order; sessions' listeners hear sessions only", async () => {
    const store = await make(() => 7);
    const all: StoreChange[] = [];
    const sessionsOnly: unknown[] = [];
    await store.subscribeAll((change) => all.push(change));
    await store.subscribe((change) => sessionsOnly.push(change));
    const id = await created(store, "ada@example.com", ["a"]);
    await store.edit(WEBSITE, SESSION, { overwrite: true, segments: ["lead"] });
    await store.addSegments(WEBSITE, { contacts: [id] }, ["b"]);
    await store.mergeMeta(WEBSITE, SESSION, { nickname: "not a segments change" });
    await store.deleteContact(WEBSITE, id);
    await vi.waitFor(() => expect(all).toHaveLength(4));
    expect(all).toEqual([
      { websiteId: WEBSITE, peopleId: id, segments: ["a"], updatedAt: 7, deleted: false },
      { websiteId: WEBSITE, sessionId: SESSION, segments: ["lead"], revision: 0, updatedAt: 7 },
      { websiteId: WEBSITE, peopleId: id, segments: ["a", "b"], updatedAt: 7, deleted: false },
      { websiteId: WEBSITE, peopleId: id, segments: [], updatedAt: 7, deleted: true },
    ]);
    expect(sessionsOnly).toHaveLength(1);
    await store.close?.();
  });
});
