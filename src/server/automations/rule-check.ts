/**
 * Reads rules from untrusted JSON: the one place that trusts nothing. A rule comes out normalised (segments by the
 * SDK's own rules, `enabled` defaulting to true) or refused with one line naming the bad field, its value and what
 * was expected there, e.g. `rules[1].then[0].segments[1] is "a\u0000"; expected no control characters`.
 * Unknown fields are refused too, so that a misspelt one is not silently ignored.
 */
import { preview } from "../../protocol/preview.js";
import { checkSegments, describeSegmentProblem, normalizeSegment } from "../../protocol/segments.js";
import { patternProblem } from "./email-pattern.js";
import {
  type Action,
  ID_PATTERN,
  MAX_ACTIONS,
  MAX_NAME_LENGTH,
  MAX_RULES,
  type Rule,
  type RuleSubject,
  type Trigger,
} from "./rules.js";

export interface CheckOptions {
  /** The website's webhook endpoint ids; when given, an action naming any other endpoint is refused. */
  endpoints?: ReadonlySet<string>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const RULE_FIELDS = ["id", "name", "enabled", "when", "then"];

const TRIGGER_FIELDS: Record<Trigger["on"], readonly string[]> = {
  segment_added: ["on", "segment", "subject"],
  segment_removed: ["on", "segment", "subject"],
  email_matches: ["on", "pattern", "subject"],
  contact_created: ["on", "subject"],
};

const ACTION_FIELDS: Record<Action["do"], readonly string[]> = {
  add_segments: ["do", "segments"],
  remove_segments: ["do", "segments"],
  send_webhook: ["do", "endpoint"],
};

const ID_RULE = "1 to 64 letters, digits, _ or -";

/** A website's whole list of rules, in order; the messages' paths start at `rules`. */
export function checkRules(value: unknown, options: CheckOptions = {}): Checked<Rule[]> {
  if (!Array.isArray(value) || value.length > MAX_RULES) {
    return refuse("rules", value, `an array of at most ${MAX_RULES} rules`);
  }
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  for (let index = 0; index < value.length; index++) {
    const at = `rules[${index}]`;
    const rule = readRule(value[index], at, options);
    if (!rule.ok) return rule;
    const first = seen.get(rule.value.id);
    if (first !== undefined)
      return refuse(`${at}.id`, rule.value.id, `an id no other rule has (rules[${first}] has it)`);
    seen.set(rule.value.id, index);
    rules.push(rule.value);
  }
  return { ok: true, value: rules };
}

/** One rule alone (to create or replace it); the messages' paths start at its fields, e.g. `then[0].segments`. */
export function checkRule(value: unknown, options: CheckOptions = {}): Checked<Rule> {
  return readRule(value, "", options);
}

function readRule(value: unknown, at: string, options: CheckOptions): Checked<Rule> {
  const fields = readObject(value, at, RULE_FIELDS, "a rule");
  if (!fields.ok) return fields;
  const { id, name, enabled, when, then } = fields.value;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) return refuse(join(at, "id"), id, ID_RULE);
  if (name !== undefined && (typeof name !== "string" || [...name].length > MAX_NAME_LENGTH)) {
    return refuse(join(at, "name"), name, `absent or a string of at most ${MAX_NAME_LENGTH} characters`);
  }
  if (enabled !== undefined && typeof enabled !== "boolean") {
    return refuse(join(at, "enabled"), enabled, "true or false (absent means true)");
  }
  const trigger = readTrigger(when, join(at, "when"));
  if (!trigger.ok) return trigger;
  const actions = readActions(then, join(at, "then"), options);
  if (!actions.ok) return actions;
  // biome-ignore lint/suspicious/noThenProperty: the wire's word; an array is never called, so a rule is no thenable
  const rule: Rule = { id, enabled: enabled ?? true, when: trigger.value, then: actions.value };
  if (name !== undefined) rule.name = name;
  return { ok: true, value: rule };
}

function readTrigger(value: unknown, at: string): Checked<Trigger> {
  const kind = readKind(value, at, "on", TRIGGER_FIELDS, "trigger");
  if (!kind.ok) return kind;
  const [on, fields] = kind.value;
  if (on === "contact_created") {
    if (fields.subject !== undefined && fields.subject !== "contact") {
      return refuse(`${at}.subject`, fields.subject, '"contact" or absent: only a contact is created');
    }
    return { ok: true, value: { on } };
  }
  const subject = readSubject(fields.subject, `${at}.subject`);
  if (!subject.ok) return subject;
  const scope = subject.value === undefined ? {} : { subject: subject.value };
  if (on === "email_matches") {
    const expected = patternProblem(fields.pattern);
    if (expected !== undefined) return refuse(`${at}.pattern`, fields.pattern, expected);
    return { ok: true, value: { on, pattern: fields.pattern as string, ...scope } };
  }
  const segment = normalizeSegment(fields.segment);
  if (typeof segment !== "string") return refuse(`${at}.segment`, fields.segment, segment.expected);
  return { ok: true, value: { on, segment, ...scope } };
}

function readSubject(value: unknown, at: string): Checked<RuleSubject | undefined> {
  if (value === undefined || value === "conversation" || value === "contact") return { ok: true, value };
  return refuse(at, value, '"conversation", "contact" or absent (both)');
}

function readActions(value: unknown, at: string, options: CheckOptions): Checked<Action[]> {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_ACTIONS) {
    return refuse(at, value, `an array of 1 to ${MAX_ACTIONS} actions`);
  }
  const actions: Action[] = [];
  for (let index = 0; index < value.length; index++) {
    const action = readAction(value[index], `${at}[${index}]`, options);
    if (!action.ok) return action;
    const repeat = repeatedEndpoint(actions, action.value, `${at}[${index}]`, at);
    if (repeat !== undefined) return repeat;
    actions.push(action.value);
  }
  return { ok: true, value: actions };
}

/** A rule sends to an endpoint once: the refusal of a second action sending to the same one. */
function repeatedEndpoint(earlier: readonly Action[], action: Action, at: string, list: string) {
  if (action.do !== "send_webhook") return undefined;
  const first = earlier.findIndex((other) => other.do === "send_webhook" && other.endpoint === action.endpoint);
  if (first < 0) return undefined;
  return refuse(`${at}.endpoint`, action.endpoint, `an endpoint that ${list}[${first}] does not already send to`);
}

function readAction(value: unknown, at: string, options: CheckOptions): Checked<Action> {
  const kind = readKind(value, at, "do", ACTION_FIELDS, "action");
  if (!kind.ok) return kind;
  const [action, fields] = kind.value;
  if (action === "send_webhook") {
    const endpoint = fields.endpoint;
    if (typeof endpoint !== "string" || !ID_PATTERN.test(endpoint)) return refuse(`${at}.endpoint`, endpoint, ID_RULE);
    if (options.endpoints !== undefined && !options.endpoints.has(endpoint)) {
      return refuse(`${at}.endpoint`, endpoint, "the id of one of the website's webhook endpoints (create it first)");
    }
    return { ok: true, value: { do: action, endpoint } };
  }
  const check = checkSegments(fields.segments);
  if (!check.ok) return { ok: false, message: describeSegmentProblem(check.problem, `${at}.segments`) };
  if (check.segments.length === 0) return refuse(`${at}.segments`, fields.segments, "at least one segment");
  return { ok: true, value: { do: action, segments: check.segments } };
}

/** An object whose discriminant `key` names one of `kinds`, holding only that kind's fields. */
function readKind<K extends string>(
  value: unknown,
  at: string,
  key: string,
  kinds: Record<K, readonly string[]>,
  noun: string,
): Checked<[K, Record<string, unknown>]> {
  const names = Object.keys(kinds) as K[];
  if (!isPlainObject(value)) return refuse(at, value, `${noun}: an object whose ${key} is one of ${names.join(", ")}`);
  const kind = value[key];
  if (!names.includes(kind as K)) return refuse(join(at, key), kind, `one of ${names.join(", ")}`);
  const fields = readObject(value, at, kinds[kind as K], `a ${kind} ${noun}`);
  return fields.ok ? { ok: true, value: [kind as K, fields.value] } : fields;
}

/** A plain object with no field outside `allowed`; `what` names it in messages. */
function readObject(
  value: unknown,
  at: string,
  allowed: readonly string[],
  what: string,
): Checked<Record<string, unknown>> {
  if (!isPlainObject(value)) return refuse(at || "rule", value, `${what}: an object`);
  const stray = Object.keys(value).find((field) => !allowed.includes(field));
  if (stray !== undefined) {
    return refuse(join(at, stray), value[stray], `no such field: ${what} has only ${allowed.join(", ")}`);
  }
  return { ok: true, value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(at: string, field: string): string {
  const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? field : `[${preview(field)}]`;
  return at === "" ? key : key.startsWith("[") ? `${at}${key}` : `${at}.${key}`;
}

function refuse(at: string, value: unknown, expected: string): { ok: false; message: string } {
  return { ok: false, message: `${at} is ${preview(value)}; expected ${expected}` };
}
