// @vitest-environment node
// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
import { describe, expect, it } from "vitest";
import { checkRule, checkRules } from "../../../src/server/automations/rule-check";
import { MAX_ACTIONS, MAX_RULES } from "../../../src/server/automations/rules";

const valid = {
  id: "triage",
  when: { on: "segment_added", segment: "bug" },
  then: [{ do: "add_segments", segments: ["needs_triage"] }],
};

/** `valid` with some fields replaced (undefined removes one). */
function ruleWith(fields: Record<string, unknown>): Record<string, unknown> {
  const rule: Record<string, unknown> = { ...valid, ...fields };
  for (const key of Object.keys(rule)) if (rule[key] === undefined) delete rule[key];
  return rule;
}

describe("checking a rule", () => {
  it("reads each kind of trigger and action, normalising segments and defaulting enabled to true", () => {
    const rules = [
      {
        id: "a",
        name: "Bugs",
        when: { on: "segment_added", segment: " bug ", subject: "conversation" },
        then: [{ do: "add_segments", segments: ["x", "x", "Cafe\u0301"] }],
      },
      {
        id: "b",
        enabled: false,
        when: { on: "segment_removed", segment: "vip" },
        then: [{ do: "remove_segments", segments: ["perk"] }],
      },
      {
        id: "c",
        when: { on: "email_matches", pattern: "*+billing@*", subject: "contact" },
        then: [{ do: "send_webhook", endpoint: "ep_1" }],
      },
      {
        id: "d",
        when: { on: "contact_created", subject: "contact" },
        then: [{ do: "send_webhook", endpoint: "ep_1" }],
      },
    ];
    expect(checkRules(rules)).toEqual({
      ok: true,
      value: [
        {
          id: "a",
          name: "Bugs",
          enabled: true,
          when: { on: "segment_added", segment: "bug", subject: "conversation" },
          then: [{ do: "add_segments", segments: ["x", "Caf\u00e9"] }],
        },
        {
          id: "b",
          enabled: false,
          when: { on: "segment_removed", segment: "vip" },
          then: [{ do: "remove_segments", segments: ["perk"] }],
        },
        {
          id: "c",
          enabled: true,
          when: { on: "email_matches", pattern: "*+billing@*", subject: "contact" },
          then: [{ do: "send_webhook", endpoint: "ep_1" }],
        },
        { id: "d", enabled: true, when: { on: "contact_created" }, then: [{ do: "send_webhook", endpoint: "ep_1" }] },
      ],
    });
  });

  it.each([
    ["not an object", 42, "rule is 42; expected a rule: an object"],
    ["a bad id", ruleWith({ id: "no spaces" }), 'id is "no spaces"; expected 1 to 64 letters, digits, _ or -'],
    ["no id", ruleWith({ id: undefined }), "id is undefined; expected 1 to 64 letters, digits, _ or -"],
    [
      "a long name",
      ruleWith({ name: "n".repeat(101) }),
      `name is "${"n".repeat(77)}..."; expected absent or a string of at most 100 characters`,
    ],
    [
      "a string for enabled",
      ruleWith({ enabled: "yes" }),
      'enabled is "yes"; expected true or false (absent means true)',
    ],
    [
      "a misspelt field",
      ruleWith({ tehn: [] }),
      "tehn is []; expected no such field: a rule has only id, name, enabled, when, then",
    ],
    [
      "an odd field name",
      ruleWith({ "the n": 1 }),
      '["the n"] is 1; expected no such field: a rule has only id, name, enabled, when, then',
    ],
    [
      "no trigger",
      ruleWith({ when: undefined }),
      "when is undefined; expected trigger: an object whose on is one of segment_added, segment_removed, email_matches, contact_created",
    ],
    [
      "an unknown trigger",
      ruleWith({ when: { on: "segment_changed" } }),
      'when.on is "segment_changed"; expected one of segment_added, segment_removed, email_matches, contact_created',
    ],
    [
      "a field of another trigger",
      ruleWith({ when: { on: "segment_added", pattern: "*" } }),
      'when.pattern is "*"; expected no such field: a segment_added trigger has only on, segment, subject',
    ],
    [
      "a bad trigger segment",
      ruleWith({ when: { on: "segment_added", segment: "a\u0000" } }),
      'when.segment is "a\\u0000"; expected no control characters',
    ],
    [
      "a bad subject",
      ruleWith({ when: { on: "segment_removed", segment: "a", subject: "visitor" } }),
      'when.subject is "visitor"; expected "conversation", "contact" or absent (both)',
    ],
    [
      "a created conversation",
      ruleWith({ when: { on: "contact_created", subject: "conversation" } }),
      'when.subject is "conversation"; expected "contact" or absent: only a contact is created',
    ],
    [
      "an empty pattern",
      ruleWith({ when: { on: "email_matches", pattern: "" } }),
      'when.pattern is ""; expected 1 to 254 characters',
    ],
    [
      "a regex for a pattern",
      ruleWith({ when: { on: "email_matches", pattern: /billing/ } }),
      'when.pattern is {}; expected a string such as "*+billing@*"',
    ],
    ["no actions", ruleWith({ then: [] }), `then is []; expected an array of 1 to ${MAX_ACTIONS} actions`],
    [
      "too many actions",
      ruleWith({ then: Array(MAX_ACTIONS + 1).fill({ do: "add_segments", segments: ["a"] }) }),
      expect.stringMatching(/^then is \[.*; expected an array of 1 to 10 actions$/),
    ],
    [
      "an unknown action",
      ruleWith({ then: [{ do: "assign", segments: ["a"] }] }),
      'then[0].do is "assign"; expected one of add_segments, remove_segments, send_webhook',
    ],
    [
      "a bad segment in an action",
      ruleWith({ then: [{ do: "remove_segments", segments: ["ok", "x".repeat(65)] }] }),
      `then[0].segments[1] is "${"x".repeat(65)}"; expected 1 to 64 characters after trimming white space`,
    ],
    [
      "a segment that is not a list",
      ruleWith({ then: [{ do: "add_segments", segments: "bug" }] }),
      'then[0].segments is "bug"; expected an array of segment strings',
    ],
    [
      "an action with no segment",
      ruleWith({ then: [{ do: "add_segments", segments: [] }] }),
      "then[0].segments is []; expected at least one segment",
    ],
    [
      "a bad endpoint id",
      ruleWith({ then: [{ do: "send_webhook", endpoint: "https://x.io" }] }),
      'then[0].endpoint is "https://x.io"; expected 1 to 64 letters, digits, _ or -',
    ],
    [
      "an endpoint twice",
      ruleWith({
        then: [
          { do: "send_webhook", endpoint: "e" },
          { do: "add_segments", segments: ["a"] },
          { do: "send_webhook", endpoint: "e" },
        ],
      }),
      'then[2].endpoint is "e"; expected an endpoint that then[0] does not already send to',
    ],
  ])("refuses %s in one line naming the field and what it expects", (_name, value, message) => {
    expect(checkRule(value)).toEqual({ ok: false, message });
  });

  it("refuses an endpoint the website does not have, when told which it has", () => {
    const rule = ruleWith({ then: [{ do: "send_webhook", endpoint: "gone" }] });
    expect(checkRule(rule, { endpoints: new Set(["ep_1"]) })).toEqual({
      ok: false,
      message:
        'then[0].endpoint is "gone"; expected the id of one of the website\'s webhook endpoints (create it first)',
    });
    expect(checkRule(rule, { endpoints: new Set(["gone"]) }).ok).toBe(true);
  });

  it("ignores no field, even one inherited from JSON's __proto__ key", () => {
    const rule = JSON.parse(
      '{"id":"a","when":{"on":"contact_created"},"then":[{"do":"send_webhook","endpoint":"e"}],"__proto__":{"x":1}}',
    );
    expect(checkRule(rule)).toEqual({
      ok: false,
      message: '__proto__ is {"x":1}; expected no such field: a rule has only id, name, enabled, when, then',
    });
  });
});

describe("checking a website's rules", () => {
  it(`accepts up to ${MAX_RULES} rules and refuses one more`, () => {
    const rules = Array.from({ length: MAX_RULES }, (_, index) => ruleWith({ id: `r${index}` }));
    expect(checkRules(rules)).toMatchObject({ ok: true, value: { length: MAX_RULES } });
    const result = checkRules([...rules, ruleWith({ id: "one_more" })]);
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/^rules is \[.*; expected an array of at most 100 rules$/),
    });
  });

  it("names the rule at fault by its index in the list", () => {
    const rules = [valid, ruleWith({ id: "b", then: [{ do: "add_segments", segments: ["ok", 7] }] })];
    expect(checkRules(rules)).toEqual({ ok: false, message: "rules[1].then[0].segments[1] is 7; expected a string" });
    expect(checkRules([valid, 5])).toEqual({ ok: false, message: "rules[1] is 5; expected a rule: an object" });
    expect(checkRules({ rules: [] })).toEqual({
      ok: false,
      message: 'rules is {"rules":[]}; expected an array of at most 100 rules',
    });
  });

  it("refuses two rules with one id, naming the first", () => {
    expect(checkRules([valid, ruleWith({ id: "other" }), valid])).toEqual({
      ok: false,
      message: 'rules[2].id is "triage"; expected an id no other rule has (rules[0] has it)',
    });
  });

  it("accepts an empty list: a website with no rules", () => {
    expect(checkRules([])).toEqual({ ok: true, value: [] });
  });
});
