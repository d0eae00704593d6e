/**
 * A small static file server as a fetch handler, for the demo's pages and built scripts. It serves only regular
 * files under its root: no `..`, no hidden files, no symbolic link that leads out of the root.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".ico": "image/x-icon",
};

export interface StaticFilesOptions {
  /** The folder served. */
  root: string;
  /** The URL path it is served at, e.g. "/examples/"; "/" serves it at the top. */
  prefix: string;
}

/** Answers the requests under `prefix`; any other request resolves to undefined, for the next handler to take. */
export function createStaticFiles(options: StaticFilesOptions): (request: Request) => Promise<Response | undefined> {
  const prefix = options.prefix.endsWith("/") ? options.prefix : `${options.prefix}/`;
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (`${pathname}/` === prefix) return redirect(prefix);
    if (!pathname.startsWith(prefix)) return undefined;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return text(405, "Method not allowed", { Allow: "GET, HEAD" });
    }
    const parts = safeParts(pathname.slice(prefix.length));
    if (parts === undefined) return text(404, "Not found");
    const file = await resolveFile(options.root, parts);
    if (file === "directory") return redirect(`${pathname}/`);
    if (file === undefined) return text(404, "Not found");
    const body = await readFile(file);
    return new Response(request.method === "HEAD" ? null : body, {
      headers: {
        "Content-Type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "Content-Length": String(body.byteLength),
        "X-Content-Type-Options": "nosniff",
        // The demo serves files that change while it runs; always revalidate.
        "Cache-Control": "no-cache",
      },
    });
  };
}

/** The decoded path segments, or undefined for anything that could step outside the root or reveal a dot file. */
function safeParts(path: string): string[] | undefined {
  const parts: string[] = [];
  for (const raw of path.split("/")) {
    let part: string;
    try {
      part = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (part.startsWith(".") || /[/\\\0]/.test(part)) return undefined;
    parts.push(part);
  }
  // A trailing slash names a folder's index page.
  if (parts[parts.length - 1] === "") parts[parts.length - 1] = "index.html";
  return parts.includes("") ? undefined : parts;
}

async function resolveFile(root: string, parts: string[]): Promise<string | "directory" | undefined> {
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, ...parts));
    if (!file.startsWith(realRoot + sep)) return undefined;
    const info = await stat(file);
    if (info.isDirectory()) return "directory";
    return info.isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function redirect(location: string): Response {
  return new Response(null, { status: 301, headers: { Location: location } });
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}
