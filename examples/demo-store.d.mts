// Types of demo-store.mjs, for the tests that open it.
import type { ChangeFeed, SegmentsStore } from "../src/server";

export interface DemoStoreOptions {
  /** "sqlite" (default), "memory" or "postgres". */
  store?: string;
  /** Where segments.db lives, for "sqlite". */
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

export function openStore(options: DemoStoreOptions): Promise<SegmentsStore & ChangeFeed>;
