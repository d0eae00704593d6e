// The operator inbox: the two tabs, the list's controls and the live connection, behind the shared sign-in.
import { ServiceError } from "./inbox-api.mjs";
import { InboxList } from "./inbox-list.mjs";
import { liveChange } from "./inbox-rows.mjs";
import { refreshTimes } from "./inbox-view.mjs";
import { keepLive } from "./live-connection.mjs";
import { startSignIn } from "./sign-in.mjs";

const LIVE_LABELS = { connecting: "connecting…", live: "live", retrying: "reconnecting…", refused: "refused" };
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @typedef {import("./sign-in.mjs").InboxApi} InboxApi */

/**
 * Shows the workspace for `api`'s operator and website; answers what closes it.
 * @param {InboxApi} api
 */
function open(api) {
  const list = new InboxList(api, listElements(), (error) => {
    if (error instanceof ServiceError && error.status === 401) showSignIn(error.message);
  });
  const stopControls = wireControls(list);
  list.reload();
  const stopLive = keepLive({
    open: api.openLive,
    onEvent(event) {
      if (event.event === "ready") return void list.reload();
      const change = liveChange(event);
      if (change) list.hear(change);
    },
    onState: showLiveState,
  });
  const clock = setInterval(() => refreshTimes(Date.now()), 15_000);
  return () => {
    stopLive();
    stopControls();
    clearInterval(clock);
  };
}

/**
 * @param {import("./live-connection.mjs").LiveState} state
 * @param {Response} [refusal]
 */
async function showLiveState(state, refusal) {
  const badge = $("live");
  badge.dataset.state = state;
  badge.textContent = LIVE_LABELS[state];
  if (refusal === undefined) return;
  const body = await refusal.json().catch(() => undefined);
  showSignIn(body?.data?.message ?? `the live route answered ${refusal.status}`);
}

/** @returns {import("./inbox-list.mjs").ListElements} */
function listElements() {
  return {
    rows: $("rows"),
    menu: $("filter-menu"),
    status: $("list-status"),
    notice: $("notice"),
    more: $("more"),
    clear: $("clear-filter"),
    search: /** @type {HTMLInputElement} */ ($("search")),
    datalist: /** @type {HTMLDataListElement} */ ($("segments-in-use")),
    matches: [...document.querySelectorAll("input[name=match]")].map(
      (input) => /** @type {HTMLInputElement} */ (input),
    ),
  };
}

/**
 * The workspace's controls, wired to `list`; the function it returns unwires them (at sign-out).
 * @param {InboxList} list
 */
function wireControls(list) {
  const controller = new AbortController();
  const on = (/** @type {string} */ id, /** @type {string} */ type, /** @type {(event: any) => void} */ handle) =>
    $(id).addEventListener(type, handle, { signal: controller.signal });
  on("filter-menu", "click", (event) => {
    const option = event.target.closest(".option");
    if (option) list.toggle(option.dataset.segment);
  });
  for (const input of document.querySelectorAll("input[name=match]")) {
    input.addEventListener("change", () => list.setMatch(/** @type {HTMLInputElement} */ (input).value), controller);
  }
  on("clear-filter", "click", () => list.clear());
  on("more", "click", () => list.loadMore());
  on("workspace", "click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) selectTab(list, tab);
  });
  let searching = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
  on("search", "input", (event) => {
    clearTimeout(searching);
    searching = setTimeout(() => list.search(event.target.value), 300);
  });
  on("rows", "click", (event) => {
    const remove = event.target.closest(".chip-remove");
    if (remove) editRow(list, remove, { remove: [remove.closest(".chip").dataset.segment] });
  });
  on("rows", "submit", (event) => {
    event.preventDefault();
    const input = event.target.elements.segment;
    const segment = input.value.trim();
    if (segment !== "") editRow(list, input, { add: [segment] }).then((ok) => ok && (input.value = ""));
  });
  return () => controller.abort();
}

/**
 * @param {InboxList} list
 * @param {HTMLElement} tab
 */
function selectTab(list, tab) {
  for (const other of document.querySelectorAll("[role=tab]"))
    other.setAttribute("aria-selected", String(other === tab));
  list.switchTo(/** @type {"conversations" | "contacts"} */ (tab.dataset.kind));
}

/**
 * Edits the row that holds `control`; shows the service's message on the row when refused.
 * @param {InboxList} list
 * @param {HTMLElement} control
 * @param {{ add?: string[], remove?: string[] }} edit
 */
async function editRow(list, control, edit) {
  const row = /** @type {HTMLElement} */ (control.closest(".entry"));
  const message = await list.edit(row.dataset.id ?? "", edit);
  const error = /** @type {HTMLElement} */ (row.querySelector(".entry-error"));
  error.textContent = message;
  error.hidden = message === "";
  return message === "";
}

const showSignIn = startSignIn({
  // Any authenticated read will do: it checks the pair and the website before anything is shown.
  check: (api) => api.conversations(1, new URLSearchParams({ per_page: String(api.perPage) })),
  open,
});
