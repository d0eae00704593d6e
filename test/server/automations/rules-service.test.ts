// @vitest-environment node
// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
/**
 * Rules through the service, one kind of rule a row, on memory, SQLite and PostgreSQL (skipped with a notice when
 * unreachable): the triggering answer already carries the rule's segments, the rule's change is an event of its
 * own marked with the rule, and a rule's send goes to its endpoint. Then the bound: a cycle of rules stops.
 */
import { describe, expect, it } from "vitest";
import type { RulesStore } from "../../../src/server/automations/rules-store";
import { createSegmentsHandler } from "../../../src/server/http/handler";
import { answer, OPERATOR, OTHER_SESSION, post, restRequest, SESSION, WEBSITE } from "../../support/service";
import { claimAll, type Store, stores } from "./automation-stores";

type RuleStore = Store & RulesStore;

async function open(make: (now: () => number) => Promise<{ store: Store }>) {
  let clock = 1_000;
  const store = (await make(() => ++clock)).store as RuleStore;
  const handler = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: ["*"] } },
    store,
    operators: [{ ...OPERATOR, websites: "*" }],
    onError: (error) => console.error(error),
  });
  const rest = async (method: string, path: string, body?: unknown) =>
    answer(await handler(restRequest(method, path, body)));
  // An endpoint that wants nothing by its filters: whatever it gets, a rule sent it.
  const quiet = await store.createEndpoint(WEBSITE, { url: "https://hooks.example/quiet", segments: ["never"] });
  const all = await store.createEndpoint(WEBSITE, { url: "https://hooks.example/all" });
  /**
   * The deliveries due, as [endpoint, event, added, removed, rule_id], sorted: a change and its rules' share one
   * timestamp, and PostgreSQL records them in one statement, in no set order.
   */
  const deliveries = async () =>
    sorted(
      (await claimAll(store)).map((delivery) => {
        const { event, data } = JSON.parse(delivery.body);
        const to = delivery.endpointId === quiet.endpointId ? "quiet" : "all";
        return [to, event, data.added, data.removed, data.rule_id ?? null];
      }),
    );
  return { store, handler, rest, quiet: quiet.endpointId, all: all.endpointId, deliveries };
}

const sorted = (rows: unknown[][]) =>
  rows
    .map((row) => JSON.stringify(row))
    .sort()
    .map((row) => JSON.parse(row));

const sdkAdd = (revision: number, ...segments: string[]) => post({ revision, overwrite: false, segments });

describe.each(stores)("rules on the %s store", (_name, make) => {
  it("segment added (by the SDK): the sync's answer carries the rule's segment, and the rule sends its event", async () => {
    const { handler, rest, quiet, deliveries } = await open(make);
    const rule = { id: "triage", when: { on: "segment_added", segment: "bug" } };
    const then = [
      { do: "add_segments", segments: ["needs_triage"] },
      { do: "send_webhook", endpoint: quiet },
    ];
    expect((await rest("PUT", "rules", { rules: [{ ...rule, then }] })).status).toBe(200);
    const synced = await answer(await handler(sdkAdd(1, "bug")));
    expect(synced.body?.data).toEqual({ segments: ["bug", "needs_triage"], revision: 1 });
    expect(await deliveries()).toEqual(
      sorted([
        ["all", "session:set_segments", ["bug"], [], null],
        ["all", "session:set_segments", ["needs_triage"], [], "triage"],
        ["quiet", "session:set_segments", ["needs_triage"], [], "triage"],
      ]),
    );
    await handler(sdkAdd(2, "ios"));
    expect(await deliveries()).toEqual([["all", "session:set_segments", ["ios"], [], null]]);
  });

  it("segment removed (by REST): the edit's answer carries the rule's segment", async () => {
    const { rest, deliveries } = await open(make);
    const then = [{ do: "add_segments", segments: ["churn_risk"] }];
    await rest("PUT", "rules", { rules: [{ id: "churn", when: { on: "segment_removed", segment: "vip" }, then }] });
    await rest("PATCH", `conversation/${SESSION}/segments`, { add: ["vip", "lead"] });
    const edited = await rest("PATCH", `conversation/${SESSION}/segments`, { remove: ["vip"] });
    expect(edited.body?.data).toEqual({ segments: ["lead", "churn_risk"] });
    expect(await deliveries()).toEqual(
      sorted([
        ["all", "session:set_segments", ["vip", "lead"], [], null],
        ["all", "session:set_segments", [], ["vip"], null],
        ["all", "session:set_segments", ["churn_risk"], [], "churn"],
      ]),
    );
  });

  it("email matches (a meta PATCH): *+billing@* marks the conversation billing, once, and sends to the endpoint", async () => {
    const { rest, quiet, deliveries } = await open(make);
    const when = { on: "email_matches", pattern: "*+billing@*", subject: "conversation" };
    const then = [
      { do: "add_segments", segments: ["billing"] },
      { do: "send_webhook", endpoint: quiet },
    ];
    await rest("PUT", "rules", { rules: [{ id: "billing", when, then }] });
    await rest("PATCH", `conversation/${SESSION}/meta`, { email: "jane@company.com", segments: ["lead"] });
    expect((await rest("GET", `conversation/${SESSION}/meta`)).body?.data.segments).toEqual(["lead"]);
    await rest("PATCH", `conversation/${SESSION}/meta`, { email: "contact+billing@company.com" });
    expect((await rest("GET", `conversation/${SESSION}/meta`)).body?.data.segments).toEqual(["lead", "billing"]);
    await rest("PATCH", `conversation/${SESSION}/segments`, { remove: ["billing"] });
    await rest("PATCH", `conversation/${SESSION}/meta`, { email: "CONTACT+billing@company.com", nickname: "Jo" });
    expect((await rest("GET", `conversation/${SESSION}/meta`)).body?.data.segments).toEqual(["lead"]);
    expect(await deliveries()).toEqual(
      sorted([
        ["all", "session:set_segments", ["lead"], [], null],
        ["all", "session:set_segments", ["billing"], [], "billing"],
        ["quiet", "session:set_segments", ["billing"], [], "billing"],
        ["all", "session:set_segments", [], ["billing"], null],
      ]),
    );
  });

  it("contact created (POST people/profile): the new contact has the rule's segment; an update fires nothing", async () => {
    const { rest, deliveries } = await open(make);
    const then = [{ do: "add_segments", segments: ["to_welcome"] }];
    await rest("PUT", "rules", { rules: [{ id: "welcome", when: { on: "contact_created" }, then }] });
    const created = await rest("POST", "people/profile", { email: "jane@company.com", segments: ["lead"] });
    const peopleId = String(created.body?.data.people_id);
    expect((await rest("GET", `people/profile/${peopleId}`)).body?.data.segments).toEqual(["lead", "to_welcome"]);
    await rest("PATCH", `people/profile/${peopleId}`, { segments: ["customer"] });
    expect((await rest("GET", `people/profile/${peopleId}`)).body?.data.segments).toEqual(["customer"]);
    expect(await deliveries()).toEqual(
      sorted([
        ["all", "people:set_segments", ["lead"], [], null],
        ["all", "people:set_segments", ["to_welcome"], [], "welcome"],
        ["all", "people:set_segments", ["customer"], ["lead", "to_welcome"], null],
      ]),
    );
  });

  it("a batch (REST): each conversation it reaches runs the rules, and the contacts' batch too", async () => {
    const { rest, deliveries } = await open(make);
    const then = [{ do: "add_segments", segments: ["needs_triage"] }];
    await rest("PUT", "rules", { rules: [{ id: "triage", when: { on: "segment_added", segment: "bug" }, then }] });
    const created = await rest("POST", "people/profile", { email: "jane@company.com" });
    const peopleId = String(created.body?.data.people_id);
    await rest("PATCH", "batch/segments", { sessions: [SESSION, OTHER_SESSION], segments: ["bug"] });
    await rest("PATCH", "batch/segments", { people: { profiles: [peopleId] }, segments: ["bug"] });
    for (const session of [SESSION, OTHER_SESSION]) {
      expect((await rest("GET", `conversation/${session}/meta`)).body?.data.segments).toEqual(["bug", "needs_triage"]);
    }
    expect((await rest("GET", `people/profile/${peopleId}`)).body?.data.segments).toEqual(["bug", "needs_triage"]);
    expect(await deliveries()).toHaveLength(6);
  });

  it("stops a cycle: A on x swaps x for y, B on y swaps y for x, and A does not fire twice", async () => {
    const { handler, rest, deliveries } = await open(make);
    const swap = (id: string, from: string, to: string) => ({
      id,
      when: { on: "segment_added", segment: from },
      then: [
        { do: "remove_segments", segments: [from] },
        { do: "add_segments", segments: [to] },
      ],
    });
    await rest("PUT", "rules", { rules: [swap("A", "x", "y"), swap("B", "y", "x")] });
    const synced = await answer(await handler(sdkAdd(1, "x")));
    expect(synced.body?.data.segments).toEqual(["x"]);
    expect(await deliveries()).toEqual(
      sorted([
        ["all", "session:set_segments", ["x"], [], null],
        ["all", "session:set_segments", ["y"], ["x"], "A"],
        ["all", "session:set_segments", ["x"], ["y"], "B"],
      ]),
    );
  });
});
