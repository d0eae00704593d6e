// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyChange,
  applyOperation,
  type Change,
  ChangeBuilder,
  compose,
  isEmptyChange,
  NO_CHANGE,
  type Operation,
} from "../../src/protocol/change";

// A small alphabet, so that adds, removes and replaces keep hitting the same segments.
const segment = fc.constantFrom("a", "b", "c", "d", "e", "f");
const segments = fc.uniqueArray(segment, { maxLength: 6 });
const list = segments;
const operation: fc.Arbitrary<Operation> = fc.record({
  kind: fc.constantFrom("add" as const, "remove" as const, "replace" as const),
  segments,
});
const operations = fc.array(operation, { maxLength: 12 });
const fold = (change: Change, op: Operation): Change => new ChangeBuilder(change).fold(op).build();
const foldAll = (ops: readonly Operation[], from: Change = NO_CHANGE): Change => ops.reduce(fold, from);
const applyAll = (start: readonly string[], ops: readonly Operation[]): string[] =>
  ops.reduce(applyOperation, start.slice());
const change = operations.map((ops) => foldAll(ops));

describe("folding", () => {
  it("applying the fold of any operations equals applying them one by one", () => {
    fc.assert(
      fc.property(list, operations, (start, ops) => {
        expect(applyChange(start, foldAll(ops))).toEqual(applyAll(start, ops));
      }),
      { numRuns: 2000 },
    );
  });

  it("re-folding later operations into a pending change equals applying all of them", () => {
    fc.assert(
      fc.property(list, operations, operations, (start, earlier, later) => {
        expect(applyChange(start, foldAll(later, foldAll(earlier)))).toEqual(applyAll(start, [...earlier, ...later]));
      }),
      { numRuns: 1000 },
    );
  });

  it("compose is associative and equals applying its parts in turn", () => {
    fc.assert(
      fc.property(list, change, change, change, (start, a, b, c) => {
        const left = applyChange(start, compose(compose(a, b), c));
        const right = applyChange(start, compose(a, compose(b, c)));
        expect(left).toEqual(right);
        expect(left).toEqual(applyChange(applyChange(applyChange(start, a), b), c));
      }),
      { numRuns: 2000 },
    );
  });

  it("remove x then add x moves x to the end", () => {
    const folded = foldAll([
      { kind: "remove", segments: ["x"] },
      { kind: "add", segments: ["x"] },
    ]);
    expect(applyChange(["x", "y", "z"], folded)).toEqual(["y", "z", "x"]);
    expect(applyChange(["y"], folded)).toEqual(["y", "x"]);
  });

  it("add x then remove x leaves x out, even when the list held it", () => {
    const folded = foldAll([
      { kind: "add", segments: ["x"] },
      { kind: "remove", segments: ["x"] },
    ]);
    expect(applyChange(["x", "y"], folded)).toEqual(["y"]);
  });

  it("after a replace, later operations edit the replacing list", () => {
    const folded = foldAll([
      { kind: "add", segments: ["old"] },
      { kind: "replace", segments: ["a", "b"] },
      { kind: "remove", segments: ["a"] },
      { kind: "add", segments: ["c"] },
    ]);
    expect(folded).toEqual({ overwrite: true, segments: ["b", "c"] });
    expect(applyChange(["anything", "old"], folded)).toEqual(["b", "c"]);
  });

  it("never mutates its arguments", () => {
    const pending: Change = { overwrite: false, segments: ["a"], remove: ["b"] };
    const snapshot = structuredClone(pending);
    const start = ["a", "b", "c"];
    fold(pending, { kind: "remove", segments: ["a"] });
    fold(pending, { kind: "add", segments: ["d"] });
    compose(pending, { overwrite: false, segments: ["b"], remove: ["a"] });
    applyChange(start, pending);
    expect(pending).toEqual(snapshot);
    expect(start).toEqual(["a", "b", "c"]);
  });

  it("knows the empty change", () => {
    expect(isEmptyChange(NO_CHANGE)).toBe(true);
    expect(isEmptyChange({ overwrite: true, segments: [] })).toBe(false); // clears the list
    expect(isEmptyChange(fold(NO_CHANGE, { kind: "remove", segments: ["a"] }))).toBe(false);
  });

  it("hands back fresh lists: changing a result changes no argument", () => {
    const start = ["a", "b"];
    const replacing: Change = { overwrite: true, segments: ["x", "y"] };
    const results = [
      applyChange(start, replacing),
      applyChange(start, { overwrite: false, segments: [], remove: [] }),
      compose(NO_CHANGE, replacing).segments,
      applyOperation(start, { kind: "add", segments: ["c"] }),
      applyOperation(start, { kind: "remove", segments: [] }),
      applyOperation(start, { kind: "replace", segments: start }),
    ];
    for (const result of results) result.push("changed");
    expect(start).toEqual(["a", "b"]);
    expect(replacing).toEqual({ overwrite: true, segments: ["x", "y"] });
  });
});

describe("ChangeBuilder", () => {
  it("is empty only while it would change nothing", () => {
    expect(new ChangeBuilder().empty).toBe(true);
    expect(new ChangeBuilder().fold({ kind: "add", segments: [] }).empty).toBe(true);
    expect(new ChangeBuilder().fold({ kind: "add", segments: ["a"] }).empty).toBe(false);
    expect(new ChangeBuilder().fold({ kind: "remove", segments: ["a"] }).empty).toBe(false);
    // Replacing with nothing clears the list: that is a change.
    expect(new ChangeBuilder().fold({ kind: "replace", segments: [] }).empty).toBe(false);
    expect(new ChangeBuilder({ overwrite: true, segments: [] }).empty).toBe(false);
  });

  it("builds the same change as folding one operation at a time", () => {
    const ops: Operation[] = [
      { kind: "add", segments: ["a", "b"] },
      { kind: "remove", segments: ["a", "c"] },
      { kind: "add", segments: ["c"] },
    ];
    const builder = new ChangeBuilder();
    for (const op of ops) builder.fold(op);
    expect(builder.build()).toEqual(foldAll(ops));
    expect(builder.build()).toEqual({ overwrite: false, segments: ["b", "c"], remove: ["a", "c"] });
  });
});
