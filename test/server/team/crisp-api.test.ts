// @vitest-environment node
/**
 * Crisp's own Node client (crisp-api 11.3.0), unchanged, over real HTTP against the service on each store: what a
 * backend written for Crisp calls must work here as it does there.
 */
import { Crisp } from "crisp-api";
import { afterEach, describe, expect, it } from "vitest";
import { createSegmentsHandler } from "../../../src/server/http/handler";
import { serveNode } from "../../../src/server/http/node-adapter";
import { OPERATOR, post, SESSION, WEBSITE } from "../../support/service";
import { sessionId } from "../../support/team";
import { factories, type Store } from "../storage/store-factories";

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function serve(make: (now: () => number) => Store | Promise<Store>) {
  let now = 1_700_000_000_000;
  const store = await make(() => now++);
  const handler = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: [] } },
    store,
    operators: [{ ...OPERATOR, websites: [WEBSITE] }],
    onError: (error) => {
      throw error;
    },
  });
  const server = await serveNode(handler, { port: 0 });
  running.push(server);
  const crisp = new Crisp();
  crisp.setRestHost(server.url);
  crisp.authenticateTier("plugin", OPERATOR.identifier, OPERATOR.key);
  return { crisp, store, handler, url: server.url };
}

const filter = (model: string, query: string[]) => [{ model, criterion: "segments", operator: "eq", query }];

describe.each(factories)("crisp-api 11.3.0 against the service on the %s store", (_name, make) => {
  it("reads and updates a conversation's metas; the SDK's revision stays its own", async () => {
    const { crisp, store, handler } = await serve(make);
    await handler(post({ revision: 3, overwrite: false, segments: ["from_sdk"] }));
    expect(await crisp.website.getConversationMetas(WEBSITE, SESSION)).toEqual({ segments: ["from_sdk"] });
    await crisp.website.updateConversationMetas(WEBSITE, SESSION, {
      nickname: "Jane",
      email: "jane@example.com",
      segments: ["lead", "vip"],
      data: { plan: "pro" },
    });
    expect(await crisp.website.getConversationMetas(WEBSITE, SESSION)).toEqual({
      nickname: "Jane",
      email: "jane@example.com",
      data: { plan: "pro" },
      segments: ["lead", "vip"],
    });
    expect(await store.get(WEBSITE, SESSION)).toEqual({ segments: ["lead", "vip"], revision: 3 });
  });

  it("lists conversations by one segment and by a filter, and.or", async () => {
    const { crisp } = await serve(make);
    const lists = [["a", "b"], ["a"], ["b"], ["c"]];
    for (const [index, segments] of lists.entries()) {
      await crisp.website.updateConversationMetas(WEBSITE, sessionId(index), { segments });
    }
    const ids = (conversations: Array<{ session_id: string }>) => conversations.map((c) => c.session_id);
    const one = await crisp.website.listConversations(WEBSITE, 1, { search_type: "segment", search_query: "a" });
    expect(ids(one)).toEqual([sessionId(1), sessionId(0)]);
    expect(one[0]).toMatchObject({ website_id: WEBSITE, meta: { segments: ["a"] }, updated_at: expect.any(Number) });
    const all = await crisp.website.listConversations(WEBSITE, 1, {
      search_type: "filter",
      search_query: filter("session", ["a", "b"]),
      search_operator: "and",
    });
    expect(ids(all)).toEqual([sessionId(0)]);
    const any = await crisp.website.listConversations(WEBSITE, 1, {
      search_type: "filter",
      search_query: filter("session", ["b", "c"]),
      search_operator: "or",
      per_page: 20,
    });
    expect(ids(any)).toEqual([sessionId(3), sessionId(2), sessionId(0)]);
    expect(await crisp.website.listConversations(WEBSITE, 2)).toEqual([]);
  });

  it("suggests the segments in use, most used first", async () => {
    const { crisp } = await serve(make);
    await crisp.website.updateConversationMetas(WEBSITE, sessionId(1), { segments: ["a", "b"] });
    await crisp.website.updateConversationMetas(WEBSITE, sessionId(2), { segments: ["b"] });
    expect(await crisp.website.listSuggestedConversationSegments(WEBSITE, 1)).toEqual([
      { segment: "b", count: 2 },
      { segment: "a", count: 1 },
    ]);
    await crisp.website.addNewPeopleProfile(WEBSITE, { email: "x@y.z", segments: ["c"] });
    expect(await crisp.website.listSuggestedPeopleSegments(WEBSITE, 1)).toEqual([{ segment: "c", count: 1 }]);
  });

  it("adds, reads, updates and removes a people profile", async () => {
    const { crisp } = await serve(make);
    const { people_id } = await crisp.website.addNewPeopleProfile(WEBSITE, {
      email: "jane@example.com",
      person: { nickname: "Jane" },
      segments: ["lead"],
    });
    expect(await crisp.website.getPeopleProfile(WEBSITE, people_id)).toMatchObject({
      people_id,
      email: "jane@example.com",
      person: { nickname: "Jane" },
      segments: ["lead"],
    });
    await crisp.website.updatePeopleProfile(WEBSITE, people_id, { segments: ["customer"] });
    expect((await crisp.website.getPeopleProfile(WEBSITE, people_id)).segments).toEqual(["customer"]);
    await crisp.website.removePeopleProfile(WEBSITE, people_id);
    await expect(crisp.website.getPeopleProfile(WEBSITE, people_id)).rejects.toMatchObject({
      reason: "error",
      message: "people_not_found",
      code: 404,
    });
  });

  it("lists people profiles by segments (search_operator, search_filter) and by text", async () => {
    const { crisp } = await serve(make);
    for (const [email, segments] of [
      ["ann@example.com", ["a", "b"]],
      ["bob@example.com", ["a"]],
      ["cat@shop.example", ["b"]],
    ] as const) {
      await crisp.website.addNewPeopleProfile(WEBSITE, { email, segments: [...segments] });
    }
    const emails = (profiles: Array<{ email?: string }>) => profiles.map((profile) => profile.email);
    const list = (operator?: string, segments?: string[], text?: string) =>
      crisp.website.listPeopleProfiles(
        WEBSITE,
        1,
        undefined,
        undefined,
        operator,
        segments && JSON.stringify(filter("people", segments)),
        text,
      );
    expect(emails(await list("and", ["a", "b"]))).toEqual(["ann@example.com"]);
    expect(emails(await list("or", ["a", "b"]))).toEqual(["cat@shop.example", "bob@example.com", "ann@example.com"]);
    expect(emails(await list(undefined, undefined, "SHOP"))).toEqual(["cat@shop.example"]);
    expect(emails(await list("or", ["a"], "bob"))).toEqual(["bob@example.com"]);
  });

  it("adds segments to many conversations and many contacts in one call", async () => {
    const { crisp, store } = await serve(make);
    await crisp.website.updateConversationMetas(WEBSITE, sessionId(1), { segments: ["a"] });
    const sessions = [sessionId(1), sessionId(2)];
    const conversations = await crisp.website.batchUpdateConversationsSegments(WEBSITE, {
      sessions,
      segments: ["campaign"],
    });
    expect(conversations).toMatchObject({ updated: sessions, not_found: [], too_many: [] });
    expect((await store.get(WEBSITE, sessionId(1))).segments).toEqual(["a", "campaign"]);

    const { people_id } = await crisp.website.addNewPeopleProfile(WEBSITE, { email: "a@b.c" });
    const people = await crisp.website.batchUpdatePeopleSegments(WEBSITE, { profiles: [people_id] }, ["newsletter"]);
    expect(people).toMatchObject({ updated: [people_id] });
    expect((await crisp.website.getPeopleProfile(WEBSITE, people_id)).segments).toEqual(["newsletter"]);
  });

  it("hands crisp-api the service's reason and message when it refuses", async () => {
    const { crisp, url } = await serve(make);
    await expect(
      crisp.website.updateConversationMetas(WEBSITE, SESSION, { segments: ["ok", ""] }),
    ).rejects.toMatchObject({
      message: "invalid_segments",
      code: 400,
      data: { message: expect.stringMatching(/^Got response error: segments\[1\] is ""; expected 1 to 64/) },
    });
    const stranger = new Crisp();
    stranger.setRestHost(url);
    stranger.authenticateTier("plugin", OPERATOR.identifier, "not-the-operator-key");
    await expect(stranger.website.getConversationMetas(WEBSITE, SESSION)).rejects.toMatchObject({
      message: "unauthorized",
      code: 401,
    });
    const user = new Crisp();
    user.setRestHost(url);
    user.authenticateTier("user", OPERATOR.identifier, OPERATOR.key);
    await expect(user.website.getConversationMetas(WEBSITE, SESSION)).rejects.toMatchObject({
      code: 401,
      data: { message: expect.stringContaining('X-Crisp-Tier is "user"') },
    });
  });
});
