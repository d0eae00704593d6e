/**
 * The single-page app: configures the SDK once, mounts the session panel, and routes between two pages. The
 * pages come and go; the SDK, its session and its pending changes carry on across every navigation.
 */
import { Crisp } from "crisp-segments";
import { type Page, startRouter } from "./router";
import { element, mountSessionPanel, showChips } from "./session-panel";

const WEBSITE_ID = "demo-website";

declare global {
  interface Window {
    Crisp: typeof Crisp;
  }
}

// No endpoint: the service is this page's origin, as it is for the demo.
Crisp.configure(WEBSITE_ID);
mountSessionPanel(WEBSITE_ID);
// For trying the API from the browser's console (and for the demo's browser tests); apps need not do this.
window.Crisp = Crisp;

const shop: Page = (outlet) => {
  outlet.append(
    element("h2", "", "Shop"),
    element("p", "", "Browsing marks the session: each button adds one segment, and the panel below shows it."),
  );
  const row = element("div", "row", "");
  for (const product of ["shoes", "tents", "maps"]) {
    const button = element("button", "secondary", `Interested in ${product}`);
    button.dataset.segment = `interested_${product}`;
    button.addEventListener("click", () => Crisp.session.setSegments([`interested_${product}`]));
    row.append(button);
  }
  outlet.append(row);
  return undefined;
};

const account: Page = (outlet) => {
  const list = element("div", "chips", "");
  list.id = "account-segments";
  outlet.append(
    element("h2", "", "Account"),
    element("p", "", "This page listens to segment changes while it is shown, and stops listening when you leave it."),
    list,
  );
  showChips(list, Crisp.session.getSegments());
  return Crisp.session.onSegmentsChanged((segments) => showChips(list, segments));
};

const outlet = document.getElementById("view");
const tabs = document.getElementById("tabs");
if (outlet && tabs) {
  startRouter(
    new Map([
      ["/shop", shop],
      ["/account", account],
    ]),
    "/shop",
    outlet,
    tabs,
  );
}
