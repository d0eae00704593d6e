// The cost of one $crisp.push in Chromium, against the same commands folded into a Set in the same page.

import { ALPHABET, COMMANDS, MAKE_COMMANDS } from "../commands.mjs";
import { openLoadedSdkPage } from "../page-server.mjs";
import { figure, group, row } from "../table.mjs";

/** Runs in the page: times the SDK and the floor over the same commands, in the order given. */
async function timeInPage({ source, count, alphabet, seed, sdkFirst }) {
  const make = (0, eval)(`(${source})`);
  const commands = make(count, seed, alphabet);
  const nextTask = () => new Promise((done) => setTimeout(done, 0));
  // Both loops end at the next task, so that work they queued as microtasks (the SDK's merge into storage, its
  // events) is counted too.
  const timeSdk = async () => {
    const start = performance.now();
    for (let i = 0; i < commands.length; i++) window.$crisp.push(commands[i]);
    await nextTask();
    return performance.now() - start;
  };
  // The floor: the same commands folded into a Set. Timed over 20 passes (one pass is about 1 ms, too close to
  // the clock's resolution), reported per pass.
  const timeSet = async () => {
    const passes = 20;
    let sink = 0;
    const start = performance.now();
    for (let pass = 0; pass < passes; pass++) {
      const set = new Set();
      for (let i = 0; i < commands.length; i++) {
        const command = commands[i];
        const names = command[2][0];
        if (command[0] === "set") for (let j = 0; j < names.length; j++) set.add(names[j]);
        else for (let j = 0; j < names.length; j++) set.delete(names[j]);
      }
      sink += set.size;
    }
    await nextTask();
    window.__sink = sink;
    return (performance.now() - start) / passes;
  };
  await nextTask();
  let sdkMs;
  let setMs;
  if (sdkFirst) {
    sdkMs = await timeSdk();
    setMs = await timeSet();
  } else {
    setMs = await timeSet();
    sdkMs = await timeSdk();
  }
  return { sdkMs, setMs, errors: window.__errors.slice(0, 3) };
}

async function run({ quick, browser, server }) {
  const runs = quick ? 2 : 5;
  const sdk = [];
  const floor = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openLoadedSdkPage(browser, server);
    const measured = await page.evaluate(timeInPage, {
      source: MAKE_COMMANDS,
      count: COMMANDS,
      alphabet: ALPHABET,
      seed: 1000 + run,
      sdkFirst: run % 2 === 0,
    });
    if (measured.errors.length > 0) throw new Error(`bench: the SDK refused commands: ${measured.errors.join("; ")}`);
    sdk.push((measured.sdkMs * 1e6) / COMMANDS);
    floor.push((measured.setMs * 1e6) / COMMANDS);
    await context.close();
  }
  const section = `$crisp.push, ${group(COMMANDS)} commands in one page (ns per command)`;
  row(
    section,
    "set/remove of 1–2 names from 50 (60/40), until the next task",
    figure(sdk),
    figure(floor),
    "ns",
    "same commands folded into a Set (add/delete), same page",
  );
}

export default { name: "push", browser: true, run };
