// The inbox's DOM: rows with their segment chips, the filter menu, the times. Values go in as textContent only.
import { exactTime, relativeTime } from "./relative-time.mjs";

/** @typedef {import("./inbox-rows.mjs").Row} Row */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes]
 * @param {Array<Node | string>} [children]
 */
export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** @param {string} segment */
function chip(segment) {
  return element("span", { class: "chip", "data-segment": segment }, [
    element("span", { class: "chip-text", title: segment }, [segment]),
    element("button", { type: "button", class: "chip-remove", "aria-label": `Remove ${segment}`, title: "Remove" }, [
      "×",
    ]),
  ]);
}

function addForm() {
  return element("form", { class: "add-segment", autocomplete: "off" }, [
    element("input", {
      name: "segment",
      list: "segments-in-use",
      placeholder: "add segment",
      "aria-label": "Add a segment",
      maxlength: "64",
      enterkeyhint: "done",
    }),
    element("button", { type: "submit", "aria-label": "Add the segment", title: "Add" }, ["+"]),
  ]);
}

/**
 * @param {Row} row
 * @param {"conversations" | "contacts"} kind
 */
function who(row, kind) {
  const name = row.name || row.email || (kind === "conversations" ? "Anonymous visitor" : "(no email)");
  const details = [row.name && row.email ? element("span", { class: "email" }, [row.email]) : ""];
  if (row.label) details.push(element("code", { class: "label", title: "session id, shortened" }, [row.label]));
  return [element("span", { class: "name", title: name }, [name]), element("span", { class: "details" }, details)];
}

/**
 * @param {Row} row
 * @param {"conversations" | "contacts"} kind
 * @param {number} now
 */
function createRow(row, kind, now) {
  const li = element("li", { class: "entry", "data-id": row.id }, [
    element("div", { class: "entry-head" }, [
      element("div", { class: "who" }, who(row, kind)),
      element("time", { class: "when" }),
    ]),
    element("div", { class: "chips" }, [addForm()]),
    element("p", { class: "entry-error", role: "alert", hidden: "" }),
  ]);
  updateRow(li, row, now);
  return li;
}

/**
 * Updates what may change in place, so that a row being typed in keeps its input and focus.
 * @param {HTMLElement} li
 * @param {Row} row
 * @param {number} now
 */
function updateRow(li, row, now) {
  const chips = /** @type {HTMLElement} */ (li.querySelector(".chips"));
  const shown = JSON.stringify(row.segments);
  if (chips.dataset.segments !== shown) {
    chips.dataset.segments = shown;
    for (const old of chips.querySelectorAll(".chip")) old.remove();
    chips.prepend(...row.segments.map(chip));
  }
  const time = /** @type {HTMLTimeElement} */ (li.querySelector(".when"));
  time.dataset.at = String(row.updatedAt);
  time.dateTime = new Date(row.updatedAt).toISOString();
  time.title = `changed ${exactTime(row.updatedAt)}`;
  time.textContent = relativeTime(row.updatedAt, now);
}

/**
 * Makes `list` show `rows` in order, reusing the items it has (a moved item is moved, not rebuilt).
 * @param {HTMLElement} list
 * @param {readonly Row[]} rows
 * @param {"conversations" | "contacts"} kind
 * @param {number} now
 */
export function showRows(list, rows, kind, now) {
  /** @type {Map<string, HTMLElement>} */
  const existing = new Map();
  for (const li of /** @type {HTMLCollectionOf<HTMLElement>} */ (list.children)) {
    if (li.dataset.kind === kind) existing.set(li.dataset.id ?? "", li);
    else li.remove();
  }
  let cursor = list.firstElementChild;
  for (const row of rows) {
    let li = existing.get(row.id);
    existing.delete(row.id);
    if (li) updateRow(li, row, now);
    else li = createRow(row, kind, now);
    li.dataset.kind = kind;
    if (li === cursor) cursor = cursor.nextElementSibling;
    else list.insertBefore(li, cursor);
  }
  for (const li of existing.values()) li.remove();
}

/**
 * Marks a row as just changed, for a moment (the highlight fades by CSS).
 * @param {HTMLElement} list
 * @param {string} id
 */
export function flashRow(list, id) {
  const li = [...list.children].find((item) => item instanceof HTMLElement && item.dataset.id === id);
  if (!(li instanceof HTMLElement)) return;
  li.classList.remove("fresh");
  void li.offsetWidth;
  li.classList.add("fresh");
}

/**
 * Refreshes every "… ago" on the page.
 * @param {number} now
 */
export function refreshTimes(now) {
  for (const time of document.querySelectorAll("time[data-at]")) {
    if (time instanceof HTMLElement) time.textContent = relativeTime(Number(time.dataset.at), now);
  }
}

/**
 * The filter menu: one toggle per segment in use, with how many rows carry it.
 * @param {HTMLElement} menu
 * @param {Array<{ segment: string, count: number, chosen: boolean }>} items
 */
export function showMenu(menu, items) {
  menu.replaceChildren(
    ...items.map(({ segment, count, chosen }) =>
      element(
        "button",
        { type: "button", class: "option", "aria-pressed": String(chosen), "data-segment": segment, title: segment },
        [element("span", { class: "option-name" }, [segment]), element("span", { class: "count" }, [String(count)])],
      ),
    ),
  );
  if (items.length === 0) menu.append(element("span", { class: "empty" }, ["No segment in use yet."]));
}

/**
 * The autocomplete of every "add segment" input.
 * @param {HTMLDataListElement} datalist
 * @param {ReadonlyArray<{ segment: string }>} counts
 */
export function showSuggestions(datalist, counts) {
  datalist.replaceChildren(...counts.map(({ segment }) => element("option", { value: segment })));
}
