// The operator's sign-in, shared by the demo's operator pages (the inbox, the rules): the form, the pair kept in
// sessionStorage (this tab, until it closes or signs out; never in the page's source), the account bar and
// sign-out. Signing in on one page signs the tab in on the others.
import { createInboxApi } from "./inbox-api.mjs";

const STORAGE_KEY = "crisp-segments:inbox";
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @typedef {import("./inbox-api.mjs").Credentials} Credentials */
/** @typedef {ReturnType<typeof createInboxApi>} InboxApi */

/** @returns {Credentials | undefined} */
function savedCredentials() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    const complete = ["identifier", "key", "website"].every((field) => typeof saved?.[field] === "string");
    return complete ? saved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wires the page's #sign-in form (#identifier, #key, #website, #sign-in-error), its #account bar (#who, #sign-out)
 * and its #workspace, then opens the workspace if the tab is signed in already.
 * @param {{ check: (api: InboxApi) => Promise<unknown>, open: (api: InboxApi, credentials: Credentials) => () => void }} page
 *   `check` is any authenticated read (it proves the pair and the website); `open` shows the workspace and answers
 *   what closes it.
 * @returns {(message?: string) => void} signs out, showing `message` above the form (e.g. why the session ended)
 */
export function startSignIn(page) {
  const form = /** @type {HTMLFormElement} */ ($("sign-in"));
  /** @type {(() => void) | undefined} */
  let closeWorkspace;

  const signOut = (message = "") => {
    closeWorkspace?.();
    closeWorkspace = undefined;
    sessionStorage.removeItem(STORAGE_KEY);
    $("workspace").hidden = true;
    $("account").hidden = true;
    form.hidden = false;
    const error = $("sign-in-error");
    error.textContent = message;
    error.hidden = message === "";
  };

  /** @param {Credentials} credentials */
  const open = (credentials) => {
    form.hidden = true;
    $("workspace").hidden = false;
    $("account").hidden = false;
    // The website first: on a narrow screen the identifier is the part cut short.
    $("who").textContent = `${credentials.website} · ${credentials.identifier}`;
    $("who").title = `website ${credentials.website}, operator ${credentials.identifier}`;
    closeWorkspace = page.open(createInboxApi(credentials), credentials);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const credentials = {
      identifier: String(data.get("identifier") ?? "").trim(),
      key: String(data.get("key") ?? ""),
      website: String(data.get("website") ?? ""),
    };
    const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
    button.disabled = true;
    try {
      await page.check(createInboxApi(credentials));
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
      /** @type {HTMLInputElement} */ ($("key")).value = "";
      open(credentials);
    } catch (error) {
      signOut(error instanceof Error ? error.message : String(error));
    } finally {
      button.disabled = false;
    }
  });
  $("sign-out").addEventListener("click", () => signOut());

  const saved = savedCredentials();
  if (saved) open(saved);
  else signOut();
  return signOut;
}
