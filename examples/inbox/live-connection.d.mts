// Types of live-connection.mjs, for its tests.
import type { StreamEvent } from "./sse-parser.mjs";

export type LiveState = "connecting" | "live" | "retrying" | "refused";

export interface LiveOptions {
  open: (signal: AbortSignal) => Promise<Response>;
  onEvent: (event: StreamEvent) => void;
  onState: (state: LiveState, detail?: Response) => void;
  silenceMs?: number;
  delays?: readonly number[];
}

export const RECONNECT_DELAYS: readonly number[];
export function keepLive(options: LiveOptions): () => void;
