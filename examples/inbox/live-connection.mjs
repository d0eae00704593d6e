// Keeps the live route open: reads it as a stream (fetch, so that it can send the Authorization header), hands
// each event on, and after a drop reconnects with a growing delay. The service sends a heartbeat every 25 s; a
// connection silent for longer than `silenceMs` is taken for dead and reopened.
import { createEventParser } from "./sse-parser.mjs";

/**
 * @typedef {"connecting" | "live" | "retrying" | "refused"} LiveState
 * @typedef {{
 *   open: (signal: AbortSignal) => Promise<Response>,
 *   onEvent: (event: import("./sse-parser.mjs").StreamEvent) => void,
 *   onState: (state: LiveState, detail?: Response) => void,
 *   silenceMs?: number,
 *   delays?: readonly number[],
 * }} LiveOptions
 */

/** Delays between attempts, the last one repeated: quick for a blip, patient for an outage. */
export const RECONNECT_DELAYS = [250, 1000, 2000, 5000, 10000];

/**
 * Starts the connection; the function it returns stops it for good. A 401, 403 or 404 stops it too
 * (`refused`, with the answer): retrying would not change it.
 * @param {LiveOptions} options
 */
export function keepLive(options) {
  const delays = options.delays ?? RECONNECT_DELAYS;
  const silenceMs = options.silenceMs ?? 60_000;
  let stopped = false;
  let failures = 0;
  /** @type {AbortController | undefined} */
  let current;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retry;

  const attempt = async () => {
    current = new AbortController();
    options.onState("connecting");
    const outcome = await readStream(options, current, silenceMs, () => {
      failures = 0;
    });
    if (stopped) return;
    if (outcome instanceof Response) return options.onState("refused", outcome);
    options.onState("retrying");
    retry = setTimeout(attempt, delays[Math.min(failures++, delays.length - 1)]);
  };
  attempt();
  return () => {
    stopped = true;
    clearTimeout(retry);
    current?.abort();
  };
}

/**
 * Reads one connection until it ends, fails or falls silent. Resolves to the answer when the service refused
 * the credentials or the website, else to undefined.
 * @param {LiveOptions} options
 * @param {AbortController} controller
 * @param {number} silenceMs
 * @param {() => void} onLive
 */
async function readStream(options, controller, silenceMs, onLive) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let watchdog;
  const heard = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller.abort(), silenceMs);
  };
  try {
    const response = await options.open(controller.signal);
    if ([401, 403, 404].includes(response.status)) return response;
    if (!response.ok || response.body === null) return undefined;
    const parser = createEventParser((event) => {
      if (event.event === "ready") {
        onLive();
        options.onState("live");
      }
      options.onEvent(event);
    }, heard);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (heard(); ; heard()) {
      const { done, value } = await reader.read();
      if (done) return undefined;
      parser.push(value);
    }
  } catch {
    return undefined;
  } finally {
    clearTimeout(watchdog);
    controller.abort();
  }
}
