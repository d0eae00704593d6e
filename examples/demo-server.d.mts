// Types of demo-server.mjs, for the tests that start it.
import type { AutomationsStore, ChangeFeed, DeliveryWorkerOptions, SegmentsStore } from "../src/server";

export interface DemoOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Where segments.db lives. Default: the project's data/ folder. */
  dataDir?: string;
  /** Website ids accepted. Default ["demo-website"]. */
  websites?: string[];
  /** Page origins allowed besides the demo's own (SEGMENTS_ORIGINS); "*" allows any page. */
  origins?: string[];
  /** Host names (with port) the demo's pages answer to besides its own (SEGMENTS_HOSTS). */
  hosts?: string[];
  /** The REST API's operator (SEGMENTS_OPERATOR_IDENTIFIER, SEGMENTS_OPERATOR_KEY); default: a pair made at first start and kept in dataDir. */
  operator?: { identifier: string; key: string };
  /** Which store (SEGMENTS_STORE): "sqlite" (default, in dataDir), "memory" or "postgres". */
  store?: string;
  /** For "postgres" (DATABASE_URL). */
  databaseUrl?: string;
  /** For "postgres" (SEGMENTS_DB_SCHEMA). Default "crisp_segments". */
  databaseSchema?: string;
  /** A webhook endpoint of the first website, made at start if none has that URL (SEGMENTS_WEBHOOK_URL, SEGMENTS_WEBHOOK_SECRET). */
  webhook?: { url: string; secret?: string };
  /** The delivery worker's options besides its store (tests shorten its backoff). */
  deliveryWorker?: Omit<DeliveryWorkerOptions, "store">;
}

export interface DemoWebhook {
  endpointId: string;
  url: string;
  secret: string;
  /** Where the secret came from: the environment, an earlier start's endpoint, or made at this start. */
  source: "environment" | "stored" | "generated";
}

export interface DemoOperator {
  identifier: string;
  key: string;
  /** Where the pair came from: the environment, the data folder's file, or made at this start. */
  source: "environment" | "stored" | "generated";
  /** The file that keeps a pair the demo made. */
  file?: string;
}

export interface RunningDemo {
  url: string;
  port: number;
  store: SegmentsStore & ChangeFeed & AutomationsStore;
  operator: DemoOperator;
  websites: string[];
  /** The endpoint made or reused at start for `webhook`. */
  webhook?: DemoWebhook;
  close(): Promise<void>;
}

export function startDemo(options?: DemoOptions): Promise<RunningDemo>;
