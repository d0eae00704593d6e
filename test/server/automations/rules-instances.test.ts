// @vitest-environment node
// biome-ignore-all lint/suspicious/noThenProperty: rules are "when … then …" on the wire; `then` is an array, never called
/**
 * Rules edited through one store object run in another on the same database: two SQLite store objects on one
 * file (as two processes would be) at once, two PostgreSQL instances once the notice arrives (skipped with a
 * notice when PostgreSQL is unreachable). Deleting them stops them the same way.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Rule } from "../../../src/server/automations/rules";
import { createSqliteStore } from "../../../src/server/storage/sqlite-store";
import { postgresReachable, postgresStore, testSchema } from "../../support/postgres";
import { SESSION, WEBSITE } from "../../support/service";
import { waitFor } from "../../support/wait";
import { tempFolder } from "../storage/store-factories";

const TRIAGE: Rule = {
  id: "triage",
  enabled: true,
  when: { on: "segment_added", segment: "bug" },
  then: [{ do: "add_segments", segments: ["needs_triage"] }],
};
const add = (...segments: string[]) => ({ overwrite: false as const, segments, remove: [] });
const replace = (...segments: string[]) => ({ overwrite: true as const, segments });

describe("rules across store objects", () => {
  it("SQLite: a second store on the file runs the rules the first stored, at its next write", async () => {
    const filename = join(tempFolder(), "segments.db");
    const [first, second] = [createSqliteStore({ filename }), createSqliteStore({ filename })];
    try {
      await first.editRules(WEBSITE, () => ({ result: undefined, rules: [TRIAGE] }));
      expect((await second.applyChange(WEBSITE, SESSION, 1, add("bug"))).segments).toEqual(["bug", "needs_triage"]);
      await first.editRules(WEBSITE, () => ({ result: undefined, rules: [] }));
      await second.edit(WEBSITE, SESSION, replace());
      expect((await second.edit(WEBSITE, SESSION, add("bug"))).segments).toEqual(["bug"]);
    } finally {
      first.close();
      second.close();
    }
  });

  it.skipIf(!postgresReachable)(
    "PostgreSQL: another instance runs the rules once told, and stops once told",
    async () => {
      const schema = testSchema();
      const [first, second] = [await postgresStore(schema), await postgresStore(schema)];
      await first.editRules(WEBSITE, () => ({ result: undefined, rules: [TRIAGE] }));
      let revision = 0;
      const segmentsAfterAdding = async () => {
        await second.edit(WEBSITE, SESSION, replace());
        return (await second.applyChange(WEBSITE, SESSION, ++revision, add("bug"))).segments;
      };
      await waitFor(async () => (await segmentsAfterAdding()).includes("needs_triage"));
      await first.editRules(WEBSITE, () => ({ result: undefined, rules: [] }));
      await waitFor(async () => !(await segmentsAfterAdding()).includes("needs_triage"));
      expect(await second.get(WEBSITE, SESSION)).toEqual({ segments: ["bug"], revision });
    },
  );
});
