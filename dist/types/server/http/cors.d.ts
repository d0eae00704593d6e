/**
 * Origins. CORS alone cannot stop a simple POST from reaching the service, so the handler checks `Origin` itself
 * against the origins each website allows, and refuses the others before changing anything.
 *
 * Not Hono's `cors()`: it answers every preflight 204, refused origins included, and it writes its headers onto
 * `c.res` before the route runs, which makes Hono copy every answer into a new Response (a cost on each request).
 */
import type { Context } from "hono";
export type OriginCheck = (origin: string) => boolean;
/** Compiles a configured list: exact origins such as "https://shop.example", or "*" for any page at all. */
export declare function compileOrigins(list: readonly string[]): OriginCheck;
/**
 * Lets the page that sent `origin` read the answer about to be made. Every answer, errors included, is readable so
 * that the SDK can tell a refusal (403, 404: stop) from a network failure (retry); an error carries no session data.
 */
export declare function allowReading(c: Context, origin: string | undefined): void;
/** The answer to a preflight from an allowed origin; the SDK never needs one, other clients may. */
export declare function preflight(c: Context): Response;
