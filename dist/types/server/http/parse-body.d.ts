/**
 * Turns a request body into a change, or into the 400 that names what is wrong. Pure. Only the fields named here
 * are read, each through Object.hasOwn, so `__proto__` or any other key a visitor sends is inert.
 */
import type { Change } from "../../protocol/change.js";
/** Why a body was refused: the reason of the envelope and a one-line message naming the bad value. */
export interface InvalidBody {
    ok: false;
    reason: "invalid_json" | "invalid_revision" | "invalid_segments";
    message: string;
}
export type ParsedBody<T> = ({
    ok: true;
} & T) | InvalidBody;
export type Body = Record<string, unknown>;
/** The body as a JSON object, or the 400 that says why it is not one. */
export declare function parseObject(text: string): ParsedBody<{
    body: Body;
}>;
/** A field the body itself holds: never one inherited from Object.prototype. */
export declare const field: (body: Body, name: string) => unknown;
/** The SDK's body: `{"revision": n, "overwrite": bool, "segments": [...], "remove"?: [...]}`. */
export declare function parseChangeBody(text: string): ParsedBody<{
    revision: number;
    change: Change;
}>;
