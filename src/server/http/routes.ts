/** Which route a path names. Pure; the ids stay raw, to be checked by the route that uses them. */

export type Route =
  /** The protocol route the SDK calls. */
  | { kind: "session"; websiteId: string; sessionId: string }
  /** The operators' REST routes, behind a bearer token. */
  | { kind: "api-session"; websiteId: string; sessionId: string }
  | { kind: "api-sessions"; websiteId: string };

const TEMPLATES: ReadonlyArray<[Route["kind"], string[]]> = [
  ["session", ["v1", "website", ":website", "session", ":session", "segments"]],
  ["api-session", ["v1", "api", "website", ":website", "session", ":session", "segments"]],
  ["api-sessions", ["v1", "api", "website", ":website", "sessions"]],
];

/** `basePath` is "" or "/a/b", with no trailing slash. */
export function matchRoute(pathname: string, basePath: string): Route | undefined {
  if (!pathname.startsWith(`${basePath}/`)) return undefined;
  const parts = pathname.slice(basePath.length + 1).split("/");
  for (const [kind, template] of TEMPLATES) {
    if (template.length !== parts.length) continue;
    const params = new Map<string, string>();
    const matches = template.every((expected, index) => {
      const part = parts[index] ?? "";
      if (expected.startsWith(":")) params.set(expected, part);
      return expected.startsWith(":") || expected === part;
    });
    if (!matches) continue;
    const websiteId = params.get(":website") ?? "";
    const sessionId = params.get(":session") ?? "";
    return kind === "api-sessions" ? { kind, websiteId } : { kind, websiteId, sessionId };
  }
  return undefined;
}

/** Makes a configured base path canonical: "" or a leading slash and no trailing one. */
export function normalizeBasePath(basePath = ""): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
