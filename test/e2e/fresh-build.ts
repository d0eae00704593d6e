/**
 * The browser tests' global setup: builds the script-tag entry from src/ with the project's own rollup settings
 * into a temporary folder, so that the tests run what the sources say today, not whatever dist/ holds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rollup } from "rollup";
import { loadConfigFile } from "rollup/loadConfigFile";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The fresh script-tag build, served to the pages as /dist/crisp-segments.js. */
    sdkScript: string;
  }
}

const ENTRY = "src/script-tag.ts";

export default async function buildScriptTag(project: TestProject): Promise<() => void> {
  const { options } = await loadConfigFile(join(import.meta.dirname, "../../rollup.config.mjs"), {});
  const config = options.find((entry) => entry.input === ENTRY);
  const output = config?.output[0];
  if (!config || !output) throw new Error(`rollup.config.mjs has no build of ${ENTRY}`);
  const folder = mkdtempSync(join(tmpdir(), "crisp-segments-e2e-"));
  const file = join(folder, "crisp-segments.js");
  const bundle = await rollup({ ...config, onwarn: () => {} });
  try {
    await bundle.write({ ...output, file });
  } finally {
    await bundle.close();
  }
  project.provide("sdkScript", file);
  return () => rmSync(folder, { recursive: true, force: true });
}
