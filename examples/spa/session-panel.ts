/**
 * The session panel: the segment controls and the three views (this browser, the service, errors), bound to the
 * npm API. It lives outside the router's outlet, so it stays mounted across the app's navigations.
 */
import { Crisp } from "crisp-segments";

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
};

/** Segment chips, or a muted note when there are none. Text only: no value is ever parsed as HTML. */
export function showChips(container: HTMLElement, segments: readonly string[], emptyText = "none"): void {
  const nodes = segments.map((segment) => element("span", "chip", segment));
  container.replaceChildren(...(nodes.length > 0 ? nodes : [element("span", "empty", emptyText)]));
}

export function element(tag: string, className: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

export function mountSessionPanel(websiteId: string): void {
  const input = byId<HTMLInputElement>("segments-input");
  /** "a, b ,,c" → ["a", "b", "c"]; the SDK checks each segment and reports a refused command as an error. */
  const segments = (): string[] =>
    input.value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
  // Acknowledged changes show at once; a refusal reaches onError, so the rejection needs no handling here.
  const changed = (): void => void Crisp.session.flush().then(showStatus, () => {});

  byId("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    Crisp.session.setSegments(segments());
    changed();
  });
  byId("remove").addEventListener("click", () => {
    Crisp.session.removeSegments(segments());
    changed();
  });
  byId("replace").addEventListener("click", () => {
    Crisp.session.setSegments(segments(), true);
    changed();
  });
  byId("reset").addEventListener("click", () => {
    // A new session starts clean: the old session's errors are not this one's.
    errors.length = 0;
    showErrors();
    Crisp.session.reset();
    changed();
  });

  const errors: string[] = [];
  const showErrors = (): void => {
    byId("errors").replaceChildren(...errors.slice(0, 8).map((text) => element("li", "", text)));
  };
  Crisp.onError((error) => {
    errors.unshift(`${error.code}: ${error.message}`);
    showErrors();
  });

  // What the service holds, read from the protocol's GET route. Only the newest read is shown.
  let reads = 0;
  async function readService(sessionId: string): Promise<void> {
    const read = ++reads;
    const url = `/v1/website/${encodeURIComponent(websiteId)}/session/${encodeURIComponent(sessionId)}/segments`;
    try {
      const body = (await (await fetch(url)).json()) as ServiceAnswer;
      if (read !== reads) return;
      if (body.error) throw new Error(`${body.reason}: ${body.data.message}`);
      showChips(byId("service"), body.data.segments);
      byId("service-revision").textContent = String(body.data.revision);
      byId("service-time").textContent = new Date().toLocaleTimeString();
    } catch (error) {
      if (read === reads) showChips(byId("service"), [], `could not read: ${(error as Error).message}`);
    }
  }

  // The status follows the list and `session:synced`; the service is read again whenever the session is synced
  // with a state not read yet (a change acknowledged, a reset, another tab's change, an operator's change).
  let lastRead = "";
  function showStatus(): void {
    const sessionId = Crisp.session.getIdentifier();
    if (sessionId === null) return;
    const synced = Crisp.session.isSynced();
    byId("session-id").textContent = sessionId;
    const badge = byId("synced");
    badge.dataset.state = synced ? "synced" : "pending";
    badge.textContent = synced ? "synced" : "pending";
    const state = `${sessionId} ${JSON.stringify(Crisp.session.getSegments())}`;
    if (synced && state !== lastRead) {
      lastRead = state;
      void readService(sessionId);
    }
  }

  Crisp.session.onSegmentsChanged((list) => {
    showChips(byId("local"), list);
    showStatus();
  });
  Crisp.session.onLoaded(() => {
    showChips(byId("local"), Crisp.session.getSegments());
    showStatus();
  });
  Crisp.session.onSynced(showStatus);
}

type ServiceAnswer =
  | { error: false; reason: string; data: { segments: string[]; revision: number } }
  | { error: true; reason: string; data: { message: string } };
