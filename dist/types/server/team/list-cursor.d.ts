import type { ListCursor } from "../storage/team-store.js";
import { type Checked } from "./checked.js";
export declare const NEXT_CURSOR_HEADER = "X-Next-Cursor";
export declare function encodeCursor(cursor: ListCursor): string;
/** The cursor a `cursor` parameter names; absent or empty: none. */
export declare function decodeCursor(text: string | undefined): Checked<ListCursor | undefined>;
/** The next page's cursor: the last row's place, when the page was full (a shorter page is the list's end). */
export declare function nextCursor(rows: readonly ListCursor[], perPage: number): string | undefined;
