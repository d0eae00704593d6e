// The demo's two generated pages, the index and the operator inbox's shell. Every value shown is escaped.

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
<nav><a href="/">Demo</a><a href="/inbox">Operator inbox</a><a href="/rules">Rules</a></nav>
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
<h3>Inbox</h3><p>Conversations and contacts with their segments: filter, assign, remove, live.</p></a>
<a class="card" href="/rules">
<h3>Rules</h3><p>When a segment is added or removed, an email matches, a contact is created: add or remove
segments, send to a webhook.</p></a>
<h2>Service</h2>
<p>Endpoint <code>${escapeHtml(url)}</code>; website ids accepted: ${ids}.</p>`,
  );
}

/**
 * The inbox page (examples/inbox/index.html), its website menu filled with the demo's websites. Nothing else of
 * the service is in it: the operator signs in, and the page's script reads the REST API.
 * @param {string} template
 * @param {string[]} websites
 */
export function renderInbox(template, websites) {
  const options = websites.map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`).join("");
  return template.replace("<!--websites-->", options);
}
