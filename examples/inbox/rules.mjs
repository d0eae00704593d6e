// The rules page: the website's rules in order, each with up, down and delete; a form to add one. Every change is
// one call of the REST API, and the list shown is the one it answers; a refusal shows the service's message.
import { describeRule, moved, ruleFromForm } from "./rule-text.mjs";
import { startSignIn } from "./sign-in.mjs";

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @typedef {import("./sign-in.mjs").InboxApi} InboxApi */
/** @typedef {import("./rule-text.mjs").Rule} Rule */

/** @param {string} message */
function showError(message) {
  $("rules-error").textContent = message;
  $("rules-error").hidden = message === "";
}

/**
 * @param {InboxApi} api
 */
function open(api) {
  const controller = new AbortController();
  /** @type {Rule[]} */
  let rules = [];
  /** @type {Map<string, string>} */
  let endpoints = new Map();

  /** Runs a call; shows the list it answers, or the service's message. @param {() => Promise<Rule[]>} call */
  const apply = async (call) => {
    try {
      rules = await call();
      showError("");
      render(rules, endpoints);
      return true;
    } catch (error) {
      showError(error instanceof Error ? error.message : String(error));
      return false;
    }
  };

  $("rules").addEventListener(
    "click",
    (event) => {
      const button = /** @type {HTMLElement} */ (event.target).closest("button[data-act]");
      if (!(button instanceof HTMLButtonElement)) return;
      const index = Number(button.closest("li")?.dataset.index);
      const act = button.dataset.act;
      if (act === "delete") void apply(() => api.deleteRule(rules[index]?.id ?? ""));
      else void apply(() => api.putRules(moved(rules, index, act === "up" ? -1 : 1)));
    },
    controller,
  );
  const form = /** @type {HTMLFormElement} */ ($("new-rule"));
  form.addEventListener(
    "submit",
    async (event) => {
      event.preventDefault();
      const values = Object.fromEntries([...new FormData(form)].map(([name, value]) => [name, String(value)]));
      if (await apply(() => api.addRule(ruleFromForm(values, Date.now())))) form.reset();
    },
    controller,
  );
  void loadEndpoints(api).then((found) => {
    endpoints = found;
    return apply(() => api.rules());
  });
  return () => controller.abort();
}

/**
 * The website's webhook endpoints, offered in the form's "send to webhook" (an id can be typed all the same, for a
 * service without the webhook routes).
 * @param {InboxApi} api
 * @returns {Promise<Map<string, string>>}
 */
async function loadEndpoints(api) {
  const found = /** @type {{ endpoint_id: string, url: string }[]} */ (await api.webhooks().catch(() => []));
  $("endpoints").replaceChildren(...found.map((endpoint) => new Option(endpoint.url, endpoint.endpoint_id)));
  return new Map(found.map((endpoint) => [endpoint.endpoint_id, endpoint.url]));
}

/**
 * @param {Rule[]} rules
 * @param {Map<string, string>} endpoints
 */
function render(rules, endpoints) {
  $("no-rules").hidden = rules.length > 0;
  $("rules").replaceChildren(
    ...rules.map((rule, index) => {
      const item = document.createElement("li");
      item.className = "card rule";
      item.dataset.index = String(index);
      item.dataset.id = rule.id;
      const text = document.createElement("p");
      text.className = "rule-text";
      text.textContent = `${rule.name ? `${rule.name}: ` : ""}${describeRule(rule, endpoints)}`;
      const buttons = [
        ["up", "↑", "Move up", index === 0],
        ["down", "↓", "Move down", index === rules.length - 1],
        ["delete", "Delete", "Delete this rule", false],
      ].map(([act, label, title, disabled]) => {
        const button = Object.assign(document.createElement("button"), { type: "button", textContent: label, title });
        Object.assign(button, { className: "secondary", disabled });
        button.dataset.act = String(act);
        return button;
      });
      item.append(text, ...buttons);
      return item;
    }),
  );
}

startSignIn({ check: (api) => api.rules(), open });
