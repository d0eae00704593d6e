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
 * @typedef {import("./inbox-rows.mjs").Row} Row
 * @typedef {import("./inbox-rows.mjs").LiveChange} LiveChange
 * @typedef {import("./segment-filter.mjs").SegmentFilter} SegmentFilter
 * @typedef {ReturnType<typeof import("./inbox-api.mjs").createInboxApi>} InboxApi
 * @typedef {{ rows: HTMLElement, menu: HTMLElement, status: HTMLElement, notice: HTMLElement, more: HTMLElement,
 *   clear: HTMLElement, search: HTMLInputElement, datalist: HTMLDataListElement, matches: HTMLInputElement[] }} ListElements
 */

/** How often at most the menu's counts are read again while changes arrive. */
const COUNTS_DELAY_MS = 500;

export class InboxList {
  /** @type {Kind} */ kind = "conversations";
  /** @type {Record<Kind, SegmentFilter>} */ filters = { conversations: NO_FILTER, contacts: NO_FILTER };
  text = "";
  /** @type {Row[]} */ rows = [];
  page = 1;
  more = false;
  /** @type {import("./segment-filter.mjs").SegmentCount[]} */ counts = [];
  /** Bumped by every reload: an answer to an older one is dropped. */
  generation = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */ countsTimer;

  /**
   * @param {InboxApi} api
   * @param {ListElements} ui
   * @param {(error: unknown) => void} onFailure told of every failed call (the page signs out on a 401)
   */
  constructor(api, ui, onFailure) {
    this.api = api;
    this.ui = ui;
    this.onFailure = onFailure;
  }

  get filter() {
    return this.filters[this.kind];
  }

  render() {
    const { ui, filter } = this;
    showRows(ui.rows, this.rows, this.kind, Date.now());
    showMenu(ui.menu, menuItems(this.counts, filter));
    showSuggestions(ui.datalist, this.counts);
    for (const input of ui.matches) input.checked = input.value === filter.match;
    const noun = this.kind === "conversations" ? "conversation" : "contact";
    const count = `${this.rows.length}${this.more ? "+" : ""} ${noun}${this.rows.length === 1 ? "" : "s"}`;
    ui.status.textContent = [count, describeFilter(filter)].filter(Boolean).join(" ");
    ui.clear.hidden = filter.segments.length === 0;
    ui.more.hidden = !this.more;
    ui.search.hidden = this.kind !== "contacts";
  }

  /** @param {string} message */
  notice(message) {
    this.ui.notice.textContent = message;
    this.ui.notice.hidden = message === "";
  }

  /** @param {unknown} error */
  fail(error) {
    this.notice(error instanceof Error ? error.message : String(error));
    this.onFailure(error);
  }

  /** @param {number} page @returns {Promise<Row[]>} */
  async fetchPage(page) {
    const { api, filter } = this;
    if (this.kind === "contacts") {
      const profiles = await api.contacts(page, peopleQuery(filter, api.perPage, this.text));
      return profiles.map(contactRow);
    }
    const conversations = await api.conversations(page, conversationsQuery(filter, api.perPage));
    return conversations.map(conversationRow);
  }

  /** Reads the first page and the menu again; at sign-in, after each filter change, and after each reconnection. */
  async reload() {
    const generation = ++this.generation;
    try {
      // The menu is a help: the list shows without it.
      const [rows, counts] = await Promise.all([this.fetchPage(1), this.api.suggestions(this.kind).catch(() => [])]);
      if (generation !== this.generation) return;
      Object.assign(this, { rows, counts, page: 1, more: rows.length === this.api.perPage });
      this.notice("");
      this.render();
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  async loadMore() {
    const generation = this.generation;
    try {
      const rows = await this.fetchPage(this.page + 1);
      if (generation !== this.generation) return;
      const shown = new Set(this.rows.map((row) => row.id));
      this.rows = [...this.rows, ...rows.filter((row) => !shown.has(row.id))];
      this.page += 1;
      this.more = rows.length === this.api.perPage;
      this.render();
    } catch (error) {
      this.fail(error);
    }
  }

  /** The menu's counts follow the changes, read again at most every COUNTS_DELAY_MS. */
  refreshCounts() {
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(async () => {
      const kind = this.kind;
      const counts = await this.api.suggestions(kind).catch(() => undefined);
      if (counts === undefined || kind !== this.kind) return;
      this.counts = counts;
      this.render();
    }, COUNTS_DELAY_MS);
  }

  /** @param {Kind} kind */
  switchTo(kind) {
    if (kind === this.kind) return;
    Object.assign(this, { kind, rows: [], counts: [], more: false });
    this.render();
    return this.reload();
  }

  /** @param {(filter: SegmentFilter) => SegmentFilter} change */
  refilter(change) {
    this.filters[this.kind] = change(this.filter);
    return this.reload();
  }

  /** @param {string} segment */
  toggle(segment) {
    return this.refilter((filter) => toggleSegment(filter, segment));
  }

  /** @param {string} match */
  setMatch(match) {
    return this.refilter((filter) => withMatch(filter, match));
  }

  clear() {
    return this.refilter(() => NO_FILTER);
  }

  /** @param {string} text */
  search(text) {
    this.text = text;
    return this.reload();
  }

  /**
   * An operator's edit of one row; resolves to the service's message when refused, else "".
   * @param {string} id @param {{ add?: string[], remove?: string[] }} edit
   */
  async edit(id, edit) {
    try {
      const segments = await this.api.editSegments(this.kind, id, edit);
      this.rows = withSegments(this.rows, id, segments);
      this.render();
      this.refreshCounts();
      return "";
    } catch (error) {
      this.onFailure(error);
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** @param {LiveChange} change */
  async hear(change) {
    if (change.kind !== this.kind) return;
    const generation = this.generation;
    const { outcome, rows } = applyLiveChange(this.rows, change, (segments) => passes(this.filter, segments));
    this.rows = rows;
    if (outcome === "wanted") {
      const row = await fetchRow(this.api, change).catch(() => undefined);
      if (row === undefined || generation !== this.generation) return;
      this.rows = putFirst(this.rows, row);
    }
    this.render();
    if (outcome === "moved" || outcome === "wanted") flashRow(this.ui.rows, change.id);
    this.refreshCounts();
  }
}

/**
 * A row the list did not hold, read from the service, with the change's segments and time.
 * @param {InboxApi} api
 * @param {LiveChange} change
 * @returns {Promise<Row>}
 */
async function fetchRow(api, change) {
  if (change.kind === "conversations") {
    const meta = await api.meta(change.id);
    return conversationRow({ session_id: change.id, segments: change.segments, updated_at: change.updatedAt, meta });
  }
  const profile = await api.contact(change.id);
  return { ...contactRow(profile), segments: change.segments, updatedAt: change.updatedAt };
}
