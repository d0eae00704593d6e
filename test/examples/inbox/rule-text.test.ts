// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
/** The rules page's pure half: a rule read as a sentence, the add form's values as a rule, and a move. */
import { describe, expect, it } from "vitest";
import { describeRule, moved, ruleFromForm } from "../../../examples/inbox/rule-text.mjs";

describe("the rules page's text", () => {
  it("reads each kind of rule as one sentence, naming an endpoint by its URL when known", () => {
    const endpoints = new Map([["e1", "https://hooks.example/a"]]);
    const rule = (when: Record<string, string>, then: Record<string, unknown>[]) => ({ id: "r", when, then });
    const add = { do: "add_segments", segments: ["needs_triage", "bug"] };
    expect(describeRule(rule({ on: "segment_added", segment: "bug", subject: "conversation" }, [add]))).toBe(
      "When “bug” is added to a conversation's segments: add “needs_triage”, “bug”",
    );
    expect(
      describeRule(
        rule({ on: "segment_removed", segment: "vip" }, [{ do: "send_webhook", endpoint: "e1" }]),
        endpoints,
      ),
    ).toBe(
      "When “vip” is removed from a conversation's or a contact's segments: send to webhook https://hooks.example/a",
    );
    expect(describeRule(rule({ on: "email_matches", pattern: "*+billing@*" }, [add]))).toBe(
      "When a conversation's or a contact's email starts to match *+billing@*: add “needs_triage”, “bug”",
    );
    const both = [
      { do: "remove_segments", segments: ["lead"] },
      { do: "send_webhook", endpoint: "e2" },
    ];
    expect(describeRule(rule({ on: "contact_created" }, both))).toBe(
      "When a contact is created: remove “lead”; send to webhook e2",
    );
  });

  it("makes a rule of the form's values, leaving empty fields out and the checking to the service", () => {
    const form = { trigger: "segment_added", value: "bug", subject: "", add: "needs_triage, , urgent", remove: "" };
    expect(ruleFromForm({ ...form, endpoint: "e1", name: " Triage: bugs! " }, 0)).toEqual({
      id: "triage_bugs",
      name: "Triage: bugs!",
      when: { on: "segment_added", segment: "bug" },
      then: [
        { do: "add_segments", segments: ["needs_triage", "urgent"] },
        { do: "send_webhook", endpoint: "e1" },
      ],
    });
    const created = ruleFromForm({ trigger: "contact_created", value: "ignored", subject: "contact", id: "w" }, 0);
    expect(created).toEqual({ id: "w", when: { on: "contact_created" }, then: [] });
    expect(ruleFromForm({ trigger: "contact_created", name: "!!" }, 36 ** 3).id).toBe("rule_1000");
    expect(ruleFromForm({ trigger: "email_matches", value: "*@x.com", subject: "contact" }, 0).when).toEqual({
      on: "email_matches",
      pattern: "*@x.com",
      subject: "contact",
    });
  });

  it("moves a rule up or down, and leaves the ends as they are", () => {
    expect(moved(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(moved(["a", "b"], 1, 1)).toEqual(["a", "b"]);
  });
});
