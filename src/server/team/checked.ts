/** What the REST API's pure parsers answer: a value, or the refusal to send (reason of the envelope, one line). */
import type { Context } from "hono";
import { type ErrorReason, failure } from "../http/responses.js";

export interface Refusal {
  ok: false;
  reason: ErrorReason;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | Refusal;

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });

export const refuse = (reason: ErrorReason, message: string): Refusal => ({ ok: false, reason, message });

export const answerRefusal = (c: Context, refusal: Refusal): Response => failure(c, refusal.reason, refusal.message);
