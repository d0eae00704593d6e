/**
 * The one definition of the commands `$crisp.push` accepts. The `Command` type is the public type, `COMMANDS`
 * (checked against it by the compiler: one row per command) gives the runtime parser and the README's table.
 */
import type { Operation } from "./change.js";
import type { CrispError } from "./errors.js";
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
export declare const EVENT_NAMES: readonly EventName[];
export type Command = ["set", "session:segments", [segments: string[], overwrite?: boolean]] | ["do", "session:segments:remove", [segments: string[]]] | ["do", "session:reset"] | {
    [E in EventName]: ["on", E, Listener<E>];
}[EventName] | {
    [E in EventName]: ["off", E, Listener<E>?];
}[EventName] | ["safe", boolean?];
/** What a valid command asks the SDK to do. */
export type Action = {
    type: "operation";
    operation: Operation;
} | {
    type: "reset";
} | {
    type: "on";
    event: EventName;
    listener: AnyListener;
} | {
    type: "off";
    event: EventName;
    listener?: AnyListener;
} | {
    type: "safe";
    enabled: boolean;
};
export type ParsedCommand = {
    ok: true;
    action: Action;
} | {
    ok: false;
    error: CrispError;
};
type KeyOf<C> = C extends ["on" | "off" | "safe", ...unknown[]] ? C[0] : C extends [infer V extends string, infer M extends string, ...unknown[]] ? `${V} ${M}` : never;
export type CommandKey = KeyOf<Command>;
interface CommandDefinition {
    usage: string;
    parse(command: readonly unknown[]): ParsedCommand;
}
export declare const COMMANDS: {
    [K in CommandKey]: CommandDefinition;
};
/** Turns anything pushed into an action, or the one error that says why it was refused. */
export declare function parseCommand(command: unknown): ParsedCommand;
/** What each command does, for the README's table; apart from the parser so that the bundle leaves it out. */
export declare const COMMAND_EFFECTS: {
    [K in CommandKey]: string;
};
/** The README's command table, made from the definitions above. */
export declare function commandTable(): string;
export {};
