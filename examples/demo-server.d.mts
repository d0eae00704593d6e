// Types of demo-server.mjs, for the tests that start it.
import type { ChangeFeed, SegmentsStore } from "../src/server";

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
  store: SegmentsStore & ChangeFeed;
  operator: DemoOperator;
  websites: string[];
  close(): Promise<void>;
}

export function startDemo(options?: DemoOptions): Promise<RunningDemo>;
