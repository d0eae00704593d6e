// @vitest-environment node
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegmentsApi, SegmentsApiError } from "../../src/api";
import { OPERATOR, startService } from "../support/api-service";

const IMPORT = 'import { createSegmentsApi, SegmentsApiError } from "crisp-segments/api";\n';
type Example = (...args: unknown[]) => Promise<void>;
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => Example;

/** The README's "Backend client" example, as written. */
function example(): string {
  const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.split("\n## Backend client\n")[1] ?? "";
  return section.split("```js\n")[1]?.split("```")[0] ?? "";
}

let service: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

describe("README", () => {
  it("runs the Backend client example as written, twice, against the service", async () => {
    const code = example();
    expect(code.startsWith(IMPORT)).toBe(true);
    // Its one import is the entry's; the demo's URL becomes this service's.
    const body = code.slice(IMPORT.length).replace('"http://127.0.0.1:8787"', JSON.stringify(service.url));
    const run = new AsyncFunction("createSegmentsApi", "SegmentsApiError", "process", "console", body);
    const logged: unknown[][] = [];
    const env = { SEGMENTS_OPERATOR_IDENTIFIER: OPERATOR.identifier, SEGMENTS_OPERATOR_KEY: OPERATOR.key };
    const console = { log: (...args: unknown[]) => logged.push(args) };
    await run(createSegmentsApi, SegmentsApiError, { env }, console);
    await run(createSegmentsApi, SegmentsApiError, { env }, console);
    const once = [[["lead", "pricing"]], ["ann@example.com", ["newsletter"]]];
    expect(logged).toEqual([...once, ...once]);
  });
});
