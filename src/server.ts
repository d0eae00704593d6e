/**
 * `crisp-segments/server`: the reference segments service. A fetch-standard handler (a Hono app inside), its
 * stores, and a Node adapter (@hono/node-server). The SQLite store needs the optional peer dependency
 * better-sqlite3, the PostgreSQL store `postgres`; each is loaded only when its store is made. Webhooks: the stores
 * keep the endpoints and the outbox, the handler's REST routes configure them, and a delivery worker you start
 * (`createDeliveryWorker({ store })`) sends them, signed with `standardwebhooks`.
 */
export type { AutomationsStore } from "./server/automations/automations-store.js";
export { type BackoffPolicy, DEFAULT_BACKOFF } from "./server/automations/backoff.js";
export {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from "./server/automations/delivery-worker.js";
export {
  checkEndpoint,
  type EndpointCheck,
  isSecret,
  type NewEndpoint,
  newSecret,
  type WebhookEndpoint,
} from "./server/automations/endpoints.js";
export {
  EVENT_NAMES,
  type EventName,
  type PeopleSegmentsData,
  type SessionSegmentsData,
  type WebhookBody,
} from "./server/automations/events.js";
export type { Delivery, DeliveryQuery, DeliveryState, ReplayTarget } from "./server/automations/outbox.js";
export { createSegmentsHandler, type SegmentsHandler } from "./server/http/handler.js";
export {
  createNodeListener,
  type FetchHandler,
  type NodeAdapterOptions,
  type RunningServer,
  type ServeNodeOptions,
  serveNode,
} from "./server/http/node-adapter.js";
export type {
  RateLimitOptions,
  RequestContext,
  SegmentsHandlerOptions,
  WebsiteOptions,
} from "./server/http/options.js";
export type { RateLimit } from "./server/http/rate-limit.js";
export { createStaticFiles, type StaticFilesOptions } from "./server/http/static-files.js";
export { createMemoryStore } from "./server/storage/memory-store.js";
export {
  createPostgresStore,
  type PostgresSegmentsStore,
  type PostgresStoreOptions,
} from "./server/storage/postgres-store.js";
export type {
  ChangeFeed,
  ChangeListener,
  ChangeResult,
  EditResult,
  SegmentsStore,
  SessionChange,
  SessionState,
  SessionSummary,
} from "./server/storage/segments-store.js";
export { createSqliteStore, type SqliteSegmentsStore, type SqliteStoreOptions } from "./server/storage/sqlite-store.js";
export type {
  BatchResult,
  BatchTarget,
  Contact,
  ContactChange,
  ContactPatch,
  ContactQuery,
  ContactResult,
  Conversation,
  ConversationMeta,
  ConversationQuery,
  NewContact,
  PageQuery,
  SegmentCount,
  SegmentFilter,
  StoreChange,
  TeamStore,
} from "./server/storage/team-store.js";
export type { OperatorOptions } from "./server/team/operators.js";
