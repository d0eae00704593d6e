/** Which route a path names. Pure; the ids stay raw, to be checked by the route that uses them. */
export type Route = 
/** The protocol route the SDK calls. */
{
    kind: "session";
    websiteId: string;
    sessionId: string;
}
/** The operators' REST routes, behind a bearer token. */
 | {
    kind: "api-session";
    websiteId: string;
    sessionId: string;
} | {
    kind: "api-sessions";
    websiteId: string;
};
/** `basePath` is "" or "/a/b", with no trailing slash. */
export declare function matchRoute(pathname: string, basePath: string): Route | undefined;
/** Makes a configured base path canonical: "" or a leading slash and no trailing one. */
export declare function normalizeBasePath(basePath?: string): string;
