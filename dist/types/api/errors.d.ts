/**
 * What a failed call throws: one error type for the service's refusals, unreadable answers and network failures,
 * carrying the service's `reason` so that callers branch on a word rather than on a message.
 */
import type { ErrorReason } from "../server/http/responses.js";
/** The service's reasons (its error envelope's), and the client's own for answers that never came or made no sense. */
export type SegmentsApiReason = ErrorReason
/** No answer: the connection failed (DNS, refused, reset), or the answer was cut. */
 | "network_error"
/** No answer within `timeoutMs`. */
 | "timeout"
/** An answer without the service's envelope, or whose data is not of the documented shape. */
 | "invalid_response" | (string & {});
export interface SegmentsApiErrorFields {
    /** The HTTP status, or null when no answer came. */
    status: number | null;
    reason: SegmentsApiReason;
    /** The service's one-line message, or the client's. */
    detail: string;
    method: string;
    /** The request's path, without query, e.g. "/v1/website/w1/conversation/session_…/meta". */
    path: string;
    /** When the answer said not to retry before some time (429, 503): how long, in ms. */
    retryAfterMs?: number | null;
    cause?: unknown;
}
export declare class SegmentsApiError extends Error {
    readonly name = "SegmentsApiError";
    readonly status: number | null;
    readonly reason: SegmentsApiReason;
    readonly detail: string;
    readonly method: string;
    readonly path: string;
    readonly retryAfterMs: number | null;
    constructor(fields: SegmentsApiErrorFields);
}
/** Thrown by the decoders when an answer's data is not of the documented shape; the call turns it into an error. */
export declare class ResponseShapeError extends Error {
    readonly name = "ResponseShapeError";
}
