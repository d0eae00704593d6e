/** One REST path: behind the operators' guard, its methods, and a 405 naming them for any other. */
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
export type TeamContext = Context<SegmentsEnv>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = (c: TeamContext) => Promise<Response>;
export declare function addRoute(app: Hono<SegmentsEnv>, path: string, guard: MiddlewareHandler<SegmentsEnv>, handlers: Partial<Record<Method, Handler>>): void;
export {};
