/**
 * The folding algebra of docs/protocol.md: operations on a session's list, and the single pending change that any run
 * of them folds into. Pure functions over plain arrays; nothing here mutates its arguments.
 */

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

function appendMissing(list: readonly string[], extra: readonly string[]): string[] {
  const held = new Set(list);
  const out = list.slice();
  for (const segment of extra) {
    if (!held.has(segment)) {
      held.add(segment);
      out.push(segment);
    }
  }
  return out;
}

function without(list: readonly string[], dropped: readonly string[]): string[] {
  if (dropped.length === 0) return list.slice();
  const drop = new Set(dropped);
  return list.filter((segment) => !drop.has(segment));
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

  apply(op: Operation): this {
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

/** Folds one more operation into a pending change. */
export function fold(change: Change, op: Operation): Change {
  return new ChangeBuilder(change).apply(op).build();
}

/** Folds a later change into an earlier one: applying the result equals applying `first`, then `second`. */
export function compose(first: Change, second: Change): Change {
  if (second.overwrite) return { overwrite: true, segments: second.segments.slice() };
  return new ChangeBuilder(first)
    .apply({ kind: "remove", segments: second.remove })
    .apply({ kind: "add", segments: second.segments })
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

/** Applies a single operation to a list: the plain reference, written apart, that folding is checked against. */
export function applyOperation(list: readonly string[], op: Operation): string[] {
  switch (op.kind) {
    case "replace":
      return appendMissing([], op.segments);
    case "add":
      return appendMissing(list, op.segments);
    case "remove":
      return without(list, op.segments);
  }
}
