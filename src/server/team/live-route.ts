/**
 * `GET /v1/website/{website_id}/live`: the store's change feed for one website, as server-sent events, for an
 * inbox that shows changes as they happen. `ready` once listening (a client re-reads what it shows then: changes
 * made while it was away are not replayed), then `session` and `people` per stored change, and a comment line as a
 * heartbeat so that proxies and clients can tell a quiet stream from a dead one. On PostgreSQL the feed is
 * LISTEN/NOTIFY, so a stream on any instance hears every instance's changes.
 */
import type { Context, Hono, MiddlewareHandler } from "hono";
import { type SSEMessage, type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { Config, SegmentsEnv } from "../http/options.js";
import { failure } from "../http/responses.js";
import { isContactChange, type StoreChange, type TeamStore } from "../storage/team-store.js";
import { requireOperator } from "./operator-auth.js";
import { REST_OFF_MESSAGE } from "./team-routes.js";

export const LIVE_HEARTBEAT_MS = 25_000;
/** A client that reads slower than the website changes is dropped past this many unsent events; it reconnects. */
export const MAX_UNSENT_EVENTS = 1000;

export interface LiveRouteOptions {
  /** The route's path, with a `:website` parameter. */
  path: string;
  feed: Pick<TeamStore, "subscribeAll">;
  /** The operators' auth, as the REST routes have it: it answers 401/403/404 itself or calls next. */
  guard: MiddlewareHandler<SegmentsEnv>;
  heartbeatMs?: number;
}

/** The wire form of a change: Crisp's snake_case names, times in ms since the epoch. */
export function liveMessage(change: StoreChange): SSEMessage {
  if (isContactChange(change)) {
    const { peopleId, segments, updatedAt, deleted } = change;
    return {
      event: "people",
      data: JSON.stringify({ people_id: peopleId, segments, updated_at: updatedAt, deleted }),
    };
  }
  const { sessionId, segments, updatedAt } = change;
  return { event: "session", data: JSON.stringify({ session_id: sessionId, segments, updated_at: updatedAt }) };
}

/** The live route of the handler: behind the REST API's operator auth, and off (404) when the REST API is. */
export function addLiveRoute(app: Hono<SegmentsEnv>, config: Config): void {
  const path = `${config.basePath}/v1/website/:website/live`;
  const team = config.team;
  if (team === undefined) return void app.all(path, (c) => failure(c, "not_found", REST_OFF_MESSAGE));
  addLiveStream(app, { path, feed: team.store, guard: requireOperator(config, team) });
  app.all(path, (c) => failure(c, "method_not_allowed", "use GET", { Allow: "GET" }));
}

/** The route itself, over any feed and guard. */
export function addLiveStream(app: Hono<SegmentsEnv>, options: LiveRouteOptions): void {
  const heartbeatMs = options.heartbeatMs ?? LIVE_HEARTBEAT_MS;
  app.get(options.path, options.guard, async (c) => {
    const website = c.req.param("website") ?? "";
    const outbox = createOutbox();
    // Subscribed before answering: a feed that cannot listen is a 500, not a stream that stays silent.
    const stop = await options.feed.subscribeAll((change) => {
      if (change.websiteId === website) outbox.send(liveMessage(change));
    });
    outbox.send({ event: "ready", data: "{}" });
    return eventStream(c, async (stream) => {
      outbox.attach(stream);
      const heartbeat = setInterval(() => outbox.comment("heartbeat"), heartbeatMs);
      await untilAborted(stream);
      clearInterval(heartbeat);
      await stop();
    });
  });
}

/** streamSSE's answer, with the headers a stream through a proxy needs: never stored, never buffered. */
function eventStream(c: Context<SegmentsEnv>, run: (stream: SSEStreamingApi) => Promise<void>): Response {
  const response = streamSSE(c, run);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Accel-Buffering", "no");
  return response;
}

function untilAborted(stream: SSEStreamingApi): Promise<void> {
  return new Promise((resolve) => {
    stream.onAbort(resolve);
    if (stream.aborted) resolve();
  });
}

/**
 * Writes events one after another, in the order sent; holds those sent before the stream exists. A stream whose
 * reader lags by MAX_UNSENT_EVENTS is aborted rather than buffered without end.
 */
function createOutbox() {
  let stream: SSEStreamingApi | undefined;
  let held: Array<(stream: SSEStreamingApi) => Promise<unknown>> = [];
  let writing = Promise.resolve();
  let unsent = 0;
  const enqueue = (write: (stream: SSEStreamingApi) => Promise<unknown>) => {
    if (stream === undefined) return void held.push(write);
    if (stream.aborted) return;
    if (++unsent > MAX_UNSENT_EVENTS) return stream.abort();
    const target = stream;
    writing = writing.then(() => write(target)).then(() => void unsent--);
  };
  return {
    send: (message: SSEMessage) => enqueue((target) => target.writeSSE(message)),
    comment: (text: string) => enqueue((target) => target.write(`: ${text}\n\n`)),
    attach(target: SSEStreamingApi) {
      stream = target;
      for (const write of held) enqueue(write);
      held = [];
    },
  };
}
