// The script-tag example's controls and views. Everything goes through the `$crisp` queue: pushes made before
// the SDK has loaded wait in the array and run, in order, once it has. Values are shown with textContent only.
(function () {
  "use strict";

  var WEBSITE_ID = window.CRISP_WEBSITE_ID;
  var $ = function (id) { return document.getElementById(id); };
  var input = $("segments-input");

  /** "a, b ,,c" → ["a", "b", "c"]; the SDK checks each segment and reports a refused command as an error. */
  function segmentsFromInput() {
    return input.value.split(",").map(function (part) { return part.trim(); }).filter(Boolean);
  }

  $("controls").addEventListener("submit", function (event) {
    event.preventDefault();
    $crisp.push(["set", "session:segments", [segmentsFromInput()]]);
  });
  $("remove").addEventListener("click", function () {
    $crisp.push(["do", "session:segments:remove", [segmentsFromInput()]]);
  });
  $("replace").addEventListener("click", function () {
    $crisp.push(["set", "session:segments", [segmentsFromInput(), true]]);
  });
  $("reset").addEventListener("click", function () {
    $crisp.push(["do", "session:reset"]);
  });

  function showChips(container, segments, emptyText) {
    var nodes = segments.map(function (segment) {
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = segment;
      return chip;
    });
    if (nodes.length === 0) {
      var empty = document.createElement("span");
      empty.className = "empty";
      empty.textContent = emptyText;
      nodes.push(empty);
    }
    container.replaceChildren.apply(container, nodes);
  }

  var errors = [];
  function showError(error) {
    errors.unshift(error.code + ": " + error.message);
    var items = errors.slice(0, 8).map(function (text) {
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
    var url = "/v1/website/" + encodeURIComponent(WEBSITE_ID) + "/session/" + encodeURIComponent(sessionId) + "/segments";
    fetch(url)
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (read !== reads) return;
        if (body.error) throw new Error(body.reason + ": " + body.data.message);
        showChips($("service"), body.data.segments, "none");
        $("service-revision").textContent = String(body.data.revision);
        $("service-time").textContent = new Date().toLocaleTimeString();
      })
      .catch(function (error) {
        if (read !== reads) return;
        showChips($("service"), [], "could not read: " + error.message);
      });
  }

  // No event says when a change was acknowledged, so the status is polled; the service is read again whenever
  // the session is synced with a state not read yet (a change acknowledged, a reset, another tab's change).
  var lastRead = "";
  function showStatus() {
    var sessionId = $crisp.get("session:identifier");
    var synced = $crisp.is("session:synced");
    $("session-id").textContent = sessionId;
    $("synced").dataset.state = synced ? "synced" : "pending";
    $("synced").textContent = synced ? "synced" : "pending";
    var state = sessionId + " " + JSON.stringify($crisp.get("session:segments"));
    if (synced && state !== lastRead) {
      lastRead = state;
      readService(sessionId);
    }
  }

  $crisp.push(
    ["on", "error", showError],
    ["on", "session:segments:changed", function (segments) {
      showChips($("local"), segments, "none");
      showStatus();
    }],
    ["on", "session:loaded", function () {
      showChips($("local"), $crisp.get("session:segments"), "none");
      showStatus();
      setInterval(showStatus, 200);
    }]
  );
})();
