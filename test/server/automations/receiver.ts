/**
 * A webhook receiver on loopback (node:http) for the worker's tests: it verifies every request's signature with
 * `standardwebhooks`, answers what the test's `answer` says (a status, or "drop" to destroy the socket unanswered,
 * or a status once a delay has passed or a promise of the test's has settled), and counts what came.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  body: { website_id: string; event: string; id: string; data: Record<string, unknown>; timestamp: number };
  /** The status it was answered with, or "drop". */
  answered: number | "drop";
}

export type Answer =
  | number
  | "drop"
  | { delayMs: number; status: number }
  | { until: Promise<unknown>; status: number | "drop" };

export async function startReceiver(secret: string, answer: (id: string, attempt: number) => Answer) {
  const received: Received[] = [];
  const forged: string[] = [];
  const attempts = new Map<string, number>();
  /** The ids of the verified requests as they arrived, answered or not yet. */
  const arrived: string[] = [];
  const verifier = new Webhook(secret);

  const handle = async (request: IncomingMessage, response: ServerResponse, text: string) => {
    let body: Received["body"];
    try {
      body = verifier.verify(text, request.headers as Record<string, string>) as Received["body"];
    } catch {
      forged.push(text);
      response.writeHead(400).end();
      return;
    }
    const id = String(request.headers["webhook-id"]);
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    arrived.push(id);
    const planned = answer(id, attempt);
    if (typeof planned === "object")
      await ("until" in planned ? planned.until : new Promise((resolve) => setTimeout(resolve, planned.delayMs)));
    const status = typeof planned === "object" ? planned.status : planned;
    received.push({ id, body, answered: status });
    if (status === "drop") request.socket.destroy();
    else response.writeHead(status).end();
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => void handle(request, response, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    forged,
    arrived,
    /** The webhook ids answered 2xx, each as often as it was. */
    delivered: () => received.filter((r) => typeof r.answered === "number" && r.answered < 300).map((r) => r.id),
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
