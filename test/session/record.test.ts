// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChange, type Change } from "../../src/protocol/change";
import {
  acknowledge,
  afterLoadRead,
  bodyBytes,
  dropSent,
  hasWork,
  isChange,
  mergeEntry,
  NEW_RECORD,
  nextSend,
  parseRecord,
  recordView,
  type SessionRecord,
  splitChange,
  withOpen,
} from "../../src/session/record";

const LIMIT = 16 * 1024 - 64;
const NOW = 1_700_000_000_000;
const add = (...segments: string[]): Change => ({ overwrite: false, segments, remove: [] });
const remove = (...segments: string[]): Change => ({ overwrite: false, segments: [], remove: segments });
const record = (fields: Partial<SessionRecord>): SessionRecord => ({ ...NEW_RECORD, ...fields });

describe("session record", () => {
  it("nextSend freezes the open change into sent, under a revision above both the last and the acked one", () => {
    for (const [revision, ackedRevision] of [
      [3, 7],
      [9, 2],
      [0, 0],
    ] as const) {
      const before = withOpen(record({ revision, ackedRevision, acked: ["x"] }), add("a"));
      const next = nextSend(before, LIMIT, 0);
      expect(next).not.toBeNull();
      if (!next) return;
      expect(next.revision).toBe(Math.max(revision, ackedRevision) + 1);
      expect(next.change).toEqual(add("a"));
      expect(next.record).toMatchObject({ sent: add("a"), open: null, revision: next.revision });
      // The view is unchanged by freezing.
      expect(recordView(next.record)).toEqual(["x", "a"]);
    }
    expect(nextSend(NEW_RECORD, LIMIT, 0)).toBeNull();
  });

  it("a new revision is at least the time in ms, so that a lost record cannot reuse one the service took", () => {
    expect(nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, NOW)!.revision).toBe(NOW);
    expect(nextSend(withOpen(record({ revision: NOW + 5 }), add("a")), LIMIT, NOW)!.revision).toBe(NOW + 6);
    expect(nextSend(withOpen(record({ ackedRevision: NOW + 9 }), add("a")), LIMIT, NOW)!.revision).toBe(NOW + 10);
  });

  it("while a change is sent, nextSend repeats it with the same revision", () => {
    const frozen = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, 0)!;
    const later = withOpen(frozen.record, add("b"));
    const again = nextSend(later, LIMIT, 0)!;
    expect(again.revision).toBe(frozen.revision);
    expect(again.change).toEqual(add("a"));
  });

  it("commands after freezing go to a new open change, never into the sent one", () => {
    const frozen = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, 0)!.record;
    const later = withOpen(withOpen(frozen, remove("a")), add("a", "b"));
    expect(later.sent).toEqual(add("a"));
    expect(later.open).toEqual({ overwrite: false, segments: ["a", "b"], remove: ["a"] });
    expect(recordView(later)).toEqual(["a", "b"]);
  });

  it("acknowledging the sent revision clears it, keeps the open change and stores the service's list", () => {
    const frozen = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, 0)!;
    const withMore = withOpen(frozen.record, add("b"));
    const acked = acknowledge(withMore, frozen.revision, { segments: ["op", "a"], revision: frozen.revision }, NOW);
    expect(acked).toMatchObject({ sent: null, open: add("b"), acked: ["op", "a"], ackedRevision: frozen.revision });
    expect(hasWork(acked)).toBe(true);
    expect(recordView(acked)).toEqual(["op", "a", "b"]);
    const next = nextSend(acked, LIMIT, 0)!;
    expect(next.revision).toBe(frozen.revision + 1);
  });

  it("an answer for another revision does not clear the sent change", () => {
    const frozen = nextSend(withOpen(record({ revision: 4 }), add("a")), LIMIT, 0)!;
    const acked = acknowledge(frozen.record, 4, { segments: ["z"], revision: 4 }, NOW);
    expect(acked.sent).toEqual(add("a"));
    expect(acked.acked).toEqual(["z"]);
  });

  it("a stale answer whose revision is ahead of ours gives the same change a higher revision", () => {
    // Our counter was lost (storage wiped): we sent revision 1, the service is at 7.
    const frozen = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, 0)!;
    expect(frozen.revision).toBe(1);
    const answered = acknowledge(frozen.record, 1, { segments: ["old"], revision: 7 }, NOW);
    expect(answered.sent).toEqual(add("a"));
    const retry = nextSend(answered, LIMIT, 0)!;
    expect(retry.change).toEqual(add("a"));
    expect(retry.revision).toBeGreaterThan(7);
  });

  it("afterLoadRead() drops a sent change the service already applied, and keeps one it did not", () => {
    const frozen = nextSend(withOpen(record({ revision: 4 }), add("a")), LIMIT, 0)!; // revision 5
    const applied = afterLoadRead(frozen.record, { segments: ["a"], revision: 5 }, NOW);
    expect(applied.sent).toBeNull();
    expect(applied.acked).toEqual(["a"]);
    expect(afterLoadRead(frozen.record, { segments: ["a", "x"], revision: 6 }, NOW).sent).toBeNull();
    const notApplied = afterLoadRead(frozen.record, { segments: ["x"], revision: 4 }, NOW);
    expect(notApplied.sent).toEqual(add("a"));
    expect(nextSend(notApplied, LIMIT, 0)!.revision).toBe(5);
    expect(recordView(notApplied)).toEqual(["x", "a"]);
  });

  it("afterLoadRead() raises the revision counter to the service's", () => {
    const next = afterLoadRead(withOpen(NEW_RECORD, add("a")), { segments: [], revision: 12 }, NOW);
    expect(nextSend(next, LIMIT, 0)!.revision).toBe(13);
  });

  it("an answer that arrives after a newer one (out of order) changes nothing the newer one told", () => {
    const first = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, NOW);
    const firstState = { segments: ["a"], revision: first!.revision };
    const heardFirst = acknowledge(first!.record, first!.revision, firstState, NOW + 1);
    const second = nextSend(withOpen(heardFirst, add("b")), LIMIT, NOW + 2);
    const secondState = { segments: ["a", "b"], revision: second!.revision };
    const heardSecond = acknowledge(second!.record, second!.revision, secondState, NOW + 3);
    expect(heardSecond).toMatchObject({ acked: ["a", "b"], ackedRevision: second!.revision, sent: null });
    // The first request's answer (an exit send, say) arrives last, and so does the load's read of the older state.
    expect(acknowledge(heardSecond, first!.revision, firstState, NOW + 4)).toEqual(heardSecond);
    expect(afterLoadRead(heardSecond, firstState, NOW + 4)).toEqual(heardSecond);
    expect(
      recordView(afterLoadRead(acknowledge(heardSecond, first!.revision, firstState, NOW + 4), firstState, NOW + 5)),
    ).toEqual(["a", "b"]);
  });

  it("a late read of an older state keeps the sent change and its revision", () => {
    const sent = nextSend(withOpen(record({ acked: ["x"], ackedRevision: 9, revision: 9 }), add("a")), LIMIT, 0);
    const late = afterLoadRead(sent!.record, { segments: [], revision: 3 }, NOW);
    expect(late).toEqual(sent!.record);
  });

  it("remembers when the service's list was heard", () => {
    const frozen = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, 0)!;
    expect(acknowledge(frozen.record, frozen.revision, { segments: ["a"], revision: 1 }, NOW).ackedAt).toBe(NOW);
    expect(afterLoadRead(NEW_RECORD, { segments: [], revision: 0 }, NOW + 1).ackedAt).toBe(NOW + 1);
  });

  it("folds each tab's outbox entry in once, and only entries newer than the last folded", () => {
    const once = mergeEntry(NEW_RECORD, "tab1", 5, { overwrite: false, segments: ["x"], remove: ["x"] });
    const twice = mergeEntry(once, "tab1", 5, { overwrite: false, segments: ["x"], remove: ["x"] });
    expect(twice).toBe(once);
    expect(mergeEntry(once, "tab1", 4, add("old"))).toBe(once);
    const other = mergeEntry(once, "tab2", 1, add("y"));
    expect(recordView({ ...other, acked: ["x", "z"] })).toEqual(["z", "x", "y"]);
    expect(other.merged).toEqual({ tab1: 5, tab2: 1 });
  });

  it("dropSent drops only the refused revision", () => {
    const frozen = nextSend(withOpen(NEW_RECORD, add("a")), LIMIT, 0)!;
    const withMore = withOpen(frozen.record, add("b"));
    const why = { status: 400, reason: "invalid_segments", message: "refused" };
    expect(dropSent(withMore, frozen.revision + 1, why)).toBe(withMore);
    expect(dropSent(withMore, frozen.revision, why)).toMatchObject({
      sent: null,
      open: add("b"),
      refusal: { revision: frozen.revision, ...why },
    });
  });
});

describe("session record: edges a user would notice", () => {
  it("an empty change is no work: nothing is sent for it", () => {
    expect(withOpen(NEW_RECORD, add())).toBe(NEW_RECORD);
    expect(hasWork(withOpen(NEW_RECORD, add()))).toBe(false);
    expect(nextSend(withOpen(NEW_RECORD, add()), LIMIT, NOW)).toBeNull();
    const pending = withOpen(NEW_RECORD, add("a"));
    expect(withOpen(pending, remove())).toBe(pending);
  });

  it("a change whose body is exactly the limit goes in one request", () => {
    const whole = add("a", "b", "c");
    const exact = bodyBytes(NOW, whole);
    const next = nextSend(withOpen(NEW_RECORD, whole), exact, NOW)!;
    expect(next.revision).toBe(NOW);
    expect(next.change).toEqual(whole);
    expect(next.record.open).toBeNull();
    // One byte less, and it takes two.
    expect(nextSend(withOpen(NEW_RECORD, whole), exact - 1, NOW)!.record.open).not.toBeNull();
  });

  it("an answer at the revision already heard still brings the operators' edits", () => {
    // Operators' edits change the list, never the revision: a repeat answered at the same revision carries them.
    const heard = record({ acked: ["lead"], ackedRevision: 5, revision: 5, ackedAt: NOW });
    const answered = acknowledge(heard, 5, { segments: ["lead", "vip"], revision: 5 }, NOW + 1);
    expect(answered).toMatchObject({ acked: ["lead", "vip"], ackedRevision: 5, ackedAt: NOW + 1 });
    expect(recordView(answered)).toEqual(["lead", "vip"]);
  });
});

describe("splitting a change to the body limit", () => {
  // 64 code points, most of them 4-byte emoji.
  const emojiSegment = (index: number): string => `${index}${"😀".repeat(64 - `${index}`.length)}`;

  it("splits 100 segments of 64 emoji into parts that each fit and add up to the whole", () => {
    const segments = Array.from({ length: 100 }, (_, index) => emojiSegment(index));
    const whole = add(...segments);
    expect(bodyBytes(1, whole)).toBeGreaterThan(LIMIT);
    let pending: SessionRecord = withOpen(record({ acked: ["keep"] }), whole);
    let list = ["keep"];
    let parts = 0;
    for (let next = nextSend(pending, LIMIT, 0); next; next = nextSend(pending, LIMIT, 0)) {
      expect(bodyBytes(next.revision, next.change)).toBeLessThanOrEqual(LIMIT);
      list = applyChange(list, next.change);
      pending = acknowledge(next.record, next.revision, { segments: list, revision: next.revision }, NOW);
      parts++;
    }
    expect([...segments[0]!].length).toBe(64);
    // As few requests as can be: the whole is over the limit, and each part is the largest that fits.
    expect(parts).toBe(2);
    expect(list).toEqual(applyChange(["keep"], whole));
  });

  it("any change splits into parts that fit and whose application in turn equals the whole", () => {
    const segment = fc.oneof(fc.integer({ min: 0, max: 150 }).map(emojiSegment), fc.constantFrom("a", "b", "c"));
    const list = fc.uniqueArray(segment, { maxLength: 100 });
    // Removals mostly of segments the list holds, so that a lost or misplaced removal shows.
    const startAndChange = list.chain((start) => {
      const removal = fc
        .tuple(fc.shuffledSubarray(start), list)
        .map(([held, other]) => [...new Set([...held, ...other])]);
      const change: fc.Arbitrary<Change> = fc.oneof(
        list.map((segments): Change => ({ overwrite: true, segments })),
        fc.record({ overwrite: fc.constant(false as const), segments: list, remove: removal }),
      );
      return fc.tuple(fc.constant(start), change);
    });
    const limit = fc.oneof(fc.integer({ min: 600, max: 2_000 }), fc.integer({ min: 2_000, max: 20_000 }));
    fc.assert(
      fc.property(startAndChange, limit, ([start, whole], max) => {
        const fits = (part: Change): boolean => bodyBytes(1, part) <= max;
        let list = start;
        let rest: Change | null = whole;
        let parts = 0;
        while (rest) {
          const [first, remaining]: [Change, Change | null] = splitChange(rest, fits);
          expect(fits(first)).toBe(true);
          list = applyChange(list, first);
          rest = remaining;
          parts++;
          expect(parts).toBeLessThanOrEqual(401);
        }
        expect(list).toEqual(applyChange(start, whole));
      }),
      { numRuns: 300 },
    );
  });
});

describe("parsing a stored record", () => {
  it("round-trips a record", () => {
    const frozen = nextSend(
      withOpen(record({ acked: ["a"], ackedRevision: 2, revision: 2 }), add("b")),
      LIMIT,
      0,
    )!.record;
    const stored = withOpen(frozen, { overwrite: true, segments: ["c"] });
    expect(parseRecord(JSON.stringify(stored))).toEqual(stored);
  });

  it.each([
    ["nothing", null],
    ["empty text", ""],
    ["broken JSON", '{"acked": ['],
    ["JSON null", "null"],
    ["a number", "42"],
    ["an array", "[1,2]"],
    ["a foreign object", '{"hello":"world"}'],
    ["a negative revision", JSON.stringify({ ...NEW_RECORD, revision: -1 })],
    ["a bad acked list", JSON.stringify({ ...NEW_RECORD, acked: "a" })],
    ["a bad change", JSON.stringify({ ...NEW_RECORD, open: { overwrite: "no", segments: [] } })],
    [
      "a change with control characters",
      JSON.stringify({ ...NEW_RECORD, sent: { overwrite: true, segments: ["a\u0000"] } }),
    ],
  ])("gives a fresh record for %s", (_name, text) => {
    const parsed = parseRecord(text);
    expect(parsed).toEqual(NEW_RECORD);
    expect(hasWork(parsed)).toBe(false);
  });
});

describe("reading back what storage holds", () => {
  const pending = (): SessionRecord => {
    const sent = nextSend(withOpen(record({ acked: ["a"], ackedRevision: 2, revision: 2 }), add("b")), LIMIT, 0)!;
    return withOpen(sent.record, remove("a"));
  };
  const refusal = {
    revision: 3,
    status: 400,
    reason: "invalid_segments",
    message: "refused",
    from: { tab1: 1 },
    to: { tab1: 2 },
  };

  it.each([
    ["a negative retry time", { retryAt: -1 }],
    ["a fractional retry time", { retryAt: 1.5 }],
    ["a retry time as text", { retryAt: "5" }],
    ["an unsafe time", { ackedAt: 2 ** 53 }],
    ["merge marks as an array", { merged: [] }],
    ["a negative merge mark", { merged: { tab1: -1 } }],
    ["a fractional merge mark", { merged: { tab1: 1.5 } }],
    ["a merge mark as text", { merged: { tab1: "3" } }],
    ["a sent change that is a number", { sent: 5 }],
    ["an open change whose overwrite is no boolean", { open: { overwrite: "no", segments: [], remove: [] } }],
    ["an open change whose removals are no list", { open: { overwrite: false, segments: ["a"], remove: "a" } }],
  ])("gives a fresh record for %s", (_name, fields) => {
    expect(parseRecord(JSON.stringify({ ...pending(), ...fields }))).toEqual(NEW_RECORD);
  });

  it("keeps the pending change of a record stored before refusals and sent marks were kept", () => {
    const { refusal: _refusal, sentFrom: _from, sentTo: _to, ...older } = pending();
    expect(parseRecord(JSON.stringify(older))).toEqual({ ...pending(), refusal: null, sentFrom: {}, sentTo: {} });
    const named = { ...older, sentMarks: { tab1: 4 } };
    expect(parseRecord(JSON.stringify(named)).sentTo).toEqual({ tab1: 4 });
  });

  it.each([
    ["a number", 5],
    ["null", null],
    ["an array", []],
    ["a negative mark", { tab1: -1 }],
  ])("reads sent marks that are %s as none, and keeps the pending change", (_name, marks) => {
    const parsed = parseRecord(JSON.stringify({ ...pending(), sentFrom: marks, sentTo: marks }));
    expect(parsed).toEqual({ ...pending(), sentFrom: {}, sentTo: {} });
  });

  it("round-trips a refusal", () => {
    expect(parseRecord(JSON.stringify({ ...pending(), refusal })).refusal).toEqual(refusal);
  });

  it.each([
    ["a number", 5],
    ["a negative revision", { ...refusal, revision: -1 }],
    ["a status as text", { ...refusal, status: "400" }],
    ["a reason that is no text", { ...refusal, reason: 400 }],
    ["no message", { ...refusal, message: null }],
    ["tabs' marks as an array", { ...refusal, from: [] }],
    ["a bad tab mark", { ...refusal, to: { tab1: "2" } }],
  ])("reads a refusal that is %s as none, and keeps the pending change", (_name, corrupted) => {
    expect(parseRecord(JSON.stringify({ ...pending(), refusal: corrupted }))).toEqual(pending());
  });

  // An outbox entry read back from storage may hold anything; one bad entry must not throw the others away.
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 5],
    ["text", "add a"],
    ["an array", ["a"]],
    ["an empty object", {}],
    ["an overwrite that is no boolean", { overwrite: "yes", segments: ["a"], remove: [] }],
  ])("isChange refuses %s without throwing", (_name, value) => {
    expect(isChange(value)).toBe(false);
  });

  it("isChange accepts the two shapes of a change", () => {
    expect(isChange(add("a"))).toBe(true);
    expect(isChange(remove("a"))).toBe(true);
    expect(isChange({ overwrite: true, segments: ["a"] })).toBe(true);
  });
});
