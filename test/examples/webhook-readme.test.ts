// @vitest-environment node
/**
 * The README's Webhooks steps, run: a secret made by its command, the receiver as a child process
 * (`node examples/webhook-receiver.mjs`), the demo from its environment line (in process, on the sources), a
 * change pushed as the script-tag page pushes it; the receiver prints the verified event.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RunningDemo } from "../../examples/demo-server.mjs";
import { startDemo } from "../../examples/demo-server.mjs";
import { settingsFromEnv } from "../../examples/demo-settings.mjs";
import { SESSION } from "../support/service";
import { waitFor } from "../support/wait";

vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const ROOT = join(import.meta.dirname, "../..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("### Webhooks"), readme.indexOf("\n## ", readme.indexOf("### Webhooks")));
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

let receiver: ChildProcess | undefined;
let demo: RunningDemo | undefined;
let folder: string | undefined;
afterEach(async () => {
  receiver?.kill();
  await demo?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Starts the receiver as the README does (on a free port rather than 8790); resolves its URL and its output. */
async function startReceiverProcess(command: string, secret: string) {
  const [program, ...args] = command.split(" ");
  receiver = spawn(program ?? "node", args, {
    cwd: ROOT,
    env: { ...process.env, SEGMENTS_WEBHOOK_SECRET: secret, RECEIVER_PORT: "0" },
  });
  const output = { text: "" };
  receiver.stdout?.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
  receiver.stderr?.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
  await waitFor(() => /listening on http:\/\/\S+/.test(output.text), 10_000);
  return { url: /listening on (http:\/\/\S+)/.exec(output.text)?.[1] ?? "", output };
}

describe("README: Webhooks", () => {
  it("runs as written: the receiver prints the verified event of a change made on the demo", {
    timeout: 30_000,
  }, async () => {
    const [secretStep, receiverStep] = (blocks[0] ?? "").trim().split("\n");
    const demoStep = (blocks[1] ?? "").trim();
    expect(receiverStep).toBe("node examples/webhook-receiver.mjs");
    const secret = execFileSync("bash", ["-c", `${secretStep}; printf %s "$SEGMENTS_WEBHOOK_SECRET"`]).toString();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const { url, output } = await startReceiverProcess(receiverStep ?? "", secret);
    const env = Object.fromEntries([...demoStep.matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1], match[2]]));
    expect(env).toEqual({ SEGMENTS_WEBHOOK_URL: "http://127.0.0.1:8790/" });
    folder = mkdtempSync(join(tmpdir(), "crisp-segments-webhook-readme-"));
    demo = await startDemo(
      settingsFromEnv({
        ...env,
        SEGMENTS_WEBHOOK_URL: url,
        SEGMENTS_WEBHOOK_SECRET: secret,
        PORT: "0",
        SEGMENTS_DATA_DIR: folder,
      }),
    );

    // What the script-tag page sends as it loads.
    const pushed = await fetch(`${demo.url}/v1/website/demo-website/session/${SESSION}/segments`, {
      method: "POST",
      headers: { Origin: demo.url },
      body: JSON.stringify({ revision: 1, overwrite: false, segments: ["script_tag_demo"] }),
    });
    expect(pushed.status).toBe(200);
    const line = `session:set_segments demo-website ${SESSION}: added ["script_tag_demo"], removed [], now ["script_tag_demo"]`;
    await waitFor(() => output.text.includes(line), 10_000);
    expect(output.text).not.toContain("refused");
  });
});
