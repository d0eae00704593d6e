// Finds the Chromium the browser tests drive, and installs Debian's when it is missing and this machine can.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What to do about Chromium, from facts about the machine. Pure, so that a test can walk every case. */
export function chromiumPlan({ path, exists, isRoot, hasAptGet }) {
  if (exists) return { action: "use", path };
  if (path !== "/usr/bin/chromium") {
    return {
      action: "fail",
      message: `CHROMIUM_PATH is ${path}, and no file is there: point it at a Chromium binary.`,
    };
  }
  if (isRoot && hasAptGet) {
    return { action: "install", message: "Chromium is missing: installing Debian's chromium with apt-get (once)." };
  }
  const how = hasAptGet ? "`sudo apt-get install -y chromium`" : "your system's Chromium package";
  return {
    action: "fail",
    message: `The browser tests need Chromium at /usr/bin/chromium: install it with ${how}, or set CHROMIUM_PATH.`,
  };
}

/** Makes sure Chromium is there; returns an error message when it is not and could not be installed. */
export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  const plan = chromiumPlan({
    path,
    exists: existsSync(path),
    isRoot: process.getuid?.() === 0,
    hasAptGet: existsSync("/usr/bin/apt-get"),
  });
  if (plan.action === "use") return undefined;
  if (plan.action === "fail") return plan.message;
  console.log(plan.message);
  const log = join(tmpdir(), "crisp-segments-chromium-install.log");
  const output = [];
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const run = spawnSync("apt-get", args, {
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    output.push(run.stdout, run.stderr);
    if (run.status !== 0) {
      writeFileSync(log, output.join("\n"));
      return `apt-get ${args.join(" ")} failed (its output is in ${log}): install Chromium by hand, or set CHROMIUM_PATH.`;
    }
  }
  return existsSync(path) ? undefined : `apt-get installed chromium, but ${path} is still missing: set CHROMIUM_PATH.`;
}
