// Types of webhook-receiver.mjs, for the tests that start it.
import type { WebhookBody } from "../src/server";

export interface ReceiverOptions {
  /** The endpoint's secret, whsec_…. */
  secret: string;
  /** Default 8790; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Told each verified event once (a repeated webhook-id is dropped). */
  onEvent?: (event: WebhookBody, id: string) => void;
  /** Default console.log. */
  log?: (line: string) => void;
}

export interface RunningReceiver {
  url: string;
  close(): Promise<void>;
}

export function startReceiver(options: ReceiverOptions): Promise<RunningReceiver>;
