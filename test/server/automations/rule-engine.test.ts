// @vitest-environment node
// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChange } from "../../../src/protocol/change";
import { MAX_SEGMENTS } from "../../../src/protocol/segments";
import { matchesEmailPattern } from "../../../src/server/automations/email-pattern";
import { evaluateRules, type Firing, type Occurrence } from "../../../src/server/automations/rule-engine";
import { type Action, MAX_RULES, type Rule, type Trigger } from "../../../src/server/automations/rules";

function rule(id: string, when: Trigger, ...then: Action[]): Rule {
  return { id, enabled: true, when, then };
}
const added = (segment: string, subject?: "conversation" | "contact"): Trigger =>
  subject ? { on: "segment_added", segment, subject } : { on: "segment_added", segment };
const removed = (segment: string): Trigger => ({ on: "segment_removed", segment });
const add = (...segments: string[]): Action => ({ do: "add_segments", segments });
const remove = (...segments: string[]): Action => ({ do: "remove_segments", segments });
const send = (endpoint: string): Action => ({ do: "send_webhook", endpoint });

function occurrence(fields: Partial<Occurrence>): Occurrence {
  return { subject: "conversation", before: [], after: [], created: false, ...fields };
}

/** The rules that fired, in order, and the list they leave. */
function run(rules: Rule[], fields: Partial<Occurrence>) {
  const outcome = evaluateRules(rules, occurrence(fields));
  return { fired: outcome.firings.map((firing) => firing.rule), segments: outcome.segments, outcome };
}

describe("each kind of rule", () => {
  const billing = rule("billing", { on: "email_matches", pattern: "*+billing@*" }, add("billing"), send("crm"));
  const welcome = rule("welcome", { on: "contact_created" }, add("new_contact"));
  const triage = rule("triage", added("bug"), add("needs_triage"));
  const perks = rule("perks", removed("vip"), remove("perk"));
  const contactsOnly = rule("contacts", added("bug", "contact"), add("contact_bug"));
  const rules = [billing, welcome, triage, perks, contactsOnly];

  it.each<[string, Partial<Occurrence>, string[], string[]]>([
    ["bug added", { before: ["lead"], after: ["lead", "bug"] }, ["triage"], ["lead", "bug", "needs_triage"]],
    ["bug already there", { before: ["bug"], after: ["bug", "lead"] }, [], ["bug", "lead"]],
    ["bug removed", { before: ["bug"], after: [] }, [], []],
    ["vip removed", { before: ["vip", "perk", "lead"], after: ["perk", "lead"] }, ["perks"], ["lead"]],
    ["vip added", { before: [], after: ["vip"] }, [], ["vip"]],
    ["an alias email", { email: "contact+billing@company.com" }, ["billing"], ["billing"]],
    ["a plain email", { email: "contact@company.com" }, [], []],
    ["an alias email in capitals", { email: "Contact+BILLING@company.com" }, ["billing"], ["billing"]],
    ["an email that already matched", { email: "b+billing@x.io", previousEmail: "a+billing@x.io" }, [], []],
    ["an email that starts to match", { email: "b+billing@x.io", previousEmail: "b@x.io" }, ["billing"], ["billing"]],
    ["a contact created", { subject: "contact", created: true }, ["welcome"], ["new_contact"]],
    ["a conversation created", { subject: "conversation", created: true }, [], []],
    ["a contact changed", { subject: "contact", created: false, email: "a@b.c", previousEmail: "a@b.c" }, [], []],
    [
      "bug added to a contact",
      { subject: "contact", after: ["bug"] },
      ["triage", "contacts"],
      ["bug", "needs_triage", "contact_bug"],
    ],
    [
      "a contact created with an alias and a bug",
      { subject: "contact", created: true, email: "x+billing@y.z", after: ["bug"] },
      ["billing", "welcome", "triage", "contacts"],
      ["bug", "billing", "new_contact", "needs_triage", "contact_bug"],
    ],
  ])("%s", (_name, fields, fired, segments) => {
    const result = run(rules, fields);
    expect(result.fired).toEqual(fired);
    expect(result.segments).toEqual(segments);
    expect(applyChange(fields.after ?? [], result.outcome.change)).toEqual(segments);
  });

  it("answers the net change and the webhook sends of what fired", () => {
    const outcome = evaluateRules(rules, occurrence({ email: "contact+billing@company.com", after: ["bug"] }));
    expect(outcome.change).toEqual({ overwrite: false, segments: ["billing", "needs_triage"], remove: [] });
    expect(outcome.sends).toEqual([{ rule: "billing", endpoint: "crm", firing: 0 }]);
    expect(outcome.firings).toEqual([
      { rule: "billing", cause: -1, added: ["billing"], removed: [], segments: ["bug", "billing"], skipped: [] },
      {
        rule: "triage",
        cause: -1,
        added: ["needs_triage"],
        removed: [],
        segments: ["bug", "billing", "needs_triage"],
        skipped: [],
      },
    ]);
  });

  it("fires no disabled rule, and nothing when nothing changed", () => {
    expect(run([{ ...triage, enabled: false }], { after: ["bug"] }).fired).toEqual([]);
    const idle = evaluateRules(rules, occurrence({ before: ["bug", "vip"], after: ["bug", "vip"] }));
    expect(idle).toEqual({
      change: { overwrite: false, segments: [], remove: [] },
      segments: ["bug", "vip"],
      firings: [],
      sends: [],
    });
  });

  it("runs rules fired by the same change in rule order, the later one winning", () => {
    const adds = rule("adds", added("bug"), add("x"));
    const removes = rule("removes", added("bug"), remove("x"));
    expect(run([adds, removes], { after: ["bug"] }).segments).toEqual(["bug"]);
    expect(run([removes, adds], { after: ["bug"] }).segments).toEqual(["bug", "x"]);
  });
});

describe("chains", () => {
  it("lets a rule's change fire later rules, breadth first, whatever their place in the list", () => {
    const notify = rule("notify", added("needs_triage"), send("jira"));
    const triage = rule("triage", added("bug"), add("needs_triage"));
    const outcome = evaluateRules([notify, triage], occurrence({ after: ["bug"] }));
    expect(outcome.firings.map((firing) => [firing.rule, firing.cause])).toEqual([
      ["triage", -1],
      ["notify", 0],
    ]);
    expect(outcome.sends).toEqual([{ rule: "notify", endpoint: "jira", firing: 1 }]);
  });

  it("lets a rule remove what another added, and that removal fire a third", () => {
    const triage = rule("triage", added("bug"), add("needs_triage"));
    const undo = rule("undo", added("needs_triage"), remove("needs_triage"));
    const noticed = rule("noticed", removed("needs_triage"), send("audit"));
    const outcome = evaluateRules([triage, undo, noticed], occurrence({ after: ["bug"] }));
    expect(outcome.firings.map((firing) => firing.rule)).toEqual(["triage", "undo", "noticed"]);
    expect(outcome.segments).toEqual(["bug"]);
    expect(outcome.change).toEqual({ overwrite: false, segments: [], remove: ["needs_triage"] });
    expect(outcome.sends).toEqual([{ rule: "noticed", endpoint: "audit", firing: 2 }]);
  });

  it("stops a cycle A adds x → B adds y → A … when it comes back to a rule that fired", () => {
    const a = rule("A", added("y"), add("x"), remove("y"));
    const b = rule("B", added("x"), add("y"), remove("x"));
    const outcome = evaluateRules([a, b], occurrence({ after: ["y"] }));
    expect(outcome.firings.map((firing) => firing.rule)).toEqual(["A", "B"]);
    expect(outcome.segments).toEqual(["y"]);
    expect(outcome.firings[1]).toMatchObject({ added: ["y"], removed: ["x"] }); // would fire A again, without the bound
  });

  it("never lets a rule's change fire that rule again", () => {
    const restore = rule("restore", removed("vip"), add("vip"));
    const strip = rule("strip", added("vip"), remove("vip"));
    const result = run([restore, strip], { before: ["vip"], after: [] });
    expect(result.fired).toEqual(["restore", "strip"]);
    expect(result.segments).toEqual([]);
  });

  it(`fires each of ${MAX_RULES} rules in a ring once: ${MAX_RULES} firings, then stops`, () => {
    const ring = Array.from({ length: MAX_RULES }, (_, i) =>
      rule(`r${i}`, added(`s${i}`), remove(`s${i}`), add(`s${(i + 1) % MAX_RULES}`)),
    );
    const start = performance.now();
    const outcome = evaluateRules(ring, occurrence({ after: ["s0"] }));
    const elapsed = performance.now() - start;
    expect(outcome.firings.map((firing) => firing.rule)).toEqual(ring.map((r) => r.id));
    expect(outcome.firings.map((firing) => firing.cause)).toEqual(ring.map((_, i) => i - 1));
    expect(outcome.segments).toEqual(["s0"]);
    expect(elapsed).toBeLessThan(100);
  });
});

describe(`the cap of ${MAX_SEGMENTS} segments`, () => {
  const full = (count: number) => Array.from({ length: count }, (_, i) => `s${i}`);

  it("leaves out whole an add that would pass the cap, and still runs the rule's other actions", () => {
    const rules = [rule("grow", added("s98"), add("a", "b"), remove("s0"), send("ops"), add("c"))];
    const outcome = evaluateRules(rules, occurrence({ after: full(99) }));
    expect(outcome.firings[0]).toMatchObject({ added: ["c"], removed: ["s0"], skipped: [0] });
    expect(outcome.segments).toHaveLength(99); // 99, less s0, plus c
    expect(outcome.change).toEqual({ overwrite: false, segments: ["c"], remove: ["s0"] });
    expect(outcome.sends).toEqual([{ rule: "grow", endpoint: "ops", firing: 0 }]);
  });

  it("takes the list to exactly the cap, counting only segments not there yet", () => {
    const rules = [rule("grow", added("s97"), add("s0", "a", "b"))];
    const outcome = evaluateRules(rules, occurrence({ after: full(98) }));
    expect(outcome.segments).toHaveLength(MAX_SEGMENTS);
    expect(outcome.firings[0]).toMatchObject({ added: ["a", "b"], skipped: [] });
    expect(outcome.change).toEqual({ overwrite: false, segments: ["a", "b"], remove: [] });
  });
});

describe("any rules, any change (property)", () => {
  const segment = fc.constantFrom("a", "b", "c", "d", "e");
  const subject = fc.constantFrom("conversation" as const, "contact" as const);
  const trigger: fc.Arbitrary<Trigger> = fc.oneof(
    fc.record({ on: fc.constant("segment_added" as const), segment, subject }, { requiredKeys: ["on", "segment"] }),
    fc.record({ on: fc.constant("segment_removed" as const), segment, subject }, { requiredKeys: ["on", "segment"] }),
    fc.record({ on: fc.constant("email_matches" as const), pattern: fc.constantFrom("*+billing@*", "*@x.io") }),
    fc.constant({ on: "contact_created" as const }),
  );
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.uniqueArray(segment, { minLength: 1, maxLength: 3 }).map((segments) => add(...segments)),
    fc.uniqueArray(segment, { minLength: 1, maxLength: 3 }).map((segments) => remove(...segments)),
    fc.constantFrom("e1", "e2").map(send),
  );
  const rules = fc
    .array(fc.tuple(trigger, fc.array(action, { minLength: 1, maxLength: 4 }), fc.boolean()), { maxLength: 12 })
    .map((specs) => specs.map(([when, then, enabled], i) => ({ ...rule(`r${i}`, when, ...then), enabled })));
  const occurrences: fc.Arbitrary<Occurrence> = fc.record(
    {
      subject: fc.constantFrom("conversation" as const, "contact" as const),
      before: fc.uniqueArray(segment),
      after: fc.uniqueArray(segment),
      email: fc.constantFrom("a+billing@x.io", "a@x.io"),
      previousEmail: fc.constantFrom("b+billing@x.io", "b@x.io"),
      created: fc.boolean(),
    },
    { requiredKeys: ["subject", "before", "after", "created"] },
  );

  /** The events a run saw: the occurrence, then each firing's change. */
  function events(given: Occurrence, firings: Firing[]) {
    const original = {
      added: given.after.filter((x) => !given.before.includes(x)),
      removed: given.before.filter((x) => !given.after.includes(x)),
    };
    return [original, ...firings];
  }

  /** The trigger rules, written again plainly: whether `when` fires on event `index` of a run. */
  function triggers(when: Trigger, event: { added: string[]; removed: string[] }, index: number, given: Occurrence) {
    if (when.on === "contact_created") return index === 0 && given.created && given.subject === "contact";
    if (when.subject !== undefined && when.subject !== given.subject) return false;
    if (when.on === "segment_added") return event.added.includes(when.segment);
    if (when.on === "segment_removed") return event.removed.includes(when.segment);
    const matches = (email: string | undefined) => email !== undefined && matchesEmailPattern(when.pattern, email);
    return index === 0 && matches(given.email) && !matches(given.previousEmail);
  }

  it("terminates, fires each enabled rule once at most, on the first event that triggers it, and none it should not", () => {
    fc.assert(
      fc.property(rules, occurrences, (rules, given) => {
        const outcome = evaluateRules(rules, given);
        const seen = events(given, outcome.firings);
        const fired = outcome.firings.map((firing) => firing.rule);
        expect(new Set(fired).size).toBe(fired.length);
        for (const r of rules) {
          const first = seen.findIndex((event, index) => triggers(r.when, event, index, given));
          const firing = outcome.firings.find((f) => f.rule === r.id);
          if (!r.enabled || first < 0) expect(firing).toBeUndefined();
          else expect(firing?.cause).toBe(first - 1);
        }
        for (const [index, firing] of outcome.firings.entries()) expect(firing.cause).toBeLessThan(index);
      }),
      { numRuns: 2_000 },
    );
  });

  it("folds every firing into one change that gives the final list, and answers the same twice", () => {
    fc.assert(
      fc.property(rules, occurrences, (rules, given) => {
        const outcome = evaluateRules(rules, given);
        expect(applyChange(given.after, outcome.change)).toEqual(outcome.segments);
        expect(outcome.firings.at(-1)?.segments ?? given.after).toEqual(outcome.segments);
        expect(evaluateRules(rules, given)).toEqual(outcome);
      }),
      { numRuns: 1_000 },
    );
  });
});
