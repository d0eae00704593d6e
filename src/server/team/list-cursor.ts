/**
 * Our extension beside Crisp's page numbers: a list answers, in `X-Next-Cursor`, where its page ended, and a
 * `cursor` query parameter asks for the rows after it. Opaque to clients (base64url of the last row's change time
 * and id), so that the way it is made may change. Pure.
 */
import { preview } from "../../protocol/preview.js";
import type { ListCursor } from "../storage/team-store.js";
import { accept, type Checked, refuse } from "./checked.js";

export const NEXT_CURSOR_HEADER = "X-Next-Cursor";
const MAX_CURSOR = 400;
const DECODED = /^([0-9]{1,16}):(.{1,256})$/s;

// base64url through btoa/atob, which every fetch-standard runtime has (Buffer is Node's).
const toBase64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
const fromBase64url = (text: string) =>
  new TextDecoder().decode(
    Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (char) => char.charCodeAt(0)),
  );

export function encodeCursor(cursor: ListCursor): string {
  return toBase64url(`${cursor.updatedAt}:${cursor.id}`);
}

/** The cursor a `cursor` parameter names; absent or empty: none. */
export function decodeCursor(text: string | undefined): Checked<ListCursor | undefined> {
  if (text === undefined || text === "") return accept(undefined);
  const well = /^[A-Za-z0-9_-]+$/.test(text) && text.length <= MAX_CURSOR && text.length % 4 !== 1;
  const match = well ? DECODED.exec(fromBase64url(text)) : null;
  const updatedAt = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(updatedAt)) {
    const expected = `the ${NEXT_CURSOR_HEADER} header of the page before, unchanged`;
    return refuse("invalid_request", `cursor is ${preview(text)}; expected ${expected}`);
  }
  return accept({ updatedAt, id: match[2] ?? "" });
}

/** The next page's cursor: the last row's place, when the page was full (a shorter page is the list's end). */
export function nextCursor(rows: readonly ListCursor[], perPage: number): string | undefined {
  const last = rows.at(-1);
  return last === undefined || rows.length < perPage ? undefined : encodeCursor(last);
}
