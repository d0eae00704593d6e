// @vitest-environment node
/**
 * Every path that changes a list records exactly its event, with one delivery per endpoint that wants it, in the
 * transaction of the change: on memory, SQLite and PostgreSQL alike. Bodies are read back by claiming them.
 */
import { describe, expect, it } from "vitest";
import { OTHER_SESSION, SESSION, WEBSITE } from "../../support/service";
import { dueBodies, type Store, stores } from "./automation-stores";

const URL = "https://hooks.example/segments";
const add = (...segments: string[]) => ({ overwrite: false as const, segments, remove: [] });
const replace = (...segments: string[]) => ({ overwrite: true as const, segments });

function sessionBody(at: number, sessionId: string, segments: string[], added: string[], removed: string[]) {
  const data = { website_id: WEBSITE, session_id: sessionId, inbox_id: null, segments, added, removed };
  return { website_id: WEBSITE, event: "session:set_segments", id: expect.any(String), data, timestamp: at };
}

function peopleBody(at: number, peopleId: string, segments: string[], added: string[], removed: string[]) {
  const data = { website_id: WEBSITE, people_id: peopleId, segments, added, removed };
  return { website_id: WEBSITE, event: "people:set_segments", id: expect.any(String), data, timestamp: at };
}

/** A store whose clock moves 1 ms at each reading, so that events come out in the order made. */
async function open(make: (now: () => number) => Promise<{ store: Store }>) {
  let clock = 1_000;
  const { store } = await make(() => ++clock);
  return { store, last: () => clock };
}

describe.each(stores)("%s store", (_name, make) => {
  it("records an SDK change and an edit as session:set_segments with what they added and removed", async () => {
    const { store, last } = await open(make);
    await store.createEndpoint(WEBSITE, { url: URL });
    await store.applyChange(WEBSITE, SESSION, 1, add("bug", "ios"));
    const first = last();
    await store.edit(WEBSITE, SESSION, { overwrite: false, segments: ["vip"], remove: ["ios"] });
    expect(await dueBodies(store)).toEqual([
      sessionBody(first, SESSION, ["bug", "ios"], ["bug", "ios"], []),
      sessionBody(last(), SESSION, ["bug", "vip"], ["vip"], ["ios"]),
    ]);
  });

  it("records nothing for changes that store nothing or leave the list as it was", async () => {
    const { store } = await open(make);
    await store.createEndpoint(WEBSITE, { url: URL });
    await store.applyChange(WEBSITE, SESSION, 2, add("bug"));
    await dueBodies(store);
    const full = Array.from({ length: 100 }, (_, index) => `s${index}`);
    await store.applyChange(WEBSITE, SESSION, 2, add("late")); // stale
    await store.applyChange(WEBSITE, SESSION, 3, add("bug")); // stored, same list
    await store.edit(WEBSITE, SESSION, replace("bug"));
    await store.edit(WEBSITE, OTHER_SESSION, replace(...full));
    await dueBodies(store);
    await store.edit(WEBSITE, OTHER_SESSION, add("one_too_many")); // too_many
    await store.mergeMeta(WEBSITE, SESSION, { email: "ada@example.com", nickname: "Ada" });
    expect(await dueBodies(store)).toEqual([]);
  });

  it("records contacts' changes as people:set_segments, and nothing for refused or list-less ones", async () => {
    const { store, last } = await open(make);
    await store.createEndpoint(WEBSITE, { url: URL });
    const created = await store.createContact(WEBSITE, { email: "ada@example.com", segments: ["lead"] });
    if (created.reason !== "updated") throw new Error("not created");
    const peopleId = created.contact.peopleId;
    const first = last();
    await store.createContact(WEBSITE, { email: "bob@example.com" });
    await store.createContact(WEBSITE, { email: "ADA@example.com", segments: ["taken"] });
    await store.updateContact(WEBSITE, peopleId, { nickname: "Ada" });
    await store.updateContact(WEBSITE, "no-such-contact", { segments: add("x") });
    await store.updateContact(WEBSITE, peopleId, { segments: replace("customer", "lead") });
    const second = last();
    await store.deleteContact(WEBSITE, peopleId);
    expect(await dueBodies(store)).toEqual([
      peopleBody(first, peopleId, ["lead"], ["lead"], []),
      peopleBody(second, peopleId, ["customer", "lead"], ["customer"], []),
    ]);
  });

  it("records one event per conversation or contact a batch changed", async () => {
    const { store } = await open(make);
    await store.applyChange(WEBSITE, SESSION, 1, add("bug"));
    const bob = await store.createContact(WEBSITE, { email: "bob@example.com" });
    if (bob.reason !== "updated") throw new Error("not created");
    await store.createEndpoint(WEBSITE, { url: URL });
    await store.addSegments(WEBSITE, { sessions: [SESSION, OTHER_SESSION] }, ["bug"]);
    await store.addSegments(WEBSITE, { contacts: [bob.contact.peopleId, "no-such-contact"] }, ["vip"]);
    const bodies = (await dueBodies(store)) as Array<{ event: string; data: Record<string, unknown> }>;
    expect(bodies.map(({ event, data }) => [event, data.session_id ?? data.people_id, data.added])).toEqual([
      ["session:set_segments", OTHER_SESSION, ["bug"]],
      ["people:set_segments", bob.contact.peopleId, ["vip"]],
    ]);
  });

  it("records for the endpoints that want the event alone, and nothing for a website without any", async () => {
    const { store } = await open(make);
    const people = await store.createEndpoint(WEBSITE, { url: `${URL}/people`, events: ["people:set_segments"] });
    const bugs = await store.createEndpoint(WEBSITE, { url: `${URL}/bugs`, segments: ["bug", "crash"] });
    const off = await store.createEndpoint(WEBSITE, { url: `${URL}/off`, enabled: false });
    await store.applyChange("other-website", SESSION, 1, add("bug"));
    await store.applyChange(WEBSITE, SESSION, 1, add("lead"));
    await store.applyChange(WEBSITE, SESSION, 2, add("crash"));
    await store.createContact(WEBSITE, { email: "ada@example.com", segments: ["bug"] });
    await store.applyChange(WEBSITE, SESSION, 3, { overwrite: false, segments: [], remove: ["crash"] });
    const claimed = await store.claimDeliveries({ now: 9e12, limit: 100, leaseMs: 1, claim: "c" });
    const sent = claimed.map((delivery) => [delivery.endpointId, JSON.parse(delivery.body).data.added]);
    expect(sent).toEqual([
      [bugs.endpointId, ["crash"]],
      [people.endpointId, ["bug"]],
      [bugs.endpointId, ["bug"]],
    ]);
    expect(await store.listDeliveries(WEBSITE, { endpointId: off.endpointId, page: 1, perPage: 10 })).toEqual([]);
    expect(await store.listDeliveries("other-website", { page: 1, perPage: 10 })).toEqual([]);
  });
});
