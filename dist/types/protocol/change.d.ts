/**
 * The folding algebra of PROTOCOL.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions over plain arrays; nothing here mutates its arguments.
 */
export type Operation = {
    kind: "add";
    segments: readonly string[];
} | {
    kind: "remove";
    segments: readonly string[];
} | {
    kind: "replace";
    segments: readonly string[];
};
/** One pending change, as sent on the wire. */
export type Change = {
    overwrite: true;
    segments: string[];
} | {
    overwrite: false;
    segments: string[];
    remove: string[];
};
export declare const NO_CHANGE: Change;
export declare function isEmptyChange(change: Change): boolean;
/**
 * Folds operations into a change in place: each operation costs the size of its own list, however large the
 * change has grown (a `Set` keeps insertion order, which is the order the protocol wants).
 */
export declare class ChangeBuilder {
    #private;
    constructor(start?: Change);
    apply(op: Operation): this;
    get empty(): boolean;
    build(): Change;
}
/** Folds one more operation into a pending change. */
export declare function fold(change: Change, op: Operation): Change;
/** Folds a later change into an earlier one: applying the result equals applying `first`, then `second`. */
export declare function compose(first: Change, second: Change): Change;
/** Applies a change to a list: the service's rule, and the SDK's local view. */
export declare function applyChange(list: readonly string[], change: Change): string[];
/** Applies a single operation to a list: the plain reference, written apart, that folding is checked against. */
export declare function applyOperation(list: readonly string[], op: Operation): string[];
