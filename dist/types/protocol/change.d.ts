/**
 * The folding algebra of docs/protocol.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions; only `applyInPlace` changes what it is given, the set it applies to, so
 * that a command costs the size of its own list.
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
    fold(op: Operation): this;
    get empty(): boolean;
    build(): Change;
}
/** Folds a later change into an earlier one: applying the result equals applying `first`, then `second`. */
export declare function compose(first: Change, second: Change): Change;
/** Applies a change to a list: the service's rule, and the SDK's local view. */
export declare function applyChange(list: readonly string[], change: Change): string[];
/**
 * Applies an operation to a list held as an ordered set, in place: the one rule for add, remove and replace, and
 * the cap. False, with nothing changed, when the list would hold more than `max` segments.
 */
export declare function applyInPlace(list: Set<string>, op: Operation, max?: number): boolean;
/** The same rule on a plain list, with no cap: a new list. */
export declare function applyOperation(list: readonly string[], op: Operation): string[];
