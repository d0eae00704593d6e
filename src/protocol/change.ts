/**
 * The folding algebra of docs/protocol.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions; only `applyInPlace` changes what it is given, the set it applies to, so
 * that a command costs the size of its own list.
 */

import { MAX_SEGMENTS } from "./segments.js";

export type Operation =
  | { kind: "add"; segments: readonly string[] }
  | { kind: "remove"; segments: readonly string[] }
  | { kind: "replace"; segments: readonly string[] };

/** One pending change, as sent on the wire. */
export type Change =
  | { overwrite: true; segments: string[] }
  | { overwrite: false; segments: string[]; remove: string[] };

export const NO_CHANGE: Change = { overwrite: false, segments: [], remove: [] };

export function isEmptyChange(change: Change): boolean {
  return !change.overwrite && change.segments.length === 0 && change.remove.length === 0;
}

/**
 * Folds operations into a change in place: each operation costs the size of its own list, however large the
 * change has grown (a `Set` keeps insertion order, which is the order the protocol wants).
 */
export class ChangeBuilder {
  #overwrite: boolean;
  #segments: Set<string>;
  #remove: Set<string>;

  constructor(start: Change = NO_CHANGE) {
    this.#overwrite = start.overwrite;
    this.#segments = new Set(start.segments);
    this.#remove = new Set(start.overwrite ? [] : start.remove);
  }

  fold(op: Operation): this {
    switch (op.kind) {
      case "replace":
        this.#overwrite = true;
        this.#segments = new Set(op.segments);
        this.#remove.clear();
        break;
      case "add":
        for (const segment of op.segments) this.#segments.add(segment);
        break;
      case "remove":
        for (const segment of op.segments) {
          this.#segments.delete(segment);
          if (!this.#overwrite) this.#remove.add(segment);
        }
        break;
    }
    return this;
  }

  get empty(): boolean {
    return !this.#overwrite && this.#segments.size === 0 && this.#remove.size === 0;
  }

  build(): Change {
    return this.#overwrite
      ? { overwrite: true, segments: [...this.#segments] }
      : { overwrite: false, segments: [...this.#segments], remove: [...this.#remove] };
  }
}

/** Folds a later change into an earlier one: applying the result equals applying `first`, then `second`. */
export function compose(first: Change, second: Change): Change {
  if (second.overwrite) return { overwrite: true, segments: second.segments.slice() };
  return new ChangeBuilder(first)
    .fold({ kind: "remove", segments: second.remove })
    .fold({ kind: "add", segments: second.segments })
    .build();
}

/** Applies a change to a list: the service's rule, and the SDK's local view. */
export function applyChange(list: readonly string[], change: Change): string[] {
  if (change.overwrite) return change.segments.slice();
  const result = new Set(list);
  for (const segment of change.remove) result.delete(segment);
  for (const segment of change.segments) result.add(segment);
  return [...result];
}

/**
 * Applies an operation to a list held as an ordered set, in place: the one rule for add, remove and replace, and
 * the cap. False, with nothing changed, when the list would hold more than `max` segments.
 */
export function applyInPlace(list: Set<string>, op: Operation, max = MAX_SEGMENTS): boolean {
  switch (op.kind) {
    case "replace":
      if (op.segments.length > max) return false;
      list.clear();
      for (const segment of op.segments) list.add(segment);
      return true;
    case "add": {
      let added = 0;
      for (const segment of op.segments) if (!list.has(segment)) added++;
      if (list.size + added > max) return false;
      for (const segment of op.segments) list.add(segment);
      return true;
    }
    case "remove":
      for (const segment of op.segments) list.delete(segment);
      return true;
  }
}

/** The same rule on a plain list, with no cap: a new list. */
export function applyOperation(list: readonly string[], op: Operation): string[] {
  const set = new Set(list);
  applyInPlace(set, op, Number.POSITIVE_INFINITY);
  return [...set];
}
