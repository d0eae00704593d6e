/** The paths of the service's routes, under an optional base path. Hono matches them; the ids stay raw strings. */

export interface RoutePaths {
  /** The protocol route the SDK calls. */
  session: string;
  /** The operators' REST routes, behind a bearer token. */
  apiSession: string;
  apiSessions: string;
}

export function routePaths(basePath: string): RoutePaths {
  return {
    session: `${basePath}/v1/website/:website/session/:session/segments`,
    apiSession: `${basePath}/v1/api/website/:website/session/:session/segments`,
    apiSessions: `${basePath}/v1/api/website/:website/sessions`,
  };
}

/** Makes a configured base path canonical: "" or a leading slash and no trailing one. */
export function normalizeBasePath(basePath = ""): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
