// The script-tag example's controls and views. Everything goes through the `$crisp` queue: pushes made before
// the SDK has loaded wait in the array and run, in order, once it has. Values are shown with textContent only.
(() => {
  var WEBSITE_ID = window.CRISP_WEBSITE_ID;
  var $ = (id) => document.getElementById(id);
  var input = $("segments-input");

  /** "a, b ,,c" → ["a", "b", "c"]; the SDK checks each segment and reports a refused command as an error. */
  function segmentsFromInput() {
    return input.value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
  }

  $("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    $crisp.push(["set", "session:segments", [segmentsFromInput()]]);
  });
  $("remove").addEventListener("click", () => {
    $crisp.push(["do", "session:segments:remove", [segmentsFromInput()]]);
  });
  $("replace").addEventListener("click", () => {
    $crisp.push(["set", "session:segments", [segmentsFromInput(), true]]);
  });
  $("reset").addEventListener("click", () => {
    // A new session starts clean: the old session's errors are not this one's.
    errors = [];
    showErrors();
    $crisp.push(["do", "session:reset"]);
    // A reset of an empty list changes no list and no sync state, yet the session id is new.
    showStatus();
  });

  function showChips(container, segments, emptyText) {
    var nodes = segments.map((segment) => {
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = segment;
      return chip;
    });
    if (nodes.length === 0) {
      const empty = document.createElement("span");
      empty.className = "empty";
      empty.textContent = emptyText;
      nodes.push(empty);
    }
    container.replaceChildren.apply(container, nodes);
  }

  var errors = [];
  function showError(error) {
    errors.unshift(`${error.code}: ${error.message}`);
    showErrors();
  }
  function showErrors() {
    var items = errors.slice(0, 8).map((text) => {
      var item = document.createElement("li");
      item.textContent = text;
      return item;
    });
    $("errors").replaceChildren.apply($("errors"), items);
  }

  // What the service holds, read from the protocol's GET route. Only the newest read is shown.
  var reads = 0;
  function readService(sessionId) {
    var read = ++reads;
    var url = `/v1/website/${encodeURIComponent(WEBSITE_ID)}/session/${encodeURIComponent(sessionId)}/segments`;
    fetch(url)
      .then((response) => response.json())
      .then((body) => {
        if (read !== reads) return;
        if (body.error) throw new Error(`${body.reason}: ${body.data.message}`);
        showChips($("service"), body.data.segments, "none");
        $("service-revision").textContent = String(body.data.revision);
        $("service-time").textContent = new Date().toLocaleTimeString();
      })
      .catch((error) => {
        if (read !== reads) return;
        showChips($("service"), [], `could not read: ${error.message}`);
      });
  }

  // The status follows the list and `session:synced`; the service is read again whenever the session is synced
  // with a state not read yet (a change acknowledged, a reset, another tab's change, an operator's change).
  var lastRead = "";
  function showStatus() {
    var sessionId = $crisp.get("session:identifier");
    var synced = $crisp.is("session:synced");
    $("session-id").textContent = sessionId;
    $("synced").dataset.state = synced ? "synced" : "pending";
    $("synced").textContent = synced ? "synced" : "pending";
    var state = `${sessionId} ${JSON.stringify($crisp.get("session:segments"))}`;
    if (synced && state !== lastRead) {
      lastRead = state;
      readService(sessionId);
    }
  }

  $crisp.push(
    ["on", "error", showError],
    [
      "on",
      "session:segments:changed",
      (segments) => {
        showChips($("local"), segments, "none");
        showStatus();
      },
    ],
    [
      "on",
      "session:loaded",
      () => {
        showChips($("local"), $crisp.get("session:segments"), "none");
        showStatus();
      },
    ],
    ["on", "session:synced", showStatus],
  );
})();
