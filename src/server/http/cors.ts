/**
 * Origins. CORS alone cannot stop a simple POST from reaching the service, so the handler checks `Origin` itself
 * against the origins each website allows, and refuses the others before changing anything.
 */

export type OriginCheck = (origin: string) => boolean;

/** Compiles a configured list: exact origins such as "https://shop.example", or "*" for any page at all. */
export function compileOrigins(list: readonly string[]): OriginCheck {
  if (list.includes("*")) return () => true;
  const origins = new Set(
    list.map((entry) => {
      const origin = new URL(entry).origin;
      if (origin === "null") throw new TypeError(`allowed origin ${JSON.stringify(entry)} has no web origin`);
      return origin;
    }),
  );
  return (origin) => origins.has(origin);
}

/**
 * Lets the page that sent `origin` read the answer. Every answer, errors included, is readable so that the SDK can
 * tell a refusal (403, 404: stop) from a network failure (retry); an error carries no session data.
 */
export function addCorsHeaders(response: Response, origin: string | null): Response {
  response.headers.append("Vary", "Origin");
  if (origin !== null) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Access-Control-Expose-Headers", "Retry-After");
  }
  return response;
}

/** The answer to a preflight from an allowed origin; the SDK never needs one, other clients may. */
export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      Allow: "GET, POST, OPTIONS",
      "Access-Control-Allow-Methods": "GET, POST",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "86400",
    },
  });
}
