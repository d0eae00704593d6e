/**
 * The one definition of the commands `$crisp.push` accepts. The `Command` type is the public type, `COMMANDS`
 * (checked against it by the compiler: one row per command) gives the runtime parser and the README's table.
 */
import type { Operation } from "./change.js";
import type { CrispError } from "./errors.js";
import { preview } from "./preview.js";
import { checkSegments, describeSegmentProblem } from "./segments.js";

export interface EventPayloads {
  /** The session id, once the session's state was read. */
  "session:loaded": string;
  /** The session's new list, whatever changed it. */
  "session:segments:changed": string[];
  /** The session id, when no change of the session waits for the service any more. */
  "session:synced": string;
  error: CrispError;
}
export type EventName = keyof EventPayloads;
export type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;
/** A listener as pushed at run time, for whichever event it names. */
export type AnyListener = (payload: EventPayloads[EventName]) => void;
export const EVENT_NAMES: readonly EventName[] = [
  "session:loaded",
  "session:segments:changed",
  "session:synced",
  "error",
];

export type Command =
  | ["set", "session:segments", [segments: string[], overwrite?: boolean]]
  | ["do", "session:segments:remove", [segments: string[]]]
  | ["do", "session:reset"]
  | { [E in EventName]: ["on", E, Listener<E>] }[EventName]
  | { [E in EventName]: ["off", E, Listener<E>?] }[EventName]
  | ["safe", boolean?];

/** What a valid command asks the SDK to do. */
export type Action =
  | { type: "operation"; operation: Operation }
  | { type: "reset" }
  | { type: "on"; event: EventName; listener: AnyListener }
  | { type: "off"; event: EventName; listener?: AnyListener }
  | { type: "safe"; enabled: boolean };

export type ParsedCommand = { ok: true; action: Action } | { ok: false; error: CrispError };

type KeyOf<C> = C extends ["on" | "off" | "safe", ...unknown[]]
  ? C[0]
  : C extends [infer V extends string, infer M extends string, ...unknown[]]
    ? `${V} ${M}`
    : never;
export type CommandKey = KeyOf<Command>;

interface CommandDefinition {
  usage: string;
  parse(command: readonly unknown[]): ParsedCommand;
}

function refuse(
  command: readonly unknown[],
  detail: Omit<CrispError, "code" | "command" | "message">,
  message: string,
): ParsedCommand {
  return {
    ok: false,
    error: { code: "invalid_command", command, message: `${preview(command)} refused: ${message}`, ...detail },
  };
}

function refuseSegments(command: readonly unknown[], list: unknown, usage: string): ParsedCommand | string[] {
  const check = checkSegments(list);
  if (check.ok) return check.segments;
  const position = check.problem.index >= 0 ? `segments[${check.problem.index}]` : "segments";
  return refuse(
    command,
    { value: check.problem.value, position, expected: check.problem.expected },
    `${describeSegmentProblem(check.problem)}. Usage: ${usage}`,
  );
}

/** Reads `[segments, ...]` from the third element, with the hint for the missing inner array. */
function segmentsArgument(
  command: readonly unknown[],
  usage: string,
): ParsedCommand | { args: unknown[]; segments: string[] } {
  const args = command[2];
  if (!Array.isArray(args)) {
    return refuse(
      command,
      { value: args, position: "arguments", expected: "an array [segments, ...]" },
      `the arguments are ${preview(args)}; expected an array. Usage: ${usage}`,
    );
  }
  if (args.length > 0 && !Array.isArray(args[0])) {
    const hint = args.every((value) => typeof value === "string")
      ? ` Did you mean ${preview([command[0], command[1], [args]])}? The list of segments goes inside the arguments array.`
      : "";
    return refuse(
      command,
      { value: args[0], position: "arguments[0]", expected: "an array of segment strings" },
      `arguments[0] is ${preview(args[0])}; expected an array of segment strings.${hint} Usage: ${usage}`,
    );
  }
  const segments = refuseSegments(command, args[0], usage);
  return Array.isArray(segments) ? { args, segments } : segments;
}

function eventArgument(command: readonly unknown[], usage: string): ParsedCommand | EventName {
  const event = command[1];
  if (typeof event === "string" && (EVENT_NAMES as readonly string[]).includes(event)) return event as EventName;
  return refuse(
    command,
    { value: event, position: "event", expected: `one of ${EVENT_NAMES.join(", ")}` },
    `${preview(event)} is not an event of this SDK; expected one of ${EVENT_NAMES.join(", ")}. Usage: ${usage}`,
  );
}

export const COMMANDS: { [K in CommandKey]: CommandDefinition } = {
  "set session:segments": {
    usage: '["set", "session:segments", [segments, overwrite?]]',
    parse(command) {
      const parsed = segmentsArgument(command, this.usage);
      if (!("segments" in parsed)) return parsed;
      const overwrite = parsed.args[1];
      if (overwrite !== undefined && typeof overwrite !== "boolean") {
        return refuse(
          command,
          { value: overwrite, position: "arguments[1]", expected: "true, false or nothing" },
          `overwrite is ${preview(overwrite)}; expected true, false or nothing. Usage: ${this.usage}`,
        );
      }
      const kind = overwrite === true ? "replace" : "add";
      return { ok: true, action: { type: "operation", operation: { kind, segments: parsed.segments } } };
    },
  },
  "do session:segments:remove": {
    usage: '["do", "session:segments:remove", [segments]]',
    parse(command) {
      const parsed = segmentsArgument(command, this.usage);
      if (!("segments" in parsed)) return parsed;
      return { ok: true, action: { type: "operation", operation: { kind: "remove", segments: parsed.segments } } };
    },
  },
  "do session:reset": {
    usage: '["do", "session:reset"]',
    parse: () => ({ ok: true, action: { type: "reset" } }),
  },
  on: {
    usage: '["on", event, callback]',
    parse(command) {
      const event = eventArgument(command, this.usage);
      if (typeof event !== "string") return event;
      const listener = command[2];
      if (typeof listener !== "function") {
        return refuse(
          command,
          { value: listener, position: "callback", expected: "a function" },
          `the callback is ${preview(listener)}; expected a function. Usage: ${this.usage}`,
        );
      }
      return { ok: true, action: { type: "on", event, listener: listener as AnyListener } };
    },
  },
  off: {
    usage: '["off", event, callback?]',
    parse(command) {
      const event = eventArgument(command, this.usage);
      if (typeof event !== "string") return event;
      const listener = command[2];
      if (listener !== undefined && typeof listener !== "function") {
        return refuse(
          command,
          { value: listener, position: "callback", expected: "a function or nothing" },
          `the callback is ${preview(listener)}; expected a function or nothing. Usage: ${this.usage}`,
        );
      }
      return { ok: true, action: { type: "off", event, listener: listener as AnyListener | undefined } };
    },
  },
  safe: {
    usage: '["safe", true]',
    parse(command) {
      const enabled = command[1];
      if (enabled !== undefined && typeof enabled !== "boolean") {
        return refuse(
          command,
          { value: enabled, position: "arguments[1]", expected: "true or false" },
          `${preview(enabled)} is not a boolean. Usage: ${this.usage}`,
        );
      }
      return { ok: true, action: { type: "safe", enabled: enabled !== false } };
    },
  },
};

/**
 * The definition's key; undefined when a method is given but is not a string: an array or a String object only
 * prints like one, and must not run as one.
 */
function keyOf(verb: string, method: unknown): string | undefined {
  if (verb === "on" || verb === "off" || verb === "safe") return verb;
  if (method === undefined) return verb;
  return typeof method === "string" ? `${verb} ${method}` : undefined;
}

function refused(command: unknown, value: unknown, why: string, expected: string): ParsedCommand {
  return {
    ok: false,
    error: { code: "invalid_command", command, value, message: `${preview(command)} refused: ${why}`, expected },
  };
}

/** Turns anything pushed into an action, or the one error that says why it was refused. */
export function parseCommand(command: unknown): ParsedCommand {
  if (!Array.isArray(command) || typeof command[0] !== "string") {
    const why = 'a command is an array such as ["set", "session:segments", [["lead"]]]';
    return refused(command, command, why, 'an array ["verb", "method", arguments]');
  }
  const key = keyOf(command[0], command[1]);
  if (key === undefined) {
    const why = `the method is ${preview(command[1])}; expected a string such as "session:segments"`;
    return refused(command, command[1], why, "a string method");
  }
  if (Object.hasOwn(COMMANDS, key)) return COMMANDS[key as CommandKey].parse(command);
  return {
    ok: false,
    error: {
      code: "unsupported_command",
      command,
      value: command.slice(0, 2),
      message: `${preview(command.slice(0, 2))} is not supported by crisp-segments, which handles session segments only; ignored`,
      expected: Object.values(COMMANDS)
        .map((definition) => definition.usage)
        .join(", "),
    },
  };
}

/** What each command does, for the README's table; apart from the parser so that the bundle leaves it out. */
export const COMMAND_EFFECTS: { [K in CommandKey]: string } = {
  "set session:segments": "`overwrite` false or absent: append the segments not present; `true`: replace the list",
  "do session:segments:remove": "remove just these segments, leaving the others (operators' included) in place",
  "do session:reset": "start a new session with an empty list; the old session's pending change is still delivered",
  on: "call `callback` on every `event`; several listeners per event",
  off: "remove that listener, or every listener of `event` when no callback is given",
  safe: "write nothing to the console; refusals still reach `error` listeners (`false` turns it off)",
};

/** The README's command table, made from the definitions above. */
export function commandTable(): string {
  const rows = (Object.keys(COMMANDS) as CommandKey[]).map(
    (key) => `| \`${COMMANDS[key].usage}\` | ${COMMAND_EFFECTS[key]} |`,
  );
  return ["| command | effect |", "|---|---|", ...rows].join("\n");
}
