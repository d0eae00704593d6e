// @vitest-environment node
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { startDemo } from "../../examples/demo-server.mjs";
import { commandTable } from "../../src/protocol/commands";

// The demo runs on the built bundle; here it runs on the sources, so no build is needed to test it.
vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");

describe("README", () => {
  it("shows the command table made from the command definitions", () => {
    expect(readme).toContain(commandTable());
  });

  it("has a REST API curl example that runs against the demo as written (its port aside)", async () => {
    const example = readme.match(/```sh\n(AUTH=\$\(node [\s\S]*?)```/)?.[1];
    expect(example, "the REST API section's sh block").toBeDefined();
    // The example's folder is the project's: a data/ folder where the demo keeps its operator key pair.
    const folder = mkdtempSync(join(tmpdir(), "crisp-segments-readme-"));
    const demo = await startDemo({ port: 0, dataDir: join(folder, "data"), store: "memory" });
    try {
      const script = (example ?? "").replaceAll("127.0.0.1:8787", `127.0.0.1:${demo.port}`);
      const { stdout } = await promisify(execFile)("bash", ["-e", "-c", script], { cwd: folder });
      const [patched, listed] = stdout.split(/(?<=\})(?=\{"error")/).map((text) => JSON.parse(text));
      expect(patched).toEqual({ error: false, reason: "updated", data: {} });
      expect(listed).toMatchObject({
        error: false,
        data: [{ segments: ["lead", "vip"], meta: { nickname: "Jane", segments: ["lead", "vip"] } }],
      });
    } finally {
      await demo.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
