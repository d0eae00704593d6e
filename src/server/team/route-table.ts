/** One REST path: behind the operators' guard, its methods, and a 405 naming them for any other. */
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import { failure } from "../http/responses.js";

export type TeamContext = Context<SegmentsEnv>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = (c: TeamContext) => Promise<Response>;

export function addRoute(
  app: Hono<SegmentsEnv>,
  path: string,
  guard: MiddlewareHandler<SegmentsEnv>,
  handlers: Partial<Record<Method, Handler>>,
): void {
  app.use(path, guard);
  for (const [method, handler] of Object.entries(handlers)) app.on(method, path, handler);
  const allow = Object.keys(handlers).join(", ");
  app.all(path, (c) => failure(c, "method_not_allowed", `use ${allow}`, { Allow: allow }));
}
