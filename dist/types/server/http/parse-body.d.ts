/**
 * Turns a request body into a change, or into the 400 that names what is wrong. Pure. Only the fields named here
 * are read, each through Object.hasOwn, so `__proto__` or any other key a visitor sends is inert.
 */
import type { Change } from "../../protocol/change.js";
export interface Refusal {
    ok: false;
    reason: "invalid_json" | "invalid_revision" | "invalid_segments";
    message: string;
}
export type Parsed<T> = ({
    ok: true;
} & T) | Refusal;
/** The SDK's body: `{"revision": n, "overwrite": bool, "segments": [...], "remove"?: [...]}`. */
export declare function parseChangeBody(text: string): Parsed<{
    revision: number;
    change: Change;
}>;
/** An operator's body: PUT `{"segments": [...]}` replaces the list, PATCH `{"segments"?, "remove"?}` edits it. */
export declare function parseEditBody(text: string, method: "PUT" | "PATCH"): Parsed<{
    change: Change;
}>;
