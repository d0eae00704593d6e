// The list of the inbox's current tab: what it asks the service, how it filters, and how edits and live changes
// reach the rows shown.
import { applyLiveChange, contactRow, conversationRow, putFirst, withSegments } from "./inbox-rows.mjs";
import { flashRow, showMenu, showRows, showSuggestions } from "./inbox-view.mjs";
import {
  conversationsQuery,
  describeFilter,
  menuItems,
  NO_FILTER,
  passes,
  peopleQuery,
  toggleSegment,
  withMatch,
} from "./segment-filter.mjs";

/**
 * @typedef {"conversations" | "contacts"} Kind
 * @typedef {ReturnType<typeof import("./inbox-api.mjs").createInboxApi>} InboxApi
 * @typedef {{ rows: HTMLElement, menu: HTMLElement, status: HTMLElement, notice: HTMLElement, more: HTMLElement,
 *   clear: HTMLElement, search: HTMLInputElement, datalist: HTMLDataListElement, matches: HTMLInputElement[] }} ListElements
 */

/**
 * @param {InboxApi} api
 * @param {ListElements} ui
 * @param {(error: unknown) => void} onFailure told of every failed call (the page signs out on a 401)
 */
export function createList(api, ui, onFailure) {
  const state = {
    kind: /** @type {Kind} */ ("conversations"),
    filters: { conversations: NO_FILTER, contacts: NO_FILTER },
    text: "",
    /** @type {import("./inbox-rows.mjs").Row[]} */ rows: [],
    page: 1,
    more: false,
    /** @type {import("./segment-filter.mjs").SegmentCount[]} */ counts: [],
    /** Bumped by every reload: an answer to an older one is dropped. */
    generation: 0,
  };
  const filter = () => state.filters[state.kind];
  const toRow = () => (state.kind === "conversations" ? conversationRow : contactRow);

  const render = () => {
    showRows(ui.rows, state.rows, state.kind, Date.now());
    showMenu(ui.menu, menuItems(state.counts, filter()));
    showSuggestions(ui.datalist, state.counts);
    for (const input of ui.matches) input.checked = input.value === filter().match;
    const noun = state.kind === "conversations" ? "conversation" : "contact";
    const count = `${state.rows.length}${state.more ? "+" : ""} ${noun}${state.rows.length === 1 ? "" : "s"}`;
    ui.status.textContent = [count, describeFilter(filter())].filter(Boolean).join(" ");
    ui.clear.hidden = filter().segments.length === 0;
    ui.more.hidden = !state.more;
    ui.search.hidden = state.kind !== "contacts";
  };
  const notice = (/** @type {string} */ message) => {
    ui.notice.textContent = message;
    ui.notice.hidden = message === "";
  };
  const fail = (/** @type {unknown} */ error) => {
    notice(error instanceof Error ? error.message : String(error));
    onFailure(error);
  };

  /** @param {number} page */
  const fetchPage = async (page) => {
    const items =
      state.kind === "conversations"
        ? await api.conversations(page, conversationsQuery(filter(), api.perPage))
        : await api.contacts(page, peopleQuery(filter(), api.perPage, state.text));
    return /** @type {any[]} */ (items).map(toRow());
  };

  const reload = async () => {
    const generation = ++state.generation;
    try {
      // The menu is a help: the list shows without it.
      const [rows, counts] = await Promise.all([fetchPage(1), api.suggestions(state.kind).catch(() => [])]);
      if (generation !== state.generation) return;
      Object.assign(state, { rows, counts, page: 1, more: rows.length === api.perPage });
      notice("");
      render();
    } catch (error) {
      if (generation === state.generation) fail(error);
    }
  };

  let countsTimer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
  /** The menu's counts follow the changes, read at most twice a second. */
  const refreshCounts = () => {
    clearTimeout(countsTimer);
    countsTimer = setTimeout(async () => {
      const kind = state.kind;
      const counts = await api.suggestions(kind).catch(() => undefined);
      if (counts && kind === state.kind) {
        state.counts = counts;
        render();
      }
    }, 500);
  };

  return {
    reload,
    refreshCounts,
    render,
    get kind() {
      return state.kind;
    },
    /** @param {Kind} kind */
    switchTo(kind) {
      if (kind === state.kind) return;
      Object.assign(state, { kind, rows: [], counts: [], more: false });
      render();
      return reload();
    },
    /** @param {string} segment */
    toggle(segment) {
      state.filters[state.kind] = toggleSegment(filter(), segment);
      return reload();
    },
    /** @param {string} match */
    setMatch(match) {
      state.filters[state.kind] = withMatch(filter(), match);
      return reload();
    },
    clear() {
      state.filters[state.kind] = NO_FILTER;
      return reload();
    },
    /** @param {string} text */
    search(text) {
      state.text = text;
      return reload();
    },
    async loadMore() {
      const generation = state.generation;
      try {
        const rows = await fetchPage(state.page + 1);
        if (generation !== state.generation) return;
        const shown = new Set(state.rows.map((row) => row.id));
        Object.assign(state, {
          rows: [...state.rows, ...rows.filter((row) => !shown.has(row.id))],
          page: state.page + 1,
          more: rows.length === api.perPage,
        });
        render();
      } catch (error) {
        fail(error);
      }
    },
    /**
     * An operator's edit of one row; resolves to the service's message when refused, else "".
     * @param {string} id @param {{ add?: string[], remove?: string[] }} edit
     */
    async edit(id, edit) {
      try {
        const segments = await api.editSegments(state.kind, id, edit);
        state.rows = withSegments(state.rows, id, segments);
        render();
        refreshCounts();
        return "";
      } catch (error) {
        onFailure(error);
        return error instanceof Error ? error.message : String(error);
      }
    },
    /** @param {import("./inbox-rows.mjs").LiveChange} change */
    async hear(change) {
      if (change.kind !== state.kind) return;
      const generation = state.generation;
      const { outcome, rows } = applyLiveChange(state.rows, change, (segments) => passes(filter(), segments));
      state.rows = rows;
      if (outcome === "wanted") {
        const row = await fetchRow(api, change).catch(() => undefined);
        if (row === undefined || generation !== state.generation) return;
        state.rows = putFirst(state.rows, row);
      }
      render();
      if (outcome === "moved" || outcome === "wanted") flashRow(ui.rows, change.id);
      refreshCounts();
    },
  };
}

/**
 * A row the list did not hold, read from the service, with the change's segments and time.
 * @param {InboxApi} api
 * @param {import("./inbox-rows.mjs").LiveChange} change
 */
async function fetchRow(api, change) {
  if (change.kind === "conversations") {
    const meta = await api.meta(change.id);
    return conversationRow({ session_id: change.id, segments: change.segments, updated_at: change.updatedAt, meta });
  }
  const profile = await api.contact(change.id);
  return { ...contactRow(profile), segments: change.segments, updatedAt: change.updatedAt };
}
