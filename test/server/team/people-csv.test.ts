// @vitest-environment node
import { describe, expect, it } from "vitest";
import { contactRow, csvCell, csvStream, wantsCsv } from "../../../src/server/team/people-csv";

const contact = (email: string, nickname = "", segments: string[] = []) => ({
  peopleId: "0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b",
  email,
  nickname,
  segments,
  createdAt: Date.UTC(2024, 0, 2, 3, 4, 5),
  updatedAt: Date.UTC(2024, 5, 6, 7, 8, 9),
});

describe("people CSV", () => {
  it.each([
    ["plain", "plain"],
    ["with, comma", '"with, comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ["two\r\nlines", '"two\r\nlines"'],
    ["line\nfeed", '"line\nfeed"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ["+1 555", "'+1 555"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", `"'\rcmd"`],
    ["a=b", "a=b"],
    ["", ""],
  ])("writes %j as %j (RFC 4180, formulas made inert)", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes a contact as one CRLF-terminated row, segments joined with ;, times in ISO 8601", () => {
    expect(contactRow(contact("jane@example.com", "Jane, J.", ["lead", "=vip"]))).toBe(
      '0b6f4a3e-6c1d-4e8a-9f2b-3c4d5e6f7a8b,jane@example.com,"Jane, J.",lead;=vip,2024-01-02T03:04:05.000Z,2024-06-06T07:08:09.000Z\r\n',
    );
    expect(contactRow(contact("x@y.z", "", ["=cmd", "b"]))).toContain(",'=cmd;b,");
  });

  it.each([
    ["text/csv", true],
    ["application/json, text/csv;q=0.5", true],
    ["TEXT/CSV; charset=utf-8", true],
    ["text/csv;q=0", false],
    ["text/csv; q=0.0", false],
    ["application/json", false],
    ["text/*", false],
    [undefined, false],
  ])("reads Accept %j as %s", (accept, csv) => {
    expect(wantsCsv(accept)).toBe(csv);
  });

  it("streams the header, then page after page, each read after the last row of the one before", async () => {
    const asked: Array<string | undefined> = [];
    const pages = [[contact("a@x.y"), { ...contact("b@x.y"), peopleId: "b" }], [contact("c@x.y")]];
    const stream = csvStream(
      async (after) => {
        asked.push(after?.id);
        return pages[asked.length - 1] ?? [];
      },
      2,
      () => {},
    );
    const text = await new Response(stream).text();
    expect(text.split("\r\n")).toEqual([
      "people_id,email,nickname,segments,created_at,updated_at",
      expect.stringContaining(",a@x.y,"),
      expect.stringContaining(",b@x.y,"),
      expect.stringContaining(",c@x.y,"),
      "",
    ]);
    expect(asked).toEqual([undefined, "b"]);
  });

  it("cuts the answer short and reports when the store fails mid-export", async () => {
    const errors: unknown[] = [];
    const stream = csvStream(
      async (after) => {
        if (after !== undefined) throw new Error("disk on fire");
        return [contact("a@x.y")];
      },
      1,
      (error) => errors.push(error),
    );
    await expect(new Response(stream).text()).rejects.toThrow("disk on fire");
    expect(errors).toHaveLength(1);
  });
});
