/**
 * Conversations (a conversation is a visitor's session): Crisp's "Get/Update Conversation Metas" and "List
 * Conversations", and our atomic segment edit. Segments written here change the session's list, never the SDK's
 * revision: the visitor's page sees the new list on its next read.
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { SegmentsEnv } from "../http/options.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
export declare function addConversationRoutes(app: Hono<SegmentsEnv>, { store }: TeamConfig, paths: TeamPaths, guard: MiddlewareHandler<SegmentsEnv>): void;
