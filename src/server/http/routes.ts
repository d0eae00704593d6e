/** The paths of the service's routes, under an optional base path. Hono matches them; the ids stay raw strings. */

export interface RoutePaths {
  /** The protocol route the SDK calls. */
  session: string;
}

export function routePaths(basePath: string): RoutePaths {
  return {
    session: `${basePath}/v1/website/:website/session/:session/segments`,
  };
}

/** Makes a configured base path canonical: "" or a leading slash and no trailing one. */
export function normalizeBasePath(basePath = ""): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
