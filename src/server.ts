/**
 * `crisp-segments/server`: the reference segments service. A fetch-standard handler, its stores, and a Node
 * adapter. The SQLite store needs the optional peer dependency better-sqlite3; nothing else here does.
 */
export { createSegmentsHandler, type RequestContext, type SegmentsHandler } from "./server/handler.js";
export { createMemoryStore } from "./server/memory-store.js";
export {
  createNodeListener,
  type FetchHandler,
  type NodeAdapterOptions,
  type RunningServer,
  type ServeNodeOptions,
  serveNode,
  toRequest,
  writeResponse,
} from "./server/node-adapter.js";
export type { RateLimitOptions, SegmentsHandlerOptions, WebsiteOptions } from "./server/options.js";
export type { RateLimit } from "./server/rate-limit.js";
export { createSqliteStore, type SqliteSegmentsStore, type SqliteStoreOptions } from "./server/sqlite-store.js";
export { createStaticFiles, type StaticFilesOptions } from "./server/static-files.js";
export type {
  ChangeResult,
  EditResult,
  SegmentsStore,
  SessionState,
  SessionSummary,
} from "./server/store.js";
