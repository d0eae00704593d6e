// @vitest-environment node
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { teamPaths } from "../../../src/server/team/team-paths";
import { webhookPaths } from "../../../src/server/team/webhook-paths";

const docs = readFileSync(join(import.meta.dirname, "../../../docs/rest-api.md"), "utf8");
const table = docs.slice(docs.indexOf("## Routes"), docs.indexOf("## Conversations"));

describe("docs/rest-api.md", () => {
  it.each(Object.entries({ ...teamPaths(""), ...webhookPaths("") }))(
    "lists the %s route in its table",
    (_name, path) => {
      const written = path
        .replace("/v1/website/:website/", "")
        .replace(":session", "{session_id}")
        .replace(":people", "{people_id}")
        .replace(":endpoint", "{endpoint_id}")
        .replace(":page", "{page}");
      expect(table).toMatch(new RegExp(`\\| \`${written.replaceAll(/[{}]/g, "\\$&")}\``));
    },
  );
});
