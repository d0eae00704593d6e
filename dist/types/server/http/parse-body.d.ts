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
/** The SDK's body: `{"revision": n, "overwrite": bool, "segments": [...], "remove"?: [...]}`. */
export declare function parseChangeBody(text: string): ParsedBody<{
    revision: number;
    change: Change;
}>;
/** An operator's body: PUT `{"segments": [...]}` replaces the list, PATCH `{"segments"?, "remove"?}` edits it. */
export declare function parseEditBody(text: string, method: "PUT" | "PATCH"): ParsedBody<{
    change: Change;
}>;
