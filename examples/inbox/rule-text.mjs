// The rules page's pure half: a rule as one sentence, and the add form's values as a rule for the service to
// check (the page checks nothing itself: the service's message is shown as it comes).

/** @typedef {{ id: string, name?: string, enabled?: boolean, when: Record<string, string>, then: Record<string, unknown>[] }} Rule */

const SUBJECTS = { conversation: "a conversation's", contact: "a contact's" };

/** @param {string[]} segments */
const listed = (segments) => segments.map((segment) => `“${segment}”`).join(", ");

/**
 * "When “bug” is added to a conversation's segments: add “needs_triage”; send to webhook https://…".
 * @param {Rule} rule
 * @param {Map<string, string>} [endpoints] endpoint id → its URL, to name it
 */
export function describeRule(rule, endpoints = new Map()) {
  const { on, segment, pattern, subject } = rule.when;
  const whose = SUBJECTS[/** @type {keyof typeof SUBJECTS} */ (subject)] ?? "a conversation's or a contact's";
  const when = {
    segment_added: `“${segment}” is added to ${whose} segments`,
    segment_removed: `“${segment}” is removed from ${whose} segments`,
    email_matches: `${whose} email starts to match ${pattern}`,
    contact_created: "a contact is created",
  }[on];
  const then = rule.then.map((action) => {
    if (action.do === "send_webhook") {
      const endpoint = String(action.endpoint);
      return `send to webhook ${endpoints.get(endpoint) ?? endpoint}`;
    }
    return `${action.do === "add_segments" ? "add" : "remove"} ${listed(/** @type {string[]} */ (action.segments))}`;
  });
  return `When ${when ?? on}: ${then.join("; ")}`;
}

/** @param {string} text */
const segmentsIn = (text) =>
  text
    .split(",")
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "");

/** A rule id made of a name: "Triage bugs" → "triage_bugs"; "" when nothing of it is left. @param {string} name */
const idOf = (name) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 64);

/**
 * The add form's values as a rule (its id made of its name, or of `now` when it has none); empty fields left out.
 * @param {Record<string, string>} form trigger, value, subject, add, remove, endpoint, id, name
 * @param {number} now
 * @returns {Rule}
 */
export function ruleFromForm(form, now) {
  const on = form.trigger ?? "segment_added";
  /** @type {Record<string, string>} */
  const when = { on };
  if (on === "segment_added" || on === "segment_removed") when.segment = form.value ?? "";
  if (on === "email_matches") when.pattern = form.value ?? "";
  if (on !== "contact_created" && form.subject) when.subject = form.subject;
  const then = [];
  if (segmentsIn(form.add ?? "").length > 0) then.push({ do: "add_segments", segments: segmentsIn(form.add ?? "") });
  if (segmentsIn(form.remove ?? "").length > 0)
    then.push({ do: "remove_segments", segments: segmentsIn(form.remove ?? "") });
  if (form.endpoint) then.push({ do: "send_webhook", endpoint: form.endpoint });
  /** @type {Rule} */
  const rule = { id: form.id?.trim() || idOf(form.name ?? "") || `rule_${now.toString(36)}`, when, then };
  if (form.name?.trim()) rule.name = form.name.trim();
  return rule;
}

/**
 * The list with the rule at `index` moved by `step` (-1: up, 1: down); the same list when it cannot move.
 * @template T
 * @param {T[]} rules
 * @param {number} index
 * @param {number} step
 */
export function moved(rules, index, step) {
  const to = index + step;
  if (to < 0 || to >= rules.length) return rules;
  const copy = rules.slice();
  [copy[index], copy[to]] = [/** @type {T} */ (copy[to]), /** @type {T} */ (copy[index])];
  return copy;
}
