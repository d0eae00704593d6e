/**
 * Origins. CORS alone cannot stop a simple POST from reaching the service, so the handler checks `Origin` itself
 * against the origins each website allows, and refuses the others before changing anything.
 */
export type OriginCheck = (origin: string) => boolean;
/** Compiles a configured list: exact origins such as "https://shop.example", or "*" for any page at all. */
export declare function compileOrigins(list: readonly string[]): OriginCheck;
/**
 * Lets the page that sent `origin` read the answer. Every answer, errors included, is readable so that the SDK can
 * tell a refusal (403, 404: stop) from a network failure (retry); an error carries no session data.
 */
export declare function addCorsHeaders(response: Response, origin: string | null): Response;
/** The answer to a preflight from an allowed origin; the SDK never needs one, other clients may. */
export declare function preflight(): Response;
