// @vitest-environment node
import { describe, expect, it } from "vitest";
import {
  COMMAND_EFFECTS,
  COMMANDS,
  type Command,
  type CommandKey,
  commandTable,
  parseCommand,
} from "../../src/protocol/commands";

const listener = (): void => {};

describe("commands: valid forms", () => {
  it.each<[string, Command, unknown]>([
    [
      "set, append",
      ["set", "session:segments", [["a", " b ", "a"]]],
      { type: "operation", operation: { kind: "add", segments: ["a", "b"] } },
    ],
    [
      "set, overwrite false",
      ["set", "session:segments", [["a"], false]],
      { type: "operation", operation: { kind: "add", segments: ["a"] } },
    ],
    [
      "set, overwrite true",
      ["set", "session:segments", [["a"], true]],
      { type: "operation", operation: { kind: "replace", segments: ["a"] } },
    ],
    [
      "set, empty replace",
      ["set", "session:segments", [[], true]],
      { type: "operation", operation: { kind: "replace", segments: [] } },
    ],
    [
      "remove",
      ["do", "session:segments:remove", [["a"]]],
      { type: "operation", operation: { kind: "remove", segments: ["a"] } },
    ],
    ["reset", ["do", "session:reset"], { type: "reset" }],
    ["on loaded", ["on", "session:loaded", listener], { type: "on", event: "session:loaded", listener }],
    [
      "on changed",
      ["on", "session:segments:changed", listener],
      { type: "on", event: "session:segments:changed", listener },
    ],
    ["on error", ["on", "error", listener], { type: "on", event: "error", listener }],
    ["off with callback", ["off", "error", listener], { type: "off", event: "error", listener }],
    ["off without callback", ["off", "session:loaded"], { type: "off", event: "session:loaded", listener: undefined }],
    ["safe", ["safe", true], { type: "safe", enabled: true }],
    ["safe, no argument", ["safe"], { type: "safe", enabled: true }],
    ["safe off", ["safe", false], { type: "safe", enabled: false }],
  ])("%s", (_name, command, action) => {
    expect(parseCommand(command)).toEqual({ ok: true, action });
  });
});

interface Refusal {
  name: string;
  command: unknown[];
  value: unknown;
  position: string;
  expected: RegExp;
}

const refusals: Refusal[] = [
  {
    name: "set: arguments not an array",
    command: ["set", "session:segments", "a"],
    value: "a",
    position: "arguments",
    expected: /array/,
  },
  {
    name: "set: no arguments",
    command: ["set", "session:segments"],
    value: undefined,
    position: "arguments",
    expected: /array/,
  },
  {
    name: "set: segment not a string",
    command: ["set", "session:segments", [["a", 7]]],
    value: 7,
    position: "segments[1]",
    expected: /a string/,
  },
  {
    name: "set: empty segment",
    command: ["set", "session:segments", [["a", "  "]]],
    value: "  ",
    position: "segments[1]",
    expected: /1 to 64/,
  },
  {
    name: "set: too long",
    command: ["set", "session:segments", [["x".repeat(65)]]],
    value: "x".repeat(65),
    position: "segments[0]",
    expected: /1 to 64/,
  },
  {
    name: "set: control character",
    command: ["set", "session:segments", [["ok", "a\u0007"]]],
    value: "a\u0007",
    position: "segments[1]",
    expected: /control/,
  },
  {
    name: "set: overwrite not a boolean",
    command: ["set", "session:segments", [["a"], "yes"]],
    value: "yes",
    position: "arguments[1]",
    expected: /true, false or nothing/,
  },
  {
    name: "remove: not an inner array",
    command: ["do", "session:segments:remove", [7]],
    value: 7,
    position: "arguments[0]",
    expected: /array of segment strings/,
  },
  {
    name: "remove: bad segment",
    command: ["do", "session:segments:remove", [["a", null]]],
    value: null,
    position: "segments[1]",
    expected: /a string/,
  },
  {
    name: "on: unknown event",
    command: ["on", "chat:opened", listener],
    value: "chat:opened",
    position: "event",
    expected: /session:loaded/,
  },
  {
    name: "on: no callback",
    command: ["on", "error", "cb"],
    value: "cb",
    position: "callback",
    expected: /a function/,
  },
  {
    name: "off: unknown event",
    command: ["off", "nope"],
    value: "nope",
    position: "event",
    expected: /session:segments:changed/,
  },
  {
    name: "off: callback not a function",
    command: ["off", "error", 1],
    value: 1,
    position: "callback",
    expected: /a function or nothing/,
  },
  {
    name: "safe: not a boolean",
    command: ["safe", "yes"],
    value: "yes",
    position: "arguments[1]",
    expected: /true or false/,
  },
];

describe("commands: refusals", () => {
  it.each(refusals)("$name", ({ command, value, position, expected }) => {
    const parsed = parseCommand(command);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const { error } = parsed;
    expect(error.code).toBe("invalid_command");
    expect(error.command).toBe(command);
    expect(error.value).toEqual(value);
    expect(error.position).toBe(position);
    expect(error.expected).toMatch(expected);
    // The message names the command, the value, where it stands (or what) and what was expected.
    expect(error.message).toContain(JSON.stringify(command[0]));
    expect(error.message).toMatch(/Usage: \[/);
    if (typeof value === "string") expect(error.message).toContain(JSON.stringify(value));
  });

  it("refuses more than 100 distinct segments in one command", () => {
    const many = Array.from({ length: 101 }, (_, index) => `s${index}`);
    const parsed = parseCommand(["set", "session:segments", [many]]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({
      code: "invalid_command",
      position: "segments",
      expected: "at most 100 distinct segments",
    });
  });

  it("hints at the missing inner array of the classic mistake", () => {
    const parsed = parseCommand(["set", "session:segments", ["a", "b"]]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ code: "invalid_command", value: "a", position: "arguments[0]" });
    expect(parsed.error.message).toContain('["set","session:segments",[["a","b"]]]');
    expect(parsed.error.message).toMatch(/Did you mean/);
  });

  it("refuses empty arguments as a missing list of segments", () => {
    const command = ["set", "session:segments", []];
    expect(parseCommand(command)).toEqual({
      ok: false,
      error: {
        code: "invalid_command",
        command,
        value: undefined,
        position: "segments",
        expected: "an array of segment strings",
        message:
          '["set","session:segments",[]] refused: segments is undefined; expected an array of segment strings. Usage: ["set", "session:segments", [segments, overwrite?]]',
      },
    });
  });

  it.each<[string, unknown[], string]>([
    [
      "a lone number",
      ["set", "session:segments", [7]],
      '["set","session:segments",[7]] refused: arguments[0] is 7; expected an array of segment strings. Usage: ["set", "session:segments", [segments, overwrite?]]',
    ],
    [
      "strings mixed with other values",
      ["do", "session:segments:remove", ["a", 7]],
      '["do","session:segments:remove",["a",7]] refused: arguments[0] is "a"; expected an array of segment strings. Usage: ["do", "session:segments:remove", [segments]]',
    ],
  ])("gives no hint when the arguments are not all strings: %s", (_name, command, message) => {
    const parsed = parseCommand(command);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toBe(message);
  });

  it.each<[unknown, string]>([
    ["nope", '["on","nope",null] refused: "nope" is not an event of this SDK'],
    [5, '["on",5,null] refused: 5 is not an event of this SDK'],
  ])("names every event, comma-separated, when the event %s is unknown", (event, start) => {
    const parsed = parseCommand(["on", event, listener]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.value).toBe(event);
    expect(parsed.error.expected).toBe("one of session:loaded, session:segments:changed, session:synced, error");
    expect(parsed.error.message).toBe(
      `${start}; expected one of session:loaded, session:segments:changed, session:synced, error. Usage: ["on", event, callback]`,
    );
  });

  it("gives the same hint for remove", () => {
    const parsed = parseCommand(["do", "session:segments:remove", ["trial"]]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toContain('["do","session:segments:remove",[["trial"]]]');
  });
});

describe("commands: unknown and malformed", () => {
  it.each<[string, unknown[]]>([
    ["a Crisp chatbox command", ["do", "chat:open"]],
    ["a getter pushed as a command", ["get", "session:segments"]],
    ["an unknown method of set", ["set", "user:email", ["a@b.c"]]],
    ["an unknown verb", ["frobnicate"]],
  ])("reports %s as unsupported", (_name, command) => {
    const parsed = parseCommand(command);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe("unsupported_command");
    expect(parsed.error.message).toMatch(/not supported/);
    expect(parsed.error.message).toContain(JSON.stringify(command[0]));
  });

  it("names the verb and method alone, and lists every usage, for an unsupported command", () => {
    const command = ["set", "user:email", ["a@b.c"]];
    expect(parseCommand(command)).toEqual({
      ok: false,
      error: {
        code: "unsupported_command",
        command,
        value: ["set", "user:email"],
        message:
          '["set","user:email"] is not supported by crisp-segments, which handles session segments only; ignored',
        expected:
          '["set", "session:segments", [segments, overwrite?]], ["do", "session:segments:remove", [segments]], ["do", "session:reset"], ["on", event, callback], ["off", event, callback?], ["safe", true]',
      },
    });
  });

  it("says what a command looks like when given something else", () => {
    expect(parseCommand(42)).toEqual({
      ok: false,
      error: {
        code: "invalid_command",
        command: 42,
        value: 42,
        message: '42 refused: a command is an array such as ["set", "session:segments", [["lead"]]]',
        expected: 'an array ["verb", "method", arguments]',
      },
    });
  });

  const cyclic: unknown[] = ["set", "session:segments"];
  cyclic.push(cyclic);
  it.each<[string, unknown]>([
    ["null", null],
    ["undefined", undefined],
    ["a string", "set"],
    ["a number", 42],
    ["an object", { verb: "set" }],
    ["an empty array", []],
    ["an array not starting with a verb", [1, 2]],
    ["a symbol", Symbol("x")],
    ["a function", () => {}],
  ])("refuses %s as an invalid command without throwing", (_name, command) => {
    const parsed = parseCommand(command);
    expect(parsed).toMatchObject({ ok: false, error: { code: "invalid_command" } });
  });

  it("never throws, even on a cyclic command or a value that cannot be printed", () => {
    const throwing = {
      toJSON() {
        throw new Error("no");
      },
    };
    expect(parseCommand(cyclic)).toMatchObject({ ok: false, error: { code: "invalid_command" } });
    expect(parseCommand(["set", "session:segments", [[throwing]]])).toMatchObject({
      ok: false,
      error: { code: "invalid_command", position: "segments[0]" },
    });
    expect(parseCommand(["set", "session:segments", [["a"], throwing]])).toMatchObject({
      ok: false,
      error: { position: "arguments[1]" },
    });
  });
});

describe("command table", () => {
  it("lists every command, once, with its effect", () => {
    const table = commandTable();
    expect(table.split("\n").slice(0, 2)).toEqual(["| command | effect |", "|---|---|"]);
    const rows = table.split("\n").slice(2);
    expect(rows).toHaveLength(Object.keys(COMMANDS).length);
    for (const key of Object.keys(COMMANDS) as CommandKey[]) {
      expect(table).toContain(`| \`${COMMANDS[key].usage}\` | ${COMMAND_EFFECTS[key]} |`);
    }
    for (const usage of [
      '["set", "session:segments"',
      '["do", "session:segments:remove"',
      '["do", "session:reset"]',
      '["on", event',
      '["off", event',
      '["safe"',
    ]) {
      expect(table).toContain(usage);
    }
  });
});

describe("commands: the method is a string", () => {
  it.each<[string, unknown[]]>([
    ["an array as the method of set", ["set", ["session:segments"], [["x"]]]],
    ["a String object as the method of set", ["set", new String("session:segments"), [["x"]]]],
    ["an object that prints as the method", ["set", { toString: () => "session:segments" }, [["x"]]]],
    ["a String object as the method of do", ["do", new String("session:reset")]],
    ["an array as the method of do", ["do", ["session:segments:remove"], [["x"]]]],
  ])("refuses %s whole, as a malformed command", (_name, command) => {
    const parsed = parseCommand(command);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe("invalid_command");
    expect(parsed.error.value).toBe(command[1]);
    expect(parsed.error.message).toMatch(/the method is .*; expected a string such as "session:segments"/);
  });
});
