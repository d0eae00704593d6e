/** What the REST API's pure parsers answer: a value, or the refusal to send (reason of the envelope, one line). */
import type { Context } from "hono";
import { type ErrorReason } from "../http/responses.js";
export interface Refusal {
    ok: false;
    reason: ErrorReason;
    message: string;
}
export type Checked<T> = {
    ok: true;
    value: T;
} | Refusal;
export declare const accept: <T>(value: T) => Checked<T>;
export declare const refuse: (reason: ErrorReason, message: string) => Refusal;
export declare const answerRefusal: (c: Context, refusal: Refusal) => Response;
