/**
 * The folding algebra of PROTOCOL.md: operations on a session's list, and the single pending change that any run
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

/** Folds one more operation into a pending change. */
export function fold(change: Change, op: Operation): Change {
  switch (op.kind) {
    case "replace":
      return { overwrite: true, segments: appendMissing([], op.segments) };
    case "add":
      return change.overwrite
        ? { overwrite: true, segments: appendMissing(change.segments, op.segments) }
        : { overwrite: false, segments: appendMissing(change.segments, op.segments), remove: change.remove };
    case "remove":
      return change.overwrite
        ? { overwrite: true, segments: without(change.segments, op.segments) }
        : {
            overwrite: false,
            segments: without(change.segments, op.segments),
            remove: appendMissing(change.remove, op.segments),
          };
  }
}

/** Folds a later change into an earlier one: applying the result equals applying `first`, then `second`. */
export function compose(first: Change, second: Change): Change {
  if (second.overwrite) return { overwrite: true, segments: second.segments.slice() };
  const removed = fold(first, { kind: "remove", segments: second.remove });
  return fold(removed, { kind: "add", segments: second.segments });
}

/** Applies a change to a list: the service's rule, and the SDK's local view. */
export function applyChange(list: readonly string[], change: Change): string[] {
  if (change.overwrite) return change.segments.slice();
  return appendMissing(without(list, change.remove), change.segments);
}

/** Applies a single operation to a list, the reference the folding is checked against. */
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
