/**
 * A campaign's audience as CSV, for a mailer's import: RFC 4180 (CRLF, quotes doubled, fields with a comma, quote
 * or line break quoted), one contact a row, segments joined with ";". A cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading ' (OWASP's CSV injection advice).
 */
import type { Contact, ListCursor } from "../storage/team-store.js";

export const CSV_COLUMNS = ["people_id", "email", "nickname", "segments", "created_at", "updated_at"] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function contactRow(contact: Contact): string {
  return csvRow([
    contact.peopleId,
    contact.email,
    contact.nickname,
    contact.segments.join(";"),
    new Date(contact.createdAt).toISOString(),
    new Date(contact.updatedAt).toISOString(),
  ]);
}

/** Whether an Accept header asks for CSV (a media range text/csv whose q is not 0). */
export function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((range) => {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    return type === "text/csv" && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
  });
}

/**
 * The header row, then every page `read` gives, one page read each time the reader wants more, each after the
 * last contact of the one before: an export of any size holds one page in memory, and reads each row once. It
 * ends after the first page shorter than `pageSize`.
 */
export function csvStream(
  read: (after: ListCursor | undefined) => Promise<Contact[]>,
  pageSize: number,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: ListCursor | undefined;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS)));
    },
    async pull(controller) {
      try {
        const contacts = await read(after);
        const last = contacts.at(-1);
        if (last !== undefined) after = { updatedAt: last.updatedAt, id: last.peopleId };
        if (contacts.length > 0) controller.enqueue(encoder.encode(contacts.map(contactRow).join("")));
        if (contacts.length < pageSize) controller.close();
      } catch (error) {
        // The status went out with the header row: all that is left is to cut the answer short and report.
        onError(error);
        controller.error(error);
      }
    },
  });
}
