/** A hash router small enough to read at a glance: `#/shop` shows the page registered as "/shop". */

/** Draws a page into the outlet; returns what to undo when the app leaves it. */
export type Page = (outlet: HTMLElement) => (() => void) | undefined;

export function startRouter(
  pages: ReadonlyMap<string, Page>,
  fallback: string,
  outlet: HTMLElement,
  tabs: HTMLElement,
): void {
  let leave: (() => void) | undefined;
  const show = (): void => {
    const path = location.hash.slice(1);
    const page = pages.get(path);
    if (page === undefined) {
      location.replace(`#${fallback}`);
      return;
    }
    leave?.();
    outlet.replaceChildren();
    leave = page(outlet);
    for (const tab of tabs.querySelectorAll("a")) {
      if (tab.getAttribute("href") === `#${path}`) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
  };
  addEventListener("hashchange", show);
  show();
}
