/** The paths of the service's routes, under an optional base path. Hono matches them; the ids stay raw strings. */
export interface RoutePaths {
    /** The protocol route the SDK calls. */
    session: string;
}
export declare function routePaths(basePath: string): RoutePaths;
/** Makes a configured base path canonical: "" or a leading slash and no trailing one. */
export declare function normalizeBasePath(basePath?: string): string;
