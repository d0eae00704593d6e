import { describe, expect, it } from "vitest";
import { groupCommit, type Outcome } from "../../../src/server/storage/group-commit";

describe("group commit", () => {
  it("commits the writes of one turn of the event loop together, in the order they came", async () => {
    const commits: number[][] = [];
    const commit = groupCommit((jobs: readonly number[]) => {
      commits.push([...jobs]);
      return jobs.map((job): Outcome<number> => ({ ok: true, value: job * 10 }));
    });
    const first = await Promise.all([commit(1), commit(2), commit(3)]);
    const later = await commit(4);
    expect(first).toEqual([10, 20, 30]);
    expect(later).toBe(40);
    expect(commits).toEqual([[1, 2, 3], [4]]);
  });

  it("fails only the write whose own job failed", async () => {
    const commit = groupCommit((jobs: readonly number[]) =>
      jobs.map(
        (job): Outcome<number> => (job === 2 ? { ok: false, error: new Error("bad") } : { ok: true, value: job }),
      ),
    );
    const results = await Promise.allSettled([commit(1), commit(2), commit(3)]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("fails every write of a group whose commit failed, and commits the next group", async () => {
    let calls = 0;
    const commit = groupCommit((jobs: readonly number[]) => {
      calls += 1;
      if (calls === 1) throw new Error("database is locked");
      return jobs.map((job): Outcome<number> => ({ ok: true, value: job }));
    });
    const failed = await Promise.allSettled([commit(1), commit(2)]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    await expect(commit(3)).resolves.toBe(3);
  });
});
