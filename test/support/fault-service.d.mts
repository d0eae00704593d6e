// Types of fault-service.mjs.

/** A fetch-standard segments handler, as `createSegmentsHandler` makes it. */
export type FetchHandler = (request: Request, context: { clientAddress: string }) => Promise<Response>;

/**
 * What to do with a protocol request instead of handing it to the service: answer this (`headers` may be a
 * function, called as the answer is made), hang up before answering, or wait first and then hand it over.
 */
export type Fault =
  | {
      status: number;
      reason?: string;
      headers?: Record<string, string> | (() => Record<string, string>);
      body?: unknown;
    }
  | { drop: true }
  | { delayMs: number };

export interface SeenRequest {
  method: string;
  path: string;
  sessionId: string;
  origin: string | undefined;
  contentType: string | undefined;
  body: string;
  /** Date.now() when it arrived. */
  at: number;
  /** What it got instead of the service's answer: "drop", "delay", a status, or null (served). */
  fault: string | null;
  retryAfter: string | null;
}

export interface FaultService {
  url: string;
  /** Extra pages: path → HTML. */
  pages: Map<string, string>;
  /** Protocol requests, in arrival order. */
  requests: SeenRequest[];
  posts(): SeenRequest[];
  requestsOf(sessionId: string): SeenRequest[];
  /** Faults for the next protocol requests, one each, in order. */
  inject(...faults: Fault[]): void;
  /** While set, every protocol request gets this fault. */
  setDown(fault: Fault | null): void;
  /** Faults injected and not yet used. */
  pendingFaults(): number;
  clearFaults(): void;
  /** Closes the sockets that carry no request now (kept-alive ones), so that the next request opens one. */
  closeIdleConnections(): void;
  /** Bytes read (requests) and written (answers) on all sockets so far, headers included. */
  bytes(): { read: number; written: number };
  close(): Promise<void>;
}

export function startFaultService(options: {
  createHandler: (url: string) => FetchHandler;
  /** The file served as /dist/crisp-segments.js. */
  script: string;
  pages?: Map<string, string>;
}): Promise<FaultService>;
