import { type Rule } from "./rules.js";
export interface CheckOptions {
    /** The website's webhook endpoint ids; when given, an action naming any other endpoint is refused. */
    endpoints?: ReadonlySet<string>;
}
export type Checked<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    message: string;
};
/** A website's whole list of rules, in order; the messages' paths start at `rules`. */
export declare function checkRules(value: unknown, options?: CheckOptions): Checked<Rule[]>;
/** One rule alone (to create or replace it); the messages' paths start at its fields, e.g. `then[0].segments`. */
export declare function checkRule(value: unknown, options?: CheckOptions): Checked<Rule>;
