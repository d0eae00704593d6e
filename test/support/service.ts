/** Shared fixtures for the service tests: a handler over a memory store, with a clock the test moves. */

import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { createSegmentsHandler } from "../../src/server/http/handler";
import type { SegmentsHandlerOptions } from "../../src/server/http/options";
import { createMemoryStore } from "../../src/server/storage/memory-store";

export const WEBSITE = "demo-website";
export const ORIGIN = "https://shop.example";
export const SESSION = "session_0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b";
export const OTHER_SESSION = "session_7d1e2f30-4a5b-4c6d-8e7f-901a2b3c4d5e";
export const BASE = "http://service.test";
/** The operator every fixture handler knows, allowed on every website. */
export const OPERATOR = { identifier: "operator-1", key: "operator-key-0123456789" };

export function sessionUrl(website = WEBSITE, session = SESSION): string {
  return `${BASE}/v1/website/${website}/session/${session}/segments`;
}

/** A REST API URL: `path` is what follows `/v1/website/{website_id}/`. */
export function restUrl(path: string, website = WEBSITE): string {
  return `${BASE}/v1/website/${website}/${path}`;
}

/** The headers crisp-api sends for a plugin key: Basic credentials and the tier. */
export function operatorHeaders(identifier = OPERATOR.identifier, key = OPERATOR.key): Record<string, string> {
  return { Authorization: `Basic ${btoa(`${identifier}:${key}`)}`, "X-Crisp-Tier": "plugin" };
}

/** A REST request as the operator, with a JSON body when one is given. */
export function restRequest(method: string, path: string, body?: unknown, website = WEBSITE): Request {
  const headers = { ...operatorHeaders(), ...(body === undefined ? {} : { "Content-Type": "application/json" }) };
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Request(restUrl(path, website), { method, headers, body: text });
}

export function setup(options: Partial<SegmentsHandlerOptions> = {}) {
  const clock = { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const store = createMemoryStore({ now });
  const errors: unknown[] = [];
  const handler = createSegmentsHandler({
    websites: { [WEBSITE]: { origins: [ORIGIN] } },
    store,
    now,
    operators: [{ ...OPERATOR, websites: "*" }],
    onError: (error) => errors.push(error),
    ...options,
  });
  return { clock, store, handler, errors };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: { error: boolean; reason: string; data: Record<string, unknown> } | null;
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) };
}

/** A POST as the SDK sends it: a string body, so Content-Type is text/plain;charset=UTF-8. */
export function post(body: unknown, init: RequestInit & { url?: string } = {}): Request {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Request(init.url ?? sessionUrl(), { method: "POST", body: text, ...init });
}

/** A request with any method or Host, as node:http sends it (fetch refuses TRACE and a chosen Host). */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.setTimeout(5000, () => req.destroy(new Error("timeout")));
    req.end();
  });
}

/**
 * Sends `request` as written on a fresh socket and splits the answer: for what no HTTP client will send, such as
 * a Host with a user name or an absolute target with credentials.
 */
export function rawSocket(port: number, request: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(request));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.setTimeout(5000, () => socket.destroy(new Error("timeout")));
    socket.on("close", () => {
      const split = text.indexOf("\r\n\r\n");
      const head = split === -1 ? text : text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: text.slice(split + 4) });
    });
  });
}
