// The demo's two generated pages, the index and the operator inbox. Every value shown is escaped.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (char)]);
}

/** @param {string} title @param {string} body */
function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/examples/demo.css">
</head>
<body>
<nav><a href="/">Demo</a><a href="/inbox">Operator inbox</a></nav>
${body}
</body>
</html>
`;
}

/** Known examples, shown when their folder has an index.html. */
export const EXAMPLES = [
  {
    path: "script-tag",
    title: "Script tag",
    description: "The classic snippet: $crisp.push before and after the SDK loads.",
  },
  { path: "spa", title: "Single-page app", description: "The npm entry, bundled with rollup, in a small app." },
];

/**
 * @param {{ examples: typeof EXAMPLES, websites: string[], url: string }} options
 */
export function renderIndex({ examples, websites, url }) {
  const cards = examples
    .map(
      (example) => `<a class="card" href="/examples/${escapeHtml(example.path)}/">
<h3>${escapeHtml(example.title)}</h3><p>${escapeHtml(example.description)}</p></a>`,
    )
    .join("\n");
  const ids = websites.map((id) => `<code>${escapeHtml(id)}</code>`).join(", ");
  return page(
    "crisp-segments demo",
    `<h1>crisp-segments demo</h1>
<p class="lead">Session segments set in the browser, synced to the reference service, stored in SQLite.</p>
<h2>Examples</h2>
${cards || '<p class="empty">No example pages found under examples/.</p>'}
<h2>Operators</h2>
<a class="card" href="/inbox">
<h3>Inbox</h3><p>Every session the service holds, with its segments.</p></a>
<h2>Service</h2>
<p>Endpoint <code>${escapeHtml(url)}</code>; website ids accepted: ${ids}.</p>`,
  );
}

/**
 * A session id is its visitor's capability (docs/protocol.md): the inbox shows enough to tell sessions apart, not
 * enough to act as one. The REST routes, behind the API token, give the full ids.
 * @param {string} sessionId
 */
function shortId(sessionId) {
  return `${sessionId.slice(0, "session_".length + 8)}…`;
}

/** @param {string[]} segments */
function chips(segments) {
  if (segments.length === 0) return '<span class="empty">none</span>';
  return segments.map((segment) => `<span class="chip">${escapeHtml(segment)}</span>`).join("");
}

/**
 * @param {{ websites: Array<{ id: string, sessions: import("../src/server").SessionSummary[] }> }} options
 */
export function renderInbox({ websites }) {
  const sections = websites.map(({ id, sessions }) => {
    const rows = sessions
      .map(
        (session) => `<tr>
<td><code title="shortened: a full session id lets its holder read and change the session">${escapeHtml(shortId(session.sessionId))}</code></td>
<td>${chips(session.segments)}</td>
<td>${escapeHtml(session.revision)}</td>
<td class="time">${escapeHtml(new Date(session.updatedAt).toISOString().replace("T", " ").slice(0, 19))} UTC</td>
</tr>`,
      )
      .join("\n");
    return `<h2>Website <code>${escapeHtml(id)}</code></h2>
${
  sessions.length
    ? `<table><thead><tr><th>Session</th><th>Segments</th><th>Revision</th><th>Updated</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : '<p class="empty">No sessions yet. Open an example page and set a segment.</p>'
}`;
  });
  return page(
    "Operator inbox · crisp-segments demo",
    `<h1>Operator inbox</h1>
<p class="lead">The sessions the service holds, most recently changed first. <a href="/inbox">Refresh</a></p>
${sections.join("\n")}`,
  );
}
