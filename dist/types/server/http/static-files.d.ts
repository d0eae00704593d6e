export interface StaticFilesOptions {
    /** The folder served. */
    root: string;
    /** The URL path it is served at, e.g. "/examples/"; "/" serves it at the top. */
    prefix: string;
}
/** Answers the requests under `prefix`; any other request resolves to undefined, for the next handler to take. */
export declare function createStaticFiles(options: StaticFilesOptions): (request: Request) => Promise<Response | undefined>;
