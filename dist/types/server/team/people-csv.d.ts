/**
 * A campaign's audience as CSV, for a mailer's import: RFC 4180 (CRLF, quotes doubled, fields with a comma, quote
 * or line break quoted), one contact a row, segments joined with ";". A cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading ' (OWASP's CSV injection advice).
 */
import type { Contact, ListCursor } from "../storage/team-store.js";
export declare const CSV_COLUMNS: readonly ["people_id", "email", "nickname", "segments", "created_at", "updated_at"];
export declare function csvCell(value: string): string;
export declare function csvRow(cells: readonly string[]): string;
export declare function contactRow(contact: Contact): string;
/** Whether an Accept header asks for CSV (a media range text/csv whose q is not 0). */
export declare function wantsCsv(accept: string | undefined): boolean;
/**
 * The header row, then every page `read` gives, one page read each time the reader wants more, each after the
 * last contact of the one before: an export of any size holds one page in memory, and reads each row once. It
 * ends after the first page shorter than `pageSize`.
 */
export declare function csvStream(read: (after: ListCursor | undefined) => Promise<Contact[]>, pageSize: number, onError: (error: unknown) => void): ReadableStream<Uint8Array>;
